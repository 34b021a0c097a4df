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

const data = {
  ...names('digest', 'résumé'),
  ...descriptions('The daily news digest of this server', 'Le résumé quotidien des actualités de ce serveur'),
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      ...names('setup', 'configurer'),
      ...descriptions('Post the digest in a channel, daily at a time (turns it on)', 'Publier le résumé dans un salon, chaque jour à une heure (l’active)'),
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
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, ...names('preview', 'aperçu'), ...descriptions('See the digest as it would be posted now (only you see it)', 'Voir le résumé tel qu’il serait publié maintenant (vous seul)') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('now', 'maintenant'), ...descriptions('Collect the feeds and post the digest now', 'Lire les flux et publier le résumé maintenant') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('off', 'arrêter'), ...descriptions('Stop posting the digest', 'Arrêter de publier le résumé') },
    { type: ApplicationCommandOptionType.Subcommand, ...names('status', 'état'), ...descriptions('Next run, last run, and each feed’s health', 'Prochain passage, dernier passage, santé de chaque flux') },
  ],
} as const satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;

const handlers: SubcommandHandlers = {
  async setup(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const channelId = await requireDigestChannel(interaction, 'channel');
    const language = interaction.options.getString('language');
    const locale: Locale = language === 'fr' || language === 'en' ? language : toLocale(interaction.guildLocale);
    const { settings, nextRun } = await requireDigest(ctx).setup({
      guildId,
      channelId,
      time: interaction.options.getString('time') ?? undefined,
      timeZone: interaction.options.getString('timezone') ?? undefined,
      locale,
    });
    await sendText(interaction, renderSetupDone({ channelId, cron: settings.cron, timeZone: settings.timeZone, language: locale, nextRun }, ctx.locale));
  },

  async preview(interaction, ctx) {
    const guildId = requireManageGuild(interaction);
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await requireDigest(ctx).preview(guildId);
    if (result.outcome !== 'preview' || result.payloads === undefined || result.payloads.length === 0) {
      await sendText(interaction, result.outcome === 'preview'
        ? renderNothingToPreview(ctx.locale)
        : describeRun(result, undefined, ctx.locale));
      return;
    }
    await sendPages(interaction, result.payloads, true);
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
    await sendPages(interaction, renderDigestStatus(await requireDigest(ctx).status(guildId), ctx.locale), true);
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
