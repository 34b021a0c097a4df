import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Command } from '../src/discord/command.ts';
import { runSubcommand, type SubcommandHandlers } from '../src/discord/subcommands.ts';
import { requireDigest, requireGuild, requireManageGuild } from '../src/discord/admin.ts';
import { requireDigestChannel } from '../src/discord/digest-channel.ts';
import { descriptions, names } from '../src/discord/localize.ts';
import { sendPages, sendText } from '../src/discord/send.ts';
import { completeTimeZones } from '../src/digest/schedule/zone-names.ts';
import { toLocale, type Locale } from '../src/i18n/locale.ts';
import { describeRun, renderDigestStatus } from '../src/digest/views/admin.ts';
import { renderDigestOff, renderNothingToPreview, renderSetupDone } from '../src/digest/views/replies.ts';
import { renderAlert, renderFilters, renderPreviewBeforeSetup } from '../src/digest/views/settings.ts';
import { weekdayName, WEEKDAYS } from '../src/digest/schedule/cron-schedule.ts';
import { DEFAULT_DIGEST_ITEMS, MAX_DIGEST_ITEMS, MIN_DIGEST_ITEMS } from '../src/digest/state.ts';
import { noMentions, type MessagePayload } from '../src/render/payload.ts';

/** A page of plain text, among the pages of a reply. */
const textPage = (content: string): MessagePayload => ({ content, embeds: [], allowed_mentions: noMentions() });

