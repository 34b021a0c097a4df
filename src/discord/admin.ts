import { PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { DigestService } from '../digest/service/index.ts';
import { UserError } from '../errors.ts';
import type { CommandContext } from './command.ts';

/** The guild id, or a UserError outside a server. */
export function requireGuild(interaction: ChatInputCommandInteraction): string {
  if (!interaction.inGuild()) {
    throw new UserError({ en: 'This command works in a server only.', fr: 'Cette commande ne fonctionne que dans un serveur.' });
  }
  return interaction.guildId;
}

/**
 * Admin subcommands need Manage Server. Discord hides the commands from others (default member permissions),
 * but a server can grant them to anyone, so the permission is checked again here.
 */
export function requireManageGuild(interaction: ChatInputCommandInteraction): string {
  const guildId = requireGuild(interaction);
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError({
      en: 'You need the Manage Server permission to change the digest or its feeds.',
      fr: 'Il faut la permission « Gérer le serveur » pour modifier le résumé ou ses flux.',
    });
  }
  return guildId;
}

export function requireDigest(ctx: CommandContext): DigestService {
  if (ctx.digest === undefined) throw new Error('the digest service is not running');
  return ctx.digest;
}
