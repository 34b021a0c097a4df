import type { Interaction } from 'discord.js';
import { UserError } from '../errors.ts';
import type { Locale } from '../i18n/locale.ts';
import { NO_MENTIONS, replyEphemeralText } from './replies.ts';

/** What an interaction that arrives while the bot stops gets: no work starts, the user is told to come back. */
export function shuttingDownError(): UserError {
  return new UserError({
    en: 'Decoupling Watch is restarting. Please try again in a minute.',
    fr: 'Decoupling Watch redémarre. Merci de réessayer dans une minute.',
  });
}

const INTERRUPTED = {
  en: 'Decoupling Watch had to restart before finishing this. Please try again in a minute.',
  fr: 'Decoupling Watch a dû redémarrer avant d’avoir terminé. Merci de réessayer dans une minute.',
};

/**
 * Tells the user that the stop cut their interaction short, unless they already have an answer. Only used once
 * the stop's deadline has passed, when the handler is stuck: its own reply will not come.
 */
export async function answerInterrupted(interaction: Interaction, locale: Locale): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
  } else if (interaction.isRepliable() && !interaction.replied) {
    // One call, not replyEphemeralText's two: the grace after the deadline is short. The deferral chose the visibility.
    if (interaction.deferred) await interaction.editReply({ content: INTERRUPTED[locale], allowedMentions: NO_MENTIONS });
    else await replyEphemeralText(interaction, INTERRUPTED, locale);
  }
}
