import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerCompany } from '../src/answers.ts';
import type { DigestService } from '../src/digest/service/index.ts';
import type { Command } from '../src/discord/command.ts';
import type { CompanyNews } from '../src/render/company.ts';
import { bestEffort } from '../src/discord/best-effort.ts';
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

/** How long the answer waits for the news: the knowledge-base part never waits on the store for longer. */
const NEWS_WAIT_MS = 1000;

/** The company's latest news delivered to this server by its digests; 'unavailable' when the store fails or is slow. */
async function latestNews(guildId: string | null, companyId: string, digest: DigestService | undefined): Promise<CompanyNews | undefined> {
  if (guildId === null || digest === undefined) return undefined;
  const records = await bestEffort(digest.companyNews(guildId, companyId), NEWS_WAIT_MS, undefined);
  if (records === undefined) return 'unavailable';
  return records.flatMap((r) => (r.link === undefined ? [] : [{ title: r.title, url: r.link, source: r.feedLabel, ...(r.publishedAt === undefined ? {} : { publishedAt: r.publishedAt }) }]));
}

export const company: Command = {
  data,
  async execute(interaction, { kb, locale, digest }) {
    const found = requireCompany(kb, interaction.options.getString('name', true));
    const pages = answerCompany(kb, found.id, locale, await latestNews(interaction.guildId, found.id, digest));
    await replyWithPages(interaction, pages, { command: data.name, query: [found.id] }, locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestCompanyChoices(kb, interaction.options.getFocused(), locale));
  },
  async button(interaction, { kb, locale, digest }, args) {
    const { page, query, owner } = readPageArgs(args, 1);
    const id = query[0] ?? '';
    const pages = answerCompany(kb, id, locale, await latestNews(interaction.guildId, id, digest));
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
};
