import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { answerEventCard, answerRetreatsOverview, exportRetreatsCsv, KINDS_RETREATS_FIRST, suggestRetreatsCompanies, type RetreatsInput } from '../src/answers.ts';
import type { Command } from '../src/discord/command.ts';
import { encodeCustomId } from '../src/discord/custom-id.ts';
import { InvalidButtonError } from '../src/discord/invalid-button.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { sendPages } from '../src/discord/send.ts';
import type { Locale } from '../src/i18n/locale.ts';
import { requireCompany } from '../src/kb/query.ts';
import { KIND_LABELS } from '../src/render/labels.ts';
import { exportMessage } from '../src/render/export/message.ts';
import type { OverviewControls } from '../src/render/retreats-overview.ts';
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
/** Custom id actions besides page numbers: a pick in an event menu, a click on Export CSV. */
const CARD = 'card';
const CSV = 'csv';

type Query = readonly (string | undefined)[];

function controlsFor(query: Query): OverviewControls {
  return {
    menuId: (n) => encodeCustomId(data.name, [CARD, n]),
    // Read only once the input has been checked, so a bad date is a UserError, not a custom id that cannot be made.
    get exportId() {
      return encodeCustomId(data.name, [CSV, ...query]);
    },
  };
}

function inputOf(query: Query): RetreatsInput {
  const [company, kind, since, until] = query;
  return { company, kind, since, until };
}

function overview(kb: Parameters<typeof answerRetreatsOverview>[0], query: Query, locale: Locale) {
  return answerRetreatsOverview(kb, inputOf(query), locale, controlsFor(query));
}

export const retreats: Command = {
  data,
  async execute(interaction, { kb, locale }) {
    const input: RetreatsInput = {
      company: interaction.options.getString('company') ?? undefined,
      kind: interaction.options.getString('kind') ?? undefined,
      since: interaction.options.getString('since') ?? undefined,
      until: interaction.options.getString('until') ?? undefined,
    };
    // Buttons carry the resolved company id, not the typed text, so a page turn needs no fuzzy matching.
    const companyId = input.company === undefined ? undefined : requireCompany(kb, input.company).id;
    const query = [companyId, input.kind, input.since, input.until];
    await replyWithPages(interaction, overview(kb, query, locale), { command: data.name, query }, locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestRetreatsCompanies(kb, interaction.options.getFocused(), locale, interaction.options.getString('kind') ?? undefined));
  },
  async button(interaction, { kb, locale }, args) {
    if (args[0] === CSV) {
      const query = args.slice(1, 1 + QUERY_LENGTH);
      const { count, data: csv } = exportRetreatsCsv(kb, inputOf(query), locale);
      await sendPages(interaction, [exportMessage(count, csv, locale)], true);
      return;
    }
    const { page, query, owner } = readPageArgs(args, QUERY_LENGTH);
    await turnPage(interaction, overview(kb, query, locale), page, { command: data.name, query, owner }, locale);
  },
  async select(interaction, { kb, locale }, args) {
    if (args[0] !== CARD) throw new InvalidButtonError(interaction.customId);
    // The card is the picker's alone, whether the list was public or private.
    await sendPages(interaction, answerEventCard(kb, interaction.values[0] ?? '', locale), true);
  },
};
