import { UserError } from '../errors.ts';
import { plainFeedLine } from '../render/untrusted.ts';

const MAX_URL_LENGTH = 2048;
const MAX_LABEL_LENGTH = 80;

/** A feed URL typed by a user: absolute http(s), no credentials, of a sane length. Returns it trimmed. */
export function checkFeedUrl(input: string): string {
  const text = input.trim();
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UserError({
      en: `“${text.slice(0, 100)}” is not a feed address: give a full http(s) URL, e.g. https://technode.com/feed`,
      fr: `« ${text.slice(0, 100)} » n’est pas l’adresse d’un flux : donnez une URL http(s) complète, par ex. https://technode.com/feed`,
    });
  }
  if (text.length > MAX_URL_LENGTH) {
    throw new UserError({ en: `That address is longer than ${MAX_URL_LENGTH} characters.`, fr: `Cette adresse dépasse ${MAX_URL_LENGTH} caractères.` });
  }
  if (url.username !== '' || url.password !== '') {
    throw new UserError({ en: 'Feed addresses with a user name or password are not accepted.', fr: 'Les adresses de flux avec identifiant ou mot de passe ne sont pas acceptées.' });
  }
  return url.href;
}

/** A label typed by a user, or the feed's host name: one plain line of at most 80 characters. */
export function cleanLabel(input: string | undefined, url: string): string {
  const cleaned = plainFeedLine(input ?? '', MAX_LABEL_LENGTH);
  return cleaned === '' ? new URL(url).hostname.replace(/^www\./, '') : cleaned;
}
