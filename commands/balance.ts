import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerBalance } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('balance', 'rapport-de-force'),
  ...descriptions('The US–China AI balance at a glance, the US internal dynamics and the outlook', 'Le rapport de force IA États-Unis–Chine d’un coup d’œil, dynamiques internes et perspectives'),
  options: [privateOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const balance: Command = {
  data,
  async execute(interaction, { kb, locale }) {
    await replyWithPages(interaction, answerBalance(kb, locale), { command: data.name, query: [] }, locale);
  },
  async button(interaction, { kb, locale }, args) {
    const { page, query, owner } = readPageArgs(args, 0);
    await turnPage(interaction, answerBalance(kb, locale), page, { command: data.name, query, owner }, locale);
  },
};
