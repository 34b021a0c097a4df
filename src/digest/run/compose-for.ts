import { normalizeUrl } from '../../feeds/identify/url.ts';
import { composeCappedDigest, DEFAULT_DIGEST_LIMITS, type CappedDigest } from '../compose/compose.ts';
import { trackedFeeds } from '../deliver/feed-notices.ts';
import { seenSinceFeedAdded } from '../feed-since.ts';
import { candidatesFor, turnedAwayDuring } from '../pool.ts';
import type { GuildSettings, Outbox } from '../state.ts';
import type { DigestContext } from '../types.ts';
import type { RunDeps } from './types.ts';

/**
 * The server's digest now: the pooled items of its feeds it has not received (less `exclude`), and what the pool
 * turned away during the digest's period, composed within the run's limits.
 */
export async function composeFor(deps: RunDeps, settings: GuildSettings & { channelId: string }, ctx: DigestContext, now: Date, exclude: ReadonlySet<string>): Promise<CappedDigest> {
  const feeds = trackedFeeds(deps.kb, settings);
  const feedUrls = new Set(feeds.map((feed) => feed.url));
  const candidates = await candidatesFor(deps.store, { channelId: settings.channelId, feedUrls, since: settings.since, now });
  const turnedAway = await turnedAwayDuring(deps.store, feedUrls, ctx.since ?? settings.since, now);
  const labels = new Map(feeds.map((feed) => [normalizeUrl(feed.url), feed.label]));
  const isNews = seenSinceFeedAdded(settings);
  const items = candidates.filter((item) => !exclude.has(item.id) && isNews(item));
  return composeCappedDigest(deps.kb, items, ctx, deps.limits ?? DEFAULT_DIGEST_LIMITS, { turnedAway, labels });
}

/**
 * Who the digest is for and the period it covers: since the end of the last composed digest, which is the leftover
 * outbox's when a crash kept `lastRunAt` from being recorded (so its counts are not counted again).
 */
export function digestContext(settings: GuildSettings, now: Date, leftover?: Outbox): DigestContext {
  const last = settings.lastRunAt ?? settings.since;
  const since = leftover !== undefined && leftover.createdAt > last ? leftover.createdAt : last;
  return { locale: settings.locale, since, now: now.toISOString() };
}