const data = {
  ...names('digest', 'résumé'),
  ...descriptions('The daily news digest of this server', 'Le résumé quotidien des actualités de ce serveur'),
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('setup', 'configurer'),
      ...descriptions('Post the digest in a channel, daily or weekly at a time (turns it on)', 'Publier le résumé dans un salon, chaque jour ou chaque semaine à une heure (l’active)'),
      options: [
        { type: ApplicationCommandOptionType.Channel, ...names('channel', 'salon'), ...descriptions('Where to post the digest', 'Où publier le résumé'), required: true, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] },
        { type: ApplicationCommandOptionType.String, ...names('time', 'heure'), ...descriptions('Time of day, e.g. 08:00 or 8h30 (default 08:00)', 'Heure, par ex. 08:00 ou 8h30 (08:00 par défaut)') },
        { type: ApplicationCommandOptionType.String, ...names('timezone', 'fuseau'), ...descriptions('Time zone, e.g. Europe/Paris (default UTC)', 'Fuseau horaire, par ex. Europe/Paris (UTC par défaut)'), autocomplete: true },
        {
          type: ApplicationCommandOptionType.String,
          ...names('language', 'langue'),
          ...descriptions('Language of the digest (default: the server’s)', 'Langue du résumé (par défaut : celle du serveur)'),
          choices: [{ name: 'English', value: 'en' }, { name: 'Français', value: 'fr' }],
        },
        {
          type: ApplicationCommandOptionType.Integer,
          ...names('items', 'actualités'),
          ...descriptions(`Most items in one digest (default ${DEFAULT_DIGEST_ITEMS})`, `Nombre maximal d’actualités par résumé (${DEFAULT_DIGEST_ITEMS} par défaut)`),
          min_value: MIN_DIGEST_ITEMS,
          max_value: MAX_DIGEST_ITEMS,
        },
        {
          type: ApplicationCommandOptionType.String,
          ...names('frequency', 'fréquence'),
          ...descriptions('Daily (default) or weekly (then give day:)', 'Quotidien (par défaut) ou hebdomadaire (donnez alors jour:)'),
          choices: [
            { name: 'daily', name_localizations: { fr: 'quotidien' }, value: 'daily' },
            { name: 'weekly', name_localizations: { fr: 'hebdomadaire' }, value: 'weekly' },
          ],
        },
        {
          type: ApplicationCommandOptionType.Integer,
          ...names('day', 'jour'),
          ...descriptions('Day of a weekly digest', 'Jour d’un résumé hebdomadaire'),
          choices: WEEKDAYS.map((day) => ({ name: weekdayName(day, 'en'), name_localizations: { fr: weekdayName(day, 'fr') }, value: day })),
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('filter', 'filtre'),
      ...descriptions('Keep only items with some words, or none with others (no option: show them)', 'Ne garder que les actualités avec certains mots, ou sans d’autres (sans option : les voir)'),
      options: [
        { type: ApplicationCommandOptionType.String, ...names('include', 'inclure'), ...descriptions('Words or phrases, commas between: keep only items with one', 'Mots ou expressions, séparés par des virgules : ne garder que les actualités qui en ont un'), max_length: 1000 },
        { type: ApplicationCommandOptionType.String, ...names('exclude', 'exclure'), ...descriptions('Words or phrases, commas between: leave out items with one', 'Mots ou expressions, séparés par des virgules : écarter les actualités qui en ont un'), max_length: 1000 },
        { type: ApplicationCommandOptionType.Boolean, ...names('clear', 'effacer'), ...descriptions('Remove the filters (before setting the ones given)', 'Retirer les filtres (avant de poser ceux donnés)') },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('alert', 'alerte'),
      ...descriptions('Ping a role when the digest holds possible new retreats (no role: off)', 'Mentionner un rôle quand le résumé contient des retraits possibles (sans rôle : désactivé)'),
      options: [{ type: ApplicationCommandOptionType.Role, ...names('role', 'rôle'), ...descriptions('The role to ping, and only it', 'Le rôle à mentionner, et lui seul') }],
    },
    { type: ApplicationCommandOptionType.Subcommand, ...names('preview', 'aperçu'), ...descriptions('See the digest as it would be posted now (only you see it)', 'Voir le résumé tel qu’il serait publié maintenant (vous seul)') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('now', 'maintenant'), ...descriptions('Collect the feeds and post the digest now', 'Lire les flux et publier le résumé maintenant') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('off', 'arrêter'), ...descriptions('Stop posting the digest', 'Arrêter de publier le résumé') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('status', 'état'), ...descriptions('Schedule, filters, alert, next and last run, each feed’s health', 'Horaire, filtres, alerte, prochain et dernier passage, santé des flux') },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const handlers: SubcommandHandlers = {
  async setup(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channelId = await requireDigestChannel(interaction, 'channel');
    const language = interaction.options.getString('language');
    const locale: Locale = language === 'fr' || language === 'en' ? language : toLocale(interaction.guildLocale);
    const frequency = interaction.options.getString('frequency');
    const weekday = interaction.options.getInteger('day') ?? undefined;
    const maxItems = interaction.options.getInteger('items') ?? undefined;
    const { settings, nextRun } = await requireDigest(ctx).setup({
      guildId,
      channelId,
      time: interaction.options.getString('time') ?? undefined,
      timeZone: interaction.options.getString('timezone') ?? undefined,
      locale,
      items: maxItems,
      frequency: frequency === 'daily' || frequency === 'weekly' ? frequency : undefined,
      weekday,
    });
    const dayIgnored = weekday !== undefined && settings.frequency !== 'weekly';
    await sendText(interaction, renderSetupDone({ channelId, cron: settings.cron, timeZone: settings.timeZone, language: locale, nextRun, maxItems, dayIgnored }, ctx.locale));
  },

  async preview(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { result, beforeSetup } = await requireDigest(ctx).preview(guildId, toLocale(interaction.guildLocale));
    const note = beforeSetup === undefined ? [] : [textPage(renderPreviewBeforeSetup(beforeSetup, ctx.locale))];
    if (result.outcome !== 'preview' || result.payloads === undefined || result.payloads.length === 0) {
      const text = result.outcome === 'preview' ? renderNothingToPreview(ctx.locale) : describeRun(result, undefined, ctx.locale);
      await sendPages(interaction, [...note, textPage(text)], true);
      return;
    }
    await sendPages(interaction, [...note, ...result.payloads], true);
  },

  async filter(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const digest = requireDigest(ctx);
    const include = interaction.options.getString('include') ?? undefined;
    const exclude = interaction.options.getString('exclude') ?? undefined;
    const clear = interaction.options.getBoolean('clear') ?? false;
    if (include === undefined && exclude === undefined && !clear) {
      await sendText(interaction, renderFilters(await digest.filters(guildId), false, ctx.locale));
      return;
    }
    await sendText(interaction, renderFilters(await digest.setFilters({ guildId, include, exclude, clear }), true, ctx.locale));
  },

  async alert(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const option = interaction.options.get('role');
    const roleId = typeof option?.value === 'string' ? option.value : undefined;
    const { previous } = await requireDigest(ctx).setAlert(guildId, roleId);
    // A role nobody may mention is only pinged by a bot allowed to mention every role.
    const unpingable = option?.role?.mentionable === false && interaction.appPermissions?.has(PermissionFlagsBits.MentionEveryone) === false;
    await sendText(interaction, renderAlert(roleId, previous, ctx.locale, unpingable));
  },

  async now(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const digest = requireDigest(ctx);
    const result = await digest.runNow(guildId);
    const status = await digest.status(guildId);
    await sendText(interaction, describeRun(result, status.settings?.channelId, ctx.locale));
  },

  async off(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const existed = await requireDigest(ctx).off(guildId);
    await sendText(interaction, renderDigestOff(existed, ctx.locale));
  },

  async status(interaction, ctx) {
    const guildId = requireGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const shard = { id: interaction.guild?.shardId ?? 0, count: interaction.client.options.shardCount ?? 1 };
    await sendPages(interaction, renderDigestStatus(await requireDigest(ctx).status(guildId), ctx.locale, shard), true);
  },
};

export const digest: Command = {
  data,
  execute: (interaction, ctx) => runSubcommand(handlers, interaction, ctx),
  async autocomplete(interaction) {
    const zones = completeTimeZones(interaction.options.getFocused());
    await interaction.respond(zones.map((zone) => ({ name: zone, value: zone })));
  },
};
