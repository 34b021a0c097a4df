import {
  ApplicationCommandOptionType,
  InteractionContextType,
  PermissionFlagsBits,
  type ButtonInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { dismissalText, withDismissButtons } from '../src/digest/views/leads-dismiss.ts';
import { answerLeads, type LeadsInput } from '../src/digest/views/leads-answer.ts';
import { filterPart, LEADS_MAX_DAYS, LEADS_MIN_DAYS } from '../src/digest/views/leads-group.ts';
import { requireDigest, requireGuild } from '../src/discord/admin.ts';
import type { Command, CommandContext } from '../src/discord/command.ts';
import { encodeCustomId } from '../src/discord/custom-id.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { readPageArgs, replyWithPages, turnPage } from '../src/discord/paged.ts';
import { replyEphemeralText } from '../src/discord/replies.ts';
import { UserError } from '../src/errors.ts';
import { suggestCompanyChoices } from '../src/kb/query.ts';
import type { MessagePayload } from '../src/render/payload.ts';
import { privateOption } from './options.ts';

const data = {
  ...names('leads', 'pistes'),
  ...descriptions('Possible new retreats seen in this server’s digests, by company', 'Retraits possibles repérés dans les résumés de ce serveur, par entreprise'),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Integer,
      ...names('days', 'jours'),
      ...descriptions('How many days back (default 30, up to 365)', 'Sur combien de jours (30 par défaut, jusqu’à 365)'),
      min_value: LEADS_MIN_DAYS,
      max_value: LEADS_MAX_DAYS,
    },
    { type: ApplicationCommandOptionType.String, ...names('company', 'entreprise'), ...descriptions('Only the leads about this company', 'Seulement les pistes sur cette entreprise'), autocomplete: true },
    privateOption,
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Page buttons: "leads:<page>:<days>:<filter>:<owner>"; dismiss buttons: "leads:dismiss:<lead>:<page>:<days>:<filter>:<owner>". */
const QUERY_LENGTH = 2;
const DISMISS = 'dismiss';

type AskedLeads = Pick<LeadsInput, 'days' | 'company' | 'filterPart'>;

/**
 * The answer's pages, each with the dismiss buttons of its leads, and the query the buttons carry: the period and
 * the resolved filter (a company id or a name key), so a later click needs no name lookup.
 */
async function leadPages(ctx: CommandContext, guildId: string, owner: string | undefined, asked: AskedLeads) {
  const server = await requireDigest(ctx).leads(guildId);
  const answer = answerLeads(ctx.kb, { ...server, ...asked }, ctx.locale);
  const query = [String(answer.days), filterPart(answer.filter)];
  const pages: MessagePayload[] = answer.pages.map((page, index) =>
    withDismissButtons(page, ctx.locale, (leadId) => encodeCustomId(data.name, [DISMISS, leadId, index, ...query, owner])),
  );
  return { pages, query };
}

/** The period and filter a button carries, as asked again. */
function askedAgain(query: readonly (string | undefined)[]): AskedLeads {
  const [days, filter] = query;
  return { days: days === undefined ? undefined : Number(days), filterPart: filter };
}

function requireDismisser(interaction: ButtonInteraction): string {
  if (!interaction.inGuild()) {
    throw new UserError({ en: 'Leads belong to a server.', fr: 'Les pistes appartiennent à un serveur.' });
  }
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError({
      en: 'Sorry, only members with the Manage Server permission can dismiss a lead. You can still read them all.',
      fr: 'Désolé, seuls les membres qui ont la permission « Gérer le serveur » peuvent écarter une piste. Vous pouvez toujours toutes les lire.',
    });
  }
  return interaction.guildId;
}

async function dismiss(interaction: ButtonInteraction, ctx: CommandContext, args: readonly (string | undefined)[]): Promise<void> {
  const guildId = requireDismisser(interaction);
  const [leadId = '', ...pageArgs] = args;
  const { page, query, owner } = readPageArgs(pageArgs, QUERY_LENGTH);
  const outcome = await requireDigest(ctx).dismissLead(guildId, leadId, interaction.user.id);
  const { pages } = await leadPages(ctx, guildId, owner, askedAgain(query));
  await turnPage(interaction, pages, page, { command: data.name, query, owner }, ctx.locale);
  await replyEphemeralText(interaction, dismissalText(outcome), ctx.locale);
}

export const leads: Command = {
  data,
  async execute(interaction, ctx) {
    const guildId = requireGuild(interaction);
    const owner = (interaction.options.getBoolean('private') ?? false) ? interaction.user.id : undefined;
    const { pages, query } = await leadPages(ctx, guildId, owner, {
      days: interaction.options.getInteger('days') ?? undefined,
      company: interaction.options.getString('company') ?? undefined,
    });
    await replyWithPages(interaction, pages, { command: data.name, query }, ctx.locale);
  },
  async autocomplete(interaction, { kb, locale }) {
    await interaction.respond(suggestCompanyChoices(kb, interaction.options.getFocused(), locale));
  },
  async button(interaction, ctx, args) {
    if (args[0] === DISMISS) {
      await dismiss(interaction, ctx, args.slice(1));
      return;
    }
    const guildId = interaction.guildId;
    if (guildId === null) throw new UserError({ en: 'Leads belong to a server.', fr: 'Les pistes appartiennent à un serveur.' });
    const { page, query, owner } = readPageArgs(args, QUERY_LENGTH);
    const { pages } = await leadPages(ctx, guildId, owner, askedAgain(query));
    await turnPage(interaction, pages, page, { command: data.name, query, owner }, ctx.locale);
  },
};
