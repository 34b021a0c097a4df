import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerBalance, answerDimension } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { encodeCustomId } from '../src/discord/custom-id.ts';
import { InvalidButtonError } from '../src/discord/invalid-button.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyPrivatelyWithPages, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { requireDimension } from '../src/kb/query.ts';
import { privateOption } from './options.ts';
import { dimension } from './dimension.ts';

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
  async execute(interaction, { kb, locale }) {
    await replyWithPages(interaction, answerBalance(kb, locale, MENU_ID), { command: data.name, query: [] }, locale);
  },
  async button(interaction, { kb, locale }, args) {
    const { page, query, owner } = readPageArgs(args, 0);
    await turnPage(interaction, answerBalance(kb, locale, MENU_ID), page, { command: data.name, query, owner }, locale);
  },
  async select(interaction, { kb, locale }, args) {
    if (args[0] !== DIMENSION) throw new InvalidButtonError(interaction.customId);
    // The dimension as /dimension gives it, the picker's own: its pages turn through /dimension's buttons.
    const found = requireDimension(kb, interaction.values[0] ?? '');
    await replyPrivatelyWithPages(interaction, answerDimension(kb, found.id, locale), 0, { command: dimension.data.name, query: [found.id] }, locale);
  },
};
