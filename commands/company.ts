import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerCompany } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { requireCompany, suggestCompanyChoices } from '../src/kb/query.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('company', 'entreprise'),
  ...descriptions('A company’s China story: profile, retreats, dimensions it touches', 'L’histoire chinoise d’une entreprise : profil, retraits, dimensions'),
  options: [
    { type: ApplicationCommandOptionType.String, ...names('name', 'nom'), ...descriptions('Company name or alias, e.g. AWS, IBM, McKinsey', 'Nom ou alias, par ex. AWS, IBM, McKinsey'), required: true, autocomplete: true },
    privateOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

export const company: Command = {
  data,
  async execute(interaction, { kb, locale }) {
    const found = requireCompany(kb, interaction.options.getString('name', true));
    const pages = answerCompany(kb, found.id, locale);
    await replyWithPages(interaction, pages, { command: data.name, query: [found.id] }, locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestCompanyChoices(kb, interaction.options.getFocused(), locale));
  },
  async button(interaction, { kb, locale }, args) {
    const { page, query, owner } = readPageArgs(args, 1);
    const pages = answerCompany(kb, query[0] ?? '', locale);
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
};
