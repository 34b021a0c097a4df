import type { Locale, LocalizedText } from '../i18n/locale.ts';
import type { MessagePayload } from '../render/payload.ts';
import type { DigestItem } from './types.ts';

/**
 * What the digest keeps in the store, by namespace and key. Every value is plain JSON (ISO strings for times).
 *
 * | namespace | key | value |
 * |---|---|---|
 * | feeds   | feedKey(url)                  | FeedState (HTTP validators, seeding, health, the claim of the run fetching it) |
 * | seen    | itemKey(feedUrl, itemId)      | ISO time first seen (TTL SEEN_TTL_MS) |
 * | history | POOL_KEY                      | DigestItem[]: relevant items waiting to be digested, newest first |
 * | history | deliveredKey(channelId, id)   | ISO time Discord accepted the message carrying it, or "summary:" + that time for an item only counted in it (TTL DELIVERED_TTL_MS) |
 * | history | TURNED_AWAY_KEY               | TurnedAway[]: relevant items the pool had no room for, counted per feed and collection |
 * | history | newsKey(guildId)              | NewsRecord[]: what was delivered to that server, newest first (for /company) |
 * | history | leadsKey(guildId)             | LeadRecord[]: possible new retreats delivered to that server, newest first (for /leads; see deliver/leads.ts) |
 * | guilds  | GUILD_INDEX_KEY               | string[]: ids of servers with settings |
 * | guilds  | guildId                       | GuildSettings |
 * | outbox  | guildId                       | Outbox: the digest being delivered to that server |
 * | outbox  | noticeKey(guildId)            | FeedNoticeAttempt: the failing-feeds notice being posted to that server |
 */

export const SEEN_TTL_MS = 60 * 24 * 60 * 60 * 1000;
export const DELIVERED_TTL_MS = 60 * 24 * 60 * 60 * 1000;
/** Items older than this (first seen) leave the pool: a digest is about news. A weekly digest's week, with two days to spare. */
export const POOL_MAX_AGE_MS = 9 * 24 * 60 * 60 * 1000;
/** Room for a week of relevant items across every tracked feed, with the same margin. */
export const POOL_MAX_ITEMS = 3_000;
/** New items of one feed pooled at once at most: a flood in one feed leaves room for the others. */
export const POOL_MAX_NEW_PER_FEED = 500;
export const NEWS_HISTORY_MAX = 300;
export const POOL_KEY = 'pool';
export const TURNED_AWAY_KEY = 'pool-turned-away';
/** Turned-away records kept at most (the oldest go first; all go after POOL_MAX_AGE_MS). */
export const TURNED_AWAY_MAX_RECORDS = 1_000;
export const GUILD_INDEX_KEY = '__index';

export const feedKey = (normalizedFeedUrl: string) => normalizedFeedUrl;
export const itemKey = (feedUrl: string, itemId: string) => `${feedUrl}#${itemId}`;
export const deliveredKey = (channelId: string, itemId: string) => `delivered:${channelId}:${itemId}`;
export const newsKey = (guildId: string) => `news:${guildId}`;
export const noticeKey = (guildId: string) => `notice:${guildId}`;

/** One tracked feed's state across runs. */
export interface FeedState {
  readonly url: string;
  etag?: string;
  lastModified?: string;
  /** True once a first successful read recorded what was there (and posted none of it). */
  seeded: boolean;
  /** When that first read happened: later items dated well before it are archive, not news. */
  firstReadAt?: string;
  /** When a run last recorded a fetch of the feed (with its outcome, once its items were pooled). */
  lastFetchAt?: string;
  /** The run fetching the feed right now, if any: others skip it until `until` (renewed while that run goes on). */
  claim?: FetchClaim;
  lastSuccessAt?: string;
  lastStatus?: number;
  lastError?: { code: string; message: LocalizedText; at: string };
  consecutiveFailures: number;
  /** Not before this time (a 429/503 Retry-After): the next run skips the feed until then. */
  retryAfterUntil?: string;
  /** Servers already told this feed keeps failing (told once per failure streak). */
  failureReportedTo?: string[];
  /** Written by versions that posted one notice per feed; no longer written, cleared by the next success. */
  noticeAttemptedFor?: string[];
}

