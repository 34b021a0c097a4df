import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { LocalizedText } from '../../i18n/locale.ts';

/** Why a delivery stopped, for logs and `/digest status`. */
export type DeliveryErrorCode =
  | 'missing-permissions'
  | 'unknown-channel'
  | 'discord-rejected'
  | 'discord-unavailable'
  | 'rate-limited'
  | 'network'
  | 'store'
  | 'not-configured'
  | 'busy'
  | 'internal';

/** A stopped delivery's cause, in both languages. */
export interface DeliveryError {
  readonly code: DeliveryErrorCode;
  readonly message: LocalizedText;
}

/** Said once, at the end of a delivery failure's message (the views do not repeat it). */
export const RESUMES = {
  en: 'The rest of the digest will be sent on the next run.',
  fr: 'La suite du résumé partira au prochain passage.',
};

/** Missing Access and Missing Permissions: the bot is in the server but may not post there. */
const PERMISSION_CODES = new Set([50001, 50013]);
const UNKNOWN_CHANNEL = 10003;

/** What a Discord call's failure means for the server, once @discordjs/rest has given up retrying. */
export function describeDiscordFailure(error: unknown, channelId: string): DeliveryError {
  const channel = `<#${channelId}>`;
  if (error instanceof DiscordAPIError) {
    if (PERMISSION_CODES.has(Number(error.code)) || error.status === 403) {
      return {
        code: 'missing-permissions',
        message: {
          en: `The bot cannot post in ${channel}: it needs View Channel, Send Messages and Embed Links. ${RESUMES.en}`,
          fr: `Le bot ne peut pas publier dans ${channel} : il lui faut les permissions Voir le salon, Envoyer des messages et Intégrer des liens. ${RESUMES.fr}`,
        },
      };
    }
    if (Number(error.code) === UNKNOWN_CHANNEL) {
      return {
        code: 'unknown-channel',
        message: {
          en: `The digest channel ${channel} no longer exists or the bot cannot see it: choose another channel for the digest.`,
          fr: `Le salon du résumé ${channel} n'existe plus ou le bot ne le voit pas : choisissez un autre salon pour le résumé.`,
        },
      };
    }
    return {
      code: 'discord-rejected',
      message: {
        en: `Discord refused the message (HTTP ${error.status}, code ${String(error.code)}: ${error.message}). ${RESUMES.en}`,
        fr: `Discord a refusé le message (HTTP ${error.status}, code ${String(error.code)} : ${error.message}). ${RESUMES.fr}`,
      },
    };
  }
  if (error instanceof HTTPError) {
    return {
      code: 'discord-unavailable',
      message: {
        en: `Discord kept failing (HTTP ${error.status}) after several tries. ${RESUMES.en}`,
        fr: `Discord a échoué à plusieurs reprises (HTTP ${error.status}). ${RESUMES.fr}`,
      },
    };
  }
  if (error instanceof RateLimitError) {
    return {
      code: 'rate-limited',
      message: {
        en: `Discord rate-limited the bot for ${Math.ceil(error.retryAfter / 1000)} s. ${RESUMES.en}`,
        fr: `Discord a limité le débit du bot pendant ${Math.ceil(error.retryAfter / 1000)} s. ${RESUMES.fr}`,
      },
    };
  }
  if (isNetworkFailure(error)) {
    return {
      code: 'network',
      message: {
        en: `Discord could not be reached (${describeCause(error)}). ${RESUMES.en}`,
        fr: `Discord est injoignable (${describeCause(error)}). ${RESUMES.fr}`,
      },
    };
  }
  return describeInternalFailure();
}

/** A timeout, a refused or reset connection, a DNS failure: errors with a system or undici code, or an abort. */
function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const codes = [(error as NodeJS.ErrnoException).code, (error.cause as NodeJS.ErrnoException | undefined)?.code];
  return error.name === 'AbortError' || codes.some((code) => typeof code === 'string' && /^(E[A-Z]+|UND_ERR_\w+)$/.test(code));
}

/** A failed store write or read during delivery: nothing more is posted, so nothing can be posted twice. */
export function describeStoreFailure(error: unknown): DeliveryError {
  return {
    code: 'store',
    message: {
      en: `The digest's progress could not be saved (${describeCause(error)}), so delivery stopped. ${RESUMES.en}`,
      fr: `L'avancement du résumé n'a pas pu être enregistré (${describeCause(error)}) : l'envoi s'est arrêté. ${RESUMES.fr}`,
    },
  };
}

/** Another process of the bot is delivering the server's digest (several processes share the servers' outboxes). */
export function describeBusy(): DeliveryError {
  return {
    code: 'busy',
    message: {
      en: `Another process of the bot is delivering this server's digest, so this run stopped. ${RESUMES.en}`,
      fr: `Un autre processus du bot envoie déjà le résumé de ce serveur : ce passage s'est arrêté. ${RESUMES.fr}`,
    },
  };
}

/** Anything else: a bug, reported without details to the server. */
export function describeInternalFailure(): DeliveryError {
  return {
    code: 'internal',
    message: {
      en: `The digest failed because of an internal error (see the bot's log). ${RESUMES.en}`,
      fr: `Le résumé a échoué à cause d'une erreur interne (voir le journal du bot). ${RESUMES.fr}`,
    },
  };
}

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code ?? ((error.cause as NodeJS.ErrnoException | undefined)?.code);
  if (error.name === 'AbortError') return 'timeout';
  return code === undefined ? error.message : `${code}`;
}
