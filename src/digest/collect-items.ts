import type { FeedItem } from '../feeds/item.ts';
import type { Relevance } from '../feeds/relevance.ts';
import { SEEN_TTL_MS } from './state.ts';
import type { DigestItem } from './types.ts';

/** Where a pooled item came from: the tracked feed's store key and its label. */
export interface ItemSource {
  readonly feedKey: string;
  readonly label: string;
}

/** Each id once (a feed that lists an item twice), first copy kept. */
export function uniqueById(items: readonly FeedItem[]): FeedItem[] {
  const ids = new Set<string>();
  return items.filter((item) => !ids.has(item.id) && ids.add(item.id));
}

/** A relevant feed item as it waits in the pool. `feedUrl` is the tracked feed's key, whatever address answered. */
export function toDigestItem(item: FeedItem, relevance: Relevance, source: ItemSource, firstSeenAt: string): DigestItem {
  return {
    id: item.id,
    title: item.title,
    summary: item.summary,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.published === undefined ? {} : { publishedAt: item.published }),
    firstSeenAt,
    feedUrl: source.feedKey,
    feedLabel: source.label,
    companies: [...relevance.companies],
    dimensions: [...relevance.dimensions],
    score: relevance.score,
    reasons: [...relevance.reasons],
    possibleRetreat: relevance.possibleRetreat,
  };
}

/**
 * Whether a seen mark must be written again so it does not expire while the item is still in its feed: past half
 * its TTL. Without this, an item a feed keeps for months would come back as new once its mark expired.
 */
export function seenNeedsRefresh(firstSeenAt: string, now: Date): boolean {
  const time = Date.parse(firstSeenAt);
  return Number.isNaN(time) || now.getTime() - time > SEEN_TTL_MS / 2;
}
