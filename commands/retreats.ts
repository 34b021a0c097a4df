import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerRetreats, KINDS_RETREATS_FIRST, suggestRetreatsCompanies, type RetreatsInput } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { requireCompany } from '../src/kb/query.ts';
import { KIND_LABELS } from '../src/render/labels.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('retreats', 'retraits'),
  ...descriptions(
    'US firms pulling back from China: labs closed, layoffs, relocations, exits — newest first',
    'Retraits de Chine des firmes américaines : labos fermés, licenciements, départs — du plus récent',
  ),
  options: [
    { type: ApplicationCommandOptionType.String, ...names('company', 'entreprise'), ...descriptions('A company, e.g. Microsoft or AWS', 'Une entreprise, par ex. Microsoft ou AWS'), autocomplete: true },
    {
      type: ApplicationCommandOptionType.String,
      ...names('kind', 'type'),
      ...descriptions('What kind of retreat, or of another event (export control, counter-measure…)', 'Quel type de retrait, ou d’autre événement (contrôle des exportations, contre-mesure…)'),
      choices: KINDS_RETREATS_FIRST.map((kind) => ({ name: KIND_LABELS[kind].en, name_localizations: { fr: KIND_LABELS[kind].fr }, value: kind })),
    },
    { type: ApplicationCommandOptionType.String, ...names('since', 'depuis'), ...descriptions('From this date: 2023, 2023-05 or 2023-05-17', 'À partir de : 2023, 2023-05 ou 17/05/2023') },
    { type: ApplicationCommandOptionType.String, ...names('until', 'jusque'), ...descriptions('Up to this date: 2024, 2024-06 or 2024-06-30', 'Jusqu’à : 2024, 2024-06 ou 30/06/2024') },
    privateOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const QUERY_LENGTH = 4;

export const retreats: Command = {
  data,
  async execute(interaction, { kb, locale }) {
    const input: RetreatsInput = {
      company: interaction.options.getString('company') ?? undefined,
      kind: interaction.options.getString('kind') ?? undefined,
      since: interaction.options.getString('since') ?? undefined,
      until: interaction.options.getString('until') ?? undefined,
    };
    const pages = answerRetreats(kb, input, locale);
    // Buttons carry the resolved company id, not the typed text, so a page turn needs no fuzzy matching.
    const companyId = input.company === undefined ? undefined : requireCompany(kb, input.company).id;
    const query = [companyId, input.kind, input.since, input.until];
    await replyWithPages(interaction, pages, { command: data.name, query }, locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestRetreatsCompanies(kb, interaction.options.getFocused(), locale, interaction.options.getString('kind') ?? undefined));
  },
  async button(interaction, { kb, locale }, args) {
    const { page, query, owner } = readPageArgs(args, QUERY_LENGTH);
    const [company, kind, since, until] = query;
    const pages = answerRetreats(kb, { company, kind, since, until }, locale);
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, locale);
  },
};