/** A short lease on a feed's fetch: the run `by` (its id) holds it until `until` (ISO) unless it renews it. */
export interface FetchClaim {
  readonly by: string;
  readonly until: string;
}

/** A feed a server added with /feeds add. */
export interface GuildFeed {
  readonly url: string;
  readonly label: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

/** One server's digest settings. */
export interface GuildSettings {
  readonly guildId: string;
  channelId?: string;
  cron: string;
  timeZone: string;
  locale: Locale;
  enabled: boolean;
  feeds: GuildFeed[];
  /** When the digest was set up: items first seen before it are not sent to this server. */
  since: string;
  lastRunAt?: string;
  lastRun?: { at: string; ok: boolean; delivered: number; pending: number; error?: LocalizedText };
  /** Words or phrases (as the admin typed them): an item is kept only if it matches an include (when any) and no exclude. */
  filters?: DigestFilters;
  /** The role pinged, alone, in the digest message that holds possible new retreats. */
  alertRoleId?: string;
  /** The most items one digest shows (default DEFAULT_DIGEST_ITEMS); the rest is counted and the best carried. */
  maxItems?: number;
  /** Daily (default) or weekly, on `weekday` (1 = Monday … 7 = Sunday, ISO 8601), in `timeZone`; `cron` follows it. */
  frequency?: DigestFrequency;
  weekday?: number;
  /** Default feeds (ids from data/feeds.json) this server does not want fetched for its digest. */
  mutedFeeds?: string[];
}

export interface DigestFilters {
  include: string[];
  exclude: string[];
}

export type DigestFrequency = 'daily' | 'weekly';

/** Items shown in one digest unless the server chose otherwise (`/digest setup items:`), and the bounds it may choose in. */
export const DEFAULT_DIGEST_ITEMS = 20;
export const MIN_DIGEST_ITEMS = 1;
export const MAX_DIGEST_ITEMS = 50;

/** What the server's digests delivered, for /company's latest news. */
export interface NewsRecord {
  readonly itemId: string;
  readonly title: string;
  readonly link?: string;
  readonly publishedAt?: string;
  readonly feedLabel: string;
  readonly companies: readonly string[];
  readonly dimensions: readonly string[];
  readonly deliveredAt: string;
}

/** A digest being delivered: saved before the first message is sent, so a restart finishes it. */
export interface Outbox {
  readonly runId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly createdAt: string;
  messages: OutboxMessage[];
}

export interface OutboxMessage {
  readonly index: number;
  /** Discord's idempotency key for this message (≤ 25 characters), with enforce_nonce. */
  readonly nonce: string;
  /** Marker in the last embed's footer, so a restart can find the message in the channel. */
  readonly marker: string;
  readonly payload: MessagePayload;
  readonly itemIds: readonly string[];
  /** Items the message only counts ("+N more"): marked delivered by summary when Discord accepts it. */
  readonly summarizedIds?: readonly string[];
  /** Set just before the first POST: after a crash, look for the marker before sending again. */
  attempted: boolean;
  /** Discord's id once it accepted the message. */
  messageId?: string;
}

export type { DigestItem };

/** Relevant items of one feed the pool had no room for in one collection (they were never pooled). */
export interface TurnedAway {
  /** Normalised feed URL. */
  readonly feed: string;
  /** ISO time of the collection. */
  readonly at: string;
  readonly count: number;
}

/**
 * The one failing-feeds notice of a run, saved before it is posted: after a crash, the next run looks for its
 * marker in the channel (and posts it again with the same nonce if it is not there) before any new notice.
 */
export interface FeedNoticeAttempt {
  readonly nonce: string;
  readonly marker: string;
  readonly payload: MessagePayload;
  /** Every feed the notice is about (named or counted in "+k more"), with its failures when it was composed. */
  readonly feeds: readonly { readonly url: string; readonly consecutiveFailures: number }[];
  readonly createdAt: string;
}
