import { slash } from '../../render/commands.ts';
import { UserError } from '../../errors.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import { MAX_CHOICES, type Choice } from '../../kb/name-lookup.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { plainFeedLine } from '../../render/untrusted.ts';
import { knownFeeds, mutedDefaults } from './tracked-feeds.ts';
import type { GuildFeed, GuildSettings } from '../state.ts';

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

/** Throws a UserError when the server cannot add `url`: it has `max` feeds of its own already, or tracks it already. */
export function checkFeedCanBeAdded(kb: KnowledgeBase, settings: GuildSettings, url: string, max: number): void {
  if (settings.feeds.length >= max) {
    throw new UserError({
      en: `This server already tracks ${max} feeds of its own, the most allowed. Remove one with ${slash('feeds remove', 'en')} first.`,
      fr: `Ce serveur suit déjà ${max} flux à lui, le maximum autorisé. Retirez-en un avec ${slash('feeds remove', 'fr')} d’abord.`,
    });
  }
  const key = normalizeUrl(url);
  const muted = mutedDefaults(kb, settings).find((feed) => normalizeUrl(feed.url) === key);
  if (muted !== undefined) {
    throw new UserError({
      en: `This is the default feed “${muted.label}”, muted on this server: ${slash('feeds unmute', 'en')} brings it back.`,
      fr: `C’est le flux par défaut « ${muted.label} », mis en sourdine sur ce serveur : ${slash('feeds unmute', 'fr')} le rétablit.`,
    });
  }
  const existing = knownFeeds(kb, settings).find((feed) => normalizeUrl(feed.url) === key);
  if (existing !== undefined) {
    throw new UserError({ en: `This feed is already tracked as “${existing.label}”.`, fr: `Ce flux est déjà suivi sous le nom « ${existing.label} ».` });
  }
}

/** The error for a /feeds remove that matches none of the server's feeds, listing them; undefined when it has none. */
export function noSuchFeed(wanted: string, feeds: readonly GuildFeed[]): UserError | undefined {
  if (feeds.length === 0) return undefined;
  const own = feeds.map((feed) => `“${feed.label}”`).join(', ');
  const ownFr = feeds.map((feed) => `« ${feed.label} »`).join(', ');
  return new UserError({
    en: `No feed of this server matches “${wanted}”. Its feeds: ${own}.`,
    fr: `Aucun flux de ce serveur ne correspond à « ${wanted} ». Ses flux : ${ownFr}.`,
  });
}

/**
 * The /feeds remove autocomplete: this server's feeds whose label or address contains what was typed (any case),
 * at most 25. The address is the value when it fits Discord's 100 characters, else the label (which removeFeed
 * also accepts).
 */
export function matchOwnFeeds(feeds: readonly GuildFeed[], typed: string): Choice[] {
  const wanted = typed.toLowerCase();
  return feeds
    .filter((feed) => feed.label.toLowerCase().includes(wanted) || feed.url.toLowerCase().includes(wanted))
    .slice(0, MAX_CHOICES)
    .map((feed) => ({ name: feed.label.slice(0, 100), value: feed.url.length <= 100 ? feed.url : feed.label.slice(0, 100) }));
}
