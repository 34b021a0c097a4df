import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerAbout } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('about', 'à-propos'),
  ...descriptions('What Decoupling Watch knows, its sources, and how to use it', 'Ce que sait Decoupling Watch, ses sources, et comment l’utiliser'),
  options: [privateOption],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const about: Command = {
  data,
  async execute(interaction, { kb, locale }) {
    await replyWithPages(interaction, answerAbout(kb, locale), { command: data.name, query: [] }, locale);
  },
  async button(interaction, { kb, locale }, args) {
    const { page, query, owner } = readPageArgs(args, 0);
    await turnPage(interaction, answerAbout(kb, locale), page, { command: data.name, query, owner }, locale);
  },
};
