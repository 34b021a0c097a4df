import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerDimension } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { pagesWithChart } from '../src/discord/charts.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { dimensionChart } from '../src/render/chart/charts.ts';
import { requireDimension, suggestDimensionChoices } from '../src/kb/query.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('dimension', 'dimension'),
  ...descriptions('One dimension of the US–China AI balance: who leads, trend, indicators, outlook', 'Une dimension du rapport de force IA : qui mène, tendance, indicateurs, perspectives'),
  options: [
    { type: ApplicationCommandOptionType.String, ...names('name', 'nom'), ...descriptions('e.g. compute, talent, governance', 'par ex. calcul, talents, gouvernance'), required: true, autocomplete: true },
    privateOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const dimension: Command = {
  data,
  async execute(interaction, { kb, locale, log }) {
    const found = requireDimension(kb, interaction.options.getString('name', true));
    const pages = await pagesWithChart(answerDimension(kb, found.id, locale), dimensionChart(kb, found, locale), log);
    await replyWithPages(interaction, pages, { command: data.name, query: [found.id] }, locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestDimensionChoices(kb, interaction.options.getFocused(), locale));
  },
  async button(interaction, { kb, locale, log }, args) {
    const { page, query, owner } = readPageArgs(args, 1);
    const found = requireDimension(kb, query[0] ?? '');
    const pages = await pagesWithChart(answerDimension(kb, found.id, locale), dimensionChart(kb, found, locale), log);
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
};
