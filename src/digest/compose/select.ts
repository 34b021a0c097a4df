import { normalizeUrl } from '../../feeds/identify/url.ts';
import { rankItems } from './rank.ts';
import { feedKeyCache } from '../feed-key.ts';
import type { DigestItem } from '../types.ts';

/** How much one digest may hold (DIGEST_MAX_MESSAGES, DIGEST_MAX_ITEMS_PER_FEED). */
export interface DigestLimits {
  /** Messages one digest run posts at most, the header and the "+N more" lines included. */
  readonly maxMessages: number;
  /** Items of one feed one digest shows at most. */
  readonly maxItemsPerFeed: number;
  /**
   * Items one digest shows at most, and carries at most to the next: the server's `/digest setup items:` unless the
   * run sets one for every server; none: no such cap.
   */
  readonly maxItems?: number;
}

export const DEFAULT_DIGEST_LIMITS: DigestLimits = Object.freeze({ maxMessages: 5, maxItemsPerFeed: 10 });

/**
 * What the settings accept. Two messages at least: the header, one item of the largest size and the "+N more"
 * lines always fit in two, so every digest shows something and the carried items move on.
 */
export const DIGEST_LIMIT_BOUNDS = {
  maxMessages: { min: 2, max: 20 },
  maxItemsPerFeed: { min: 1, max: 100 },
  maxItems: { min: 1, max: 10_000 },
} as const;

/** Throws a RangeError unless every limit set is a whole number within `DIGEST_LIMIT_BOUNDS`. */
export function checkDigestLimits(limits: DigestLimits): void {
  for (const key of ['maxMessages', 'maxItemsPerFeed', 'maxItems'] as const) {
    const { min, max } = DIGEST_LIMIT_BOUNDS[key];
    const value = limits[key];
    if (key === 'maxItems' && value === undefined) continue;
    if (value === undefined || !Number.isInteger(value) || value < min || value > max) throw new RangeError(`digest limits: ${key} must be a whole number from ${min} to ${max}, not ${value}`);
  }
}

/** One feed's items the digest does not show: carried and summarised ones, and those the pool had no room for. */
export interface FeedOverflow {
  /** The feed's normalised URL. */
  readonly feed: string;
  /** The feed's name: UNTRUSTED. */
  readonly label: string;
  readonly count: number;
}

/**
 * Which of the candidates a digest shows, and what becomes of the others (the rule, also in the README):
 * - each feed shows at most `maxItemsPerFeed` items, the best by the digest's ranking (possible retreats, score,
 *   newest), and the digest as many of those as fit in `maxMessages` messages and `maxItems` (when set), best first;
 * - of each feed's items not shown, the next `maxItemsPerFeed` best are CARRIED (`maxItems` at most in all, the best
 *   first): not marked, they are candidates again at the next digest (where they compete with what came in meanwhile);
 * - the feed's others are SUMMARISED: counted in the digest's "+N more from Feed" line, then marked delivered (by
 *   summary) once Discord accepted the message that counts them, so they never come back;
 * - items the shared pool had no room for (`turnedAway`, by feed) are counted in the same line; they are not in the
 *   store to be marked.
 * So nothing is dropped unsaid, a flood costs one line, and what waits stays bounded (one digest's worth per feed).
 */
export interface DigestPlan {
  /** Shown, best first. */
  readonly shown: readonly DigestItem[];
  readonly carried: readonly string[];
  readonly summarized: readonly string[];
  /** Feeds with items not shown, the most first. */
  readonly overflow: readonly FeedOverflow[];
  /** Items not carried only because the digest's `maxItems` had been carried already. */
  readonly carryCapped: boolean;
}

/** What the caller knows beyond the candidates: the pool's turned-away counts and the feeds' current names. */
export interface OverflowInput {
  /** By normalised feed URL: relevant items the pool had no room for during the digest's period. */
  readonly turnedAway?: ReadonlyMap<string, number>;
  /** By normalised feed URL: the feed's name as the server tracks it (else the items' own label). */
  readonly labels?: ReadonlyMap<string, string>;
}

/** The candidates ranked best first (each id once), with each one's position among its feed's. */
export interface RankedCandidates {
  readonly ranked: readonly DigestItem[];
  readonly feedOf: ReadonlyMap<string, string>;
  readonly rankInFeed: ReadonlyMap<string, number>;
}

export function rankCandidates(items: readonly DigestItem[]): RankedCandidates {
  const ranked = rankItems(items);
  const feedKey = feedKeyCache();
  const feedOf = new Map<string, string>();
  const rankInFeed = new Map<string, number>();
  const perFeed = new Map<string, number>();
  for (const item of ranked) {
    const feed = feedKey(item.feedUrl);
    const rank = perFeed.get(feed) ?? 0;
    perFeed.set(feed, rank + 1);
    feedOf.set(item.id, feed);
    rankInFeed.set(item.id, rank);
  }
  return { ranked, feedOf, rankInFeed };
}

/** The items the digest may show, best first: each feed's `maxItemsPerFeed` best, `maxItems` at most. */
export function showable(candidates: RankedCandidates, limits: DigestLimits): DigestItem[] {
  const items = candidates.ranked.filter((item) => (candidates.rankInFeed.get(item.id) ?? 0) < limits.maxItemsPerFeed);
  return limits.maxItems === undefined ? items : items.slice(0, limits.maxItems);
}

/** The plan when the first `shownCount` showable items are shown (see `DigestPlan`). Pure. */
export function planDigest(candidates: RankedCandidates, limits: DigestLimits, shownCount: number, input: OverflowInput = {}): DigestPlan {
  const shown = showable(candidates, limits).slice(0, Math.max(0, shownCount));
  const shownIds = new Set(shown.map((item) => item.id));
  const carried: string[] = [];
  const summarized: string[] = [];
  const counts = new Map<string, number>();
  const labels = new Map<string, string>();
  const notShownInFeed = new Map<string, number>();
  const carryRoom = limits.maxItems ?? Infinity;
  let carryCapped = false;
  for (const item of candidates.ranked) {
    const feed = candidates.feedOf.get(item.id) ?? normalizeUrl(item.feedUrl);
    if (!labels.has(feed)) labels.set(feed, item.feedLabel);
    if (shownIds.has(item.id)) continue;
    const position = notShownInFeed.get(feed) ?? 0;
    notShownInFeed.set(feed, position + 1);
    const carry = position < limits.maxItemsPerFeed && carried.length < carryRoom;
    if (position < limits.maxItemsPerFeed && !carry) carryCapped = true;
    (carry ? carried : summarized).push(item.id);
    counts.set(feed, (counts.get(feed) ?? 0) + 1);
  }
  for (const [feed, count] of input.turnedAway ?? []) {
    if (count > 0) counts.set(feed, (counts.get(feed) ?? 0) + count);
  }
  const overflow = [...counts].map(([feed, count]): FeedOverflow => ({ feed, count, label: input.labels?.get(feed) ?? labels.get(feed) ?? feed }));
  overflow.sort((a, b) => b.count - a.count || (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : 0));
  return { shown, carried, summarized, overflow, carryCapped };
}
