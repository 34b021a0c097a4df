import { normalizeUrl } from '../../feeds/identify/url.ts';
import { DEFAULT_DIGEST_LIMITS, type CappedDigest } from '../compose/compose.ts';
import { composeCappedDigestInSlices } from '../compose/compose-sliced.ts';
import { applyFilters, compileFilters, type FilteredOut } from '../compose/filters.ts';
import { trackedFeeds } from '../collect/tracked-feeds.ts';
import { seenSinceFeedAdded } from '../feed-since.ts';
import { candidatesFor, turnedAwayDuring } from '../pool.ts';
import { DEFAULT_DIGEST_ITEMS, MAX_DIGEST_ITEMS, MIN_DIGEST_ITEMS, type GuildSettings, type Outbox } from '../state.ts';
import type { DigestContext } from '../types.ts';
import type { RunDeps } from './types.ts';

/** A server's digest, and the items its filters kept out of it (neither shown, counted nor carried). */
export interface ComposedFor extends CappedDigest {
  readonly filtered: readonly FilteredOut[];
}

/**
 * The server's digest now: the pooled items of its feeds it has not received (less `exclude`) that pass its filters,
 * and what the pool turned away during the digest's period, composed within the run's limits and the server's item cap.
 */
export async function composeFor(deps: RunDeps, settings: GuildSettings & { channelId: string }, ctx: DigestContext, now: Date, exclude: ReadonlySet<string>): Promise<ComposedFor> {
  const feeds = trackedFeeds(deps.kb, settings);
  const feedUrls = new Set(feeds.map((feed) => feed.url));
  const candidates = await candidatesFor(deps.store, { channelId: settings.channelId, feedUrls, since: settings.since, now });
  const turnedAway = await turnedAwayDuring(deps.store, feedUrls, ctx.since ?? settings.since, now);
  const labels = new Map(feeds.map((feed) => [normalizeUrl(feed.url), feed.label]));
  const isNews = seenSinceFeedAdded(settings);
  const { kept, filtered } = applyFilters(compileFilters(settings.filters), candidates.filter((item) => !exclude.has(item.id) && isNews(item)));
  const limits = { ...(deps.limits ?? DEFAULT_DIGEST_LIMITS), maxItems: deps.limits?.maxItems ?? itemCap(settings) };
  return { ...(await composeCappedDigestInSlices(deps.kb, kept, ctx, limits, { turnedAway, labels })), filtered };
}

/** The server's cap on a digest's items: its `maxItems` when within bounds (a stored value is not trusted), else the default. */
export function itemCap(settings: Pick<GuildSettings, 'maxItems'>): number {
  const chosen = settings.maxItems;
  return chosen !== undefined && Number.isInteger(chosen) && chosen >= MIN_DIGEST_ITEMS && chosen <= MAX_DIGEST_ITEMS ? chosen : DEFAULT_DIGEST_ITEMS;
}

/**
 * Who the digest is for and the period it covers: since the end of the last composed digest, which is the leftover
 * outbox's when a crash kept `lastRunAt` from being recorded (so its counts are not counted again).
 */
export function digestContext(settings: GuildSettings, now: Date, leftover?: Outbox): DigestContext {
  const last = settings.lastRunAt ?? settings.since;
  const since = leftover !== undefined && leftover.createdAt > last ? leftover.createdAt : last;
  return {
    locale: settings.locale,
    since,
    now: now.toISOString(),
    ...(settings.frequency === 'weekly' ? { weekly: true } : {}),
    ...(settings.alertRoleId === undefined ? {} : { alertRoleId: settings.alertRoleId }),
  };
}
