import { STATUS_CODES } from 'node:http';
import type { LocalizedText } from '../../i18n/locale.ts';
import type { FetchError } from './types.ts';

/** Thrown inside the fetcher to carry a FetchError to the one place that turns it into a result. */
export class FetchFailure extends Error {
  override readonly name = 'FetchFailure';
  readonly error: FetchError;

  constructor(error: FetchError) {
    super(error.message.en);
    this.error = error;
  }
}

export function failure(error: FetchError): FetchFailure {
  return new FetchFailure(error);
}

function formatDelay(ms: number): LocalizedText {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return { en: `${seconds} s`, fr: `${seconds} s` };
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return { en: `${minutes} min`, fr: `${minutes} min` };
  const hours = Math.round(minutes / 60);
  return { en: `${hours} h`, fr: `${hours} h` };
}

export function badUrl(url: string): FetchError {
  return {
    code: 'bad-url',
    message: { en: `Not an http(s) feed address: ${url}`, fr: `Ce n’est pas une adresse de flux http(s) : ${url}` },
  };
}

export function dnsFailure(host: string, reason: string): FetchError {
  return {
    code: 'dns',
    message: {
      en: `Could not find the server ${host} (${reason}).`,
      fr: `Impossible de trouver le serveur ${host} (${reason}).`,
    },
  };
}

export function privateAddress(host: string, address: string): FetchError {
  return {
    code: 'private-address',
    message: {
      en: `Refused: ${host} points to a private or local address (${address}).`,
      fr: `Refusé : ${host} pointe vers une adresse privée ou locale (${address}).`,
    },
  };
}

/** The socket reached an address other than the checked ones: the guard refuses it like a private one. */
export function unexpectedAddress(host: string, address: string): FetchError {
  return {
    code: 'private-address',
    message: {
      en: `Refused: the connection to ${host} reached an address that was not checked (${address}).`,
      fr: `Refusé : la connexion à ${host} a abouti à une adresse non vérifiée (${address}).`,
    },
  };
}

export function networkFailure(reason: LocalizedText): FetchError {
  return {
    code: 'network',
    message: { en: `Network error: ${reason.en}.`, fr: `Erreur réseau : ${reason.fr}.` },
  };
}

export function timedOut(deadlineMs: number): FetchError {
  return {
    code: 'timeout',
    message: {
      en: `The server did not send the whole feed within ${deadlineMs} ms.`,
      fr: `Le serveur n’a pas envoyé le flux complet en ${deadlineMs} ms.`,
    },
  };
}

export function aborted(): FetchError {
  return { code: 'aborted', message: { en: 'The fetch was cancelled.', fr: 'La récupération a été annulée.' } };
}

/** A Retry-After longer than this is capped: a server cannot switch a feed off for weeks. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** An HTTP error status; with Retry-After, the wait actually applied (capped at MAX_RETRY_AFTER_MS) and said so. */
export function httpStatus(status: number, retryAfterMs?: number): FetchError {
  const reason = STATUS_CODES[status];
  const label = reason ? `HTTP ${status} (${reason})` : `HTTP ${status}`;
  const message: LocalizedText = { en: `The server answered ${label}.`, fr: `Le serveur a répondu ${label}.` };
  if (retryAfterMs === undefined) return { code: 'http-status', status, message };
  const applied = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  const delay = formatDelay(applied);
  const capped = retryAfterMs > MAX_RETRY_AFTER_MS;
  return {
    code: 'http-status',
    status,
    retryAfterMs: applied,
    message: capped
      ? {
        en: `${message.en} It asks us to wait longer than we ever do: next try in ${delay.en}.`,
        fr: `${message.fr} Il demande d’attendre plus longtemps que nous ne le faisons jamais : prochain essai dans ${delay.fr}.`,
      }
      : {
        en: `${message.en} It asks us to wait ${delay.en}.`,
        fr: `${message.fr} Il demande d’attendre ${delay.fr}.`,
      },
  };
}

export function tooManyRedirects(maxRedirects: number): FetchError {
  return {
    code: 'too-many-redirects',
    message: {
      en: `Gave up after ${maxRedirects} redirects.`,
      fr: `Abandon après ${maxRedirects} redirections.`,
    },
  };
}

export function badRedirect(location: string): FetchError {
  return {
    code: 'bad-redirect',
    message: {
      en: `The server redirected to an address we do not follow: ${location || '(empty)'}.`,
      fr: `Le serveur a redirigé vers une adresse que nous ne suivons pas : ${location || '(vide)'}.`,
    },
  };
}

export function decodeFailure(reason: string): FetchError {
  return {
    code: 'decode',
    message: {
      en: `Could not decompress the feed (${reason}).`,
      fr: `Impossible de décompresser le flux (${reason}).`,
    },
  };
}

const NETWORK_REASONS: Record<string, LocalizedText> = {
  ECONNREFUSED: { en: 'connection refused', fr: 'connexion refusée' },
  ECONNRESET: { en: 'the connection was cut', fr: 'la connexion a été coupée' },
  EPIPE: { en: 'the connection was cut', fr: 'la connexion a été coupée' },
  ETIMEDOUT: { en: 'the connection timed out', fr: 'la connexion a expiré' },
  EHOSTUNREACH: { en: 'host unreachable', fr: 'hôte injoignable' },
  ENETUNREACH: { en: 'network unreachable', fr: 'réseau injoignable' },
  ERR_STREAM_PREMATURE_CLOSE: { en: 'the connection closed early', fr: 'la connexion a été fermée trop tôt' },
};
const MALFORMED_RESPONSE: LocalizedText = { en: 'malformed HTTP response', fr: 'réponse HTTP mal formée' };

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turns whatever went wrong into a FetchError; anything unexpected counts as a network error. */
export function toFetchError(error: unknown): FetchError {
  if (error instanceof FetchFailure) return error.error;
  const code = errorCode(error);
  const known = code === undefined ? undefined : NETWORK_REASONS[code];
  if (known) return networkFailure(known);
  if (code?.startsWith('HPE_')) return networkFailure(MALFORMED_RESPONSE);
  const detail = error instanceof Error ? error.message : String(error);
  const reason = code && !detail.includes(code) ? `${code}: ${detail}` : detail;
  return networkFailure({ en: reason, fr: reason });
}

/**
 * Milliseconds to wait from a Retry-After header: delay-seconds or an HTTP date (past dates give 0).
 * Undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its month; without letters, Date.parse would accept things like "-5".
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
