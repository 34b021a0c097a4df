import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerBalance, answerDimension } from '../src/answers.ts';
import { pagesWithChart } from '../src/discord/charts.ts';
import type { Command } from '../src/discord/command.ts';
import { encodeCustomId } from '../src/discord/custom-id.ts';
import { InvalidButtonError } from '../src/discord/invalid-button.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyPrivatelyWithPages, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { requireDimension } from '../src/kb/query.ts';
import { balanceChart, dimensionChart } from '../src/render/chart/charts.ts';
import { dimension } from './dimension.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('balance', 'rapport-de-force'),
  ...descriptions('The US–China AI balance at a glance, the US internal dynamics and the outlook', 'Le rapport de force IA États-Unis–Chine d’un coup d’œil, dynamiques internes et perspectives'),
  options: [privateOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** The custom id of the menu that opens a dimension. */
const DIMENSION = 'dimension';
const MENU_ID = encodeCustomId(data.name, [DIMENSION]);

export const balance: Command = {
  data,
  async execute(interaction, { kb, locale, log }) {
    const pages = await pagesWithChart(answerBalance(kb, locale, MENU_ID), balanceChart(kb, locale), log);
    await replyWithPages(interaction, pages, { command: data.name, query: [] }, locale);
  },
  async button(interaction, { kb, locale, log }, args) {
    const { page, query, owner } = readPageArgs(args, 0);
    const pages = await pagesWithChart(answerBalance(kb, locale, MENU_ID), balanceChart(kb, locale), log);
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
  async select(interaction, { kb, locale, log }, args) {
    if (args[0] !== DIMENSION) throw new InvalidButtonError(interaction.customId);
    // The dimension as /dimension gives it, chart included, the picker's own: its pages turn through /dimension's buttons.
    const found = requireDimension(kb, interaction.values[0] ?? '');
    const pages = await pagesWithChart(answerDimension(kb, found.id, locale), dimensionChart(kb, found, locale), log);
    await replyPrivatelyWithPages(interaction, pages, 0, { command: dimension.data.name, query: [found.id] }, locale);
  },
};
