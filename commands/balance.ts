import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerBalance } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { pagesWithChart } from '../src/discord/charts.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { balanceChart } from '../src/render/chart/charts.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('balance', 'rapport-de-force'),
  ...descriptions('The US–China AI balance at a glance, the US internal dynamics and the outlook', 'Le rapport de force IA États-Unis–Chine d’un coup d’œil, dynamiques internes et perspectives'),
  options: [privateOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const balance: Command = {
  data,
  async execute(interaction, { kb, locale, log }) {
    const pages = await pagesWithChart(answerBalance(kb, locale), balanceChart(kb, locale), log);
    await replyWithPages(interaction, pages, { command: data.name, query: [] }, locale);
  },
  async button(interaction, { kb, locale, log }, args) {
    const { page, query, owner } = readPageArgs(args, 0);
    const pages = await pagesWithChart(answerBalance(kb, locale), balanceChart(kb, locale), log);
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
};
