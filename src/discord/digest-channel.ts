import { slash } from '../render/commands.ts';
import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction, type GuildBasedChannel } from 'discord.js';
import { UserError } from '../errors.ts';
import type { LocalizedText } from '../i18n/locale.ts';

/** What the bot needs in the digest channel, with the names Discord's settings show in each language. */
const NEEDED: readonly { readonly flag: bigint; readonly name: LocalizedText }[] = [
  { flag: PermissionFlagsBits.ViewChannel, name: { en: 'View Channel', fr: 'Voir le salon' } },
  { flag: PermissionFlagsBits.SendMessages, name: { en: 'Send Messages', fr: 'Envoyer des messages' } },
  { flag: PermissionFlagsBits.EmbedLinks, name: { en: 'Embed Links', fr: 'Intégrer des liens' } },
  { flag: PermissionFlagsBits.ReadMessageHistory, name: { en: 'Read Message History', fr: 'Voir les anciens messages' } },
];

const POSTABLE = new Set<ChannelType>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

/**
 * The channel of `/digest setup`, once checked: a text or announcement channel of this server where the bot has
 * every permission the digest needs. Otherwise a UserError that says what is wrong (which permissions are missing).
 * Discord's client offers only text channels, but the option can be forged or stale, so it is checked here.
 */
export async function requireDigestChannel(interaction: ChatInputCommandInteraction, optionName: string): Promise<string> {
  const chosen = interaction.options.getChannel(optionName, true);
  if (!POSTABLE.has(chosen.type)) {
    throw new UserError({
      en: `<#${chosen.id}> is not a text or announcement channel: the digest needs one it can post in.`,
      fr: `<#${chosen.id}> n’est pas un salon textuel ou d’annonces : le résumé a besoin d’un salon où publier.`,
    });
  }
  const guild = interaction.guild;
  // Read from Discord, not the cache: discord.js caches a resolved option's channel under this server whatever its
  // server, and the fetch refuses a channel another server owns.
  const channel = await guild?.channels.fetch(chosen.id, { force: true }).catch(() => null);
  if (guild === null || guild === undefined || channel === null || channel === undefined) {
    throw new UserError({
      en: 'That channel is not one of this server’s (or the bot cannot see it): choose a text channel of this server.',
      fr: 'Ce salon n’appartient pas à ce serveur (ou le bot ne le voit pas) : choisissez un salon textuel de ce serveur.',
    });
  }
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const missing = missingPermissions(channel, me.id);
  if (missing.length > 0) {
    const list = (locale: keyof LocalizedText) => missing.map((permission) => permission.name[locale]).join(', ');
    throw new UserError({
      en: `I cannot post the digest in <#${channel.id}>: I am missing ${list('en')} there. Give me these permissions in the channel’s settings, then run ${slash('digest setup', 'en')} again.`,
      fr: `Je ne peux pas publier le résumé dans <#${channel.id}> : il me manque ${list('fr')} dans ce salon. Accordez-les-moi dans les paramètres du salon, puis relancez ${slash('digest setup', 'fr')}.`,
    });
  }
  return channel.id;
}

function missingPermissions(channel: GuildBasedChannel, botId: string): typeof NEEDED {
  const granted = channel.permissionsFor(botId);
  if (granted === null) return NEEDED;
  return NEEDED.filter((permission) => !granted.has(permission.flag));
}
