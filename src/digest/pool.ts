import { createPacer, drainSteps, runInSlices } from '../async/slices.ts';
import { groupStoriesStepwise } from '../feeds/identify/same-story.ts';
import { normalizeUrl } from '../feeds/identify/url.ts';
import type { Store } from '../store/index.ts';
import {
  DELIVERED_TTL_MS, deliveredKey, POOL_KEY, POOL_MAX_AGE_MS, POOL_MAX_ITEMS, POOL_MAX_NEW_PER_FEED, TURNED_AWAY_KEY, TURNED_AWAY_MAX_RECORDS,
  type TurnedAway,
} from './state.ts';
import { compareItems } from './compose/rank.ts';
import { feedKeyCache } from './feed-key.ts';
import { withCopies } from './pool-copies.ts';
import type { DigestItem } from './types.ts';
import { byCodeUnits } from '../order.ts';

/** What `candidatesFor` selects: one channel's feeds and period. */
export interface CandidateQuery {
  readonly channelId: string;
  /** Normalised feed URLs (as `DigestItem.feedUrl`) the channel's server tracks. */
  readonly feedUrls: ReadonlySet<string>;
  /** ISO time: items first seen before it are not sent (the server's `since`). */
  readonly since: string;
  readonly now: Date;
}

function timeOf(iso: string | undefined): number {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? -Infinity : time;
}

function isFresh(item: DigestItem, now: Date): boolean {
  return timeOf(item.firstSeenAt) >= now.getTime() - POOL_MAX_AGE_MS;
}

/**
 * The pool with `incoming` added (pure): items first seen more than POOL_MAX_AGE_MS before `now` leave first, at
 * most POOL_MAX_NEW_PER_FEED new items of one feed come in (its best), then each story is kept once (an item already
 * in the pool wins over a new copy, an earlier new item over a later one: the same id, the same link or nearly the
 * same headline), newest first (first seen, then published, then id), at most POOL_MAX_ITEMS.
 */
export function mergePool(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): DigestItem[] {
  return mergePoolCounting(current, incoming, now).pool;
}

/**
 * `mergePool`, and how many new items of each feed (by normalised URL) found no room: beyond POOL_MAX_NEW_PER_FEED
 * of one feed at once (its best kept, by the digest's ranking), so that a flood in one feed never pushes the others'
 * news out; and beyond POOL_MAX_ITEMS. They are never pooled, so digests count them ("+N more") instead of dropping
 * them unsaid. Pooled items pushed out by newer ones are not counted: most were delivered already.
 */
export function mergePoolCounting(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): MergedPool {
  return drainSteps(mergeSteps(current, incoming, now));
}

/** What `mergePoolCounting` returns: the new pool and the new items turned away, by feed. */
export interface MergedPool {
  readonly pool: DigestItem[];
  readonly turnedAway: Map<string, number>;
}

/** `mergePoolCounting`, yielding to the event loop between slices: a full pool is thousands of items to compare. */
export function mergePoolInSlices(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): Promise<MergedPool> {
  return runInSlices(mergeSteps(current, incoming, now));
}

/** `mergePoolCounting` step-wise (see `runInSlices`): a yield per item handled in each pass over the items. */
function* mergeSteps(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): Generator<void, MergedPool> {
  const turnedAway = new Map<string, number>();
  const feedKey = feedKeyCache();
  const count = (item: DigestItem) => {
    const feed = feedKey(item.feedUrl);
    turnedAway.set(feed, (turnedAway.get(feed) ?? 0) + 1);
  };
  const ids = new Set<string>();
  const kept = current.filter((item) => isFresh(item, now));
  const pooledIds = new Set(kept.map((item) => item.id));
  const admitted = admitPerFeed(incoming.filter((item) => !pooledIds.has(item.id)), feedKey, count);
  const unique = [...kept, ...admitted].filter((item) => !ids.has(item.id) && ids.add(item.id));
  const deduped = yield* dedupeStories(unique);
  const ordered = deduped
    // Each item's dates parsed once, not once per comparison.
    .map((item, index) => ({ item, index, seen: timeOf(item.firstSeenAt), published: timeOf(item.publishedAt) }))
    .sort((a, b) => b.seen - a.seen || b.published - a.published || byCodeUnits(a.item.id, b.item.id) || a.index - b.index)
    .map(({ item }) => item);
  for (const item of ordered.slice(POOL_MAX_ITEMS)) if (!pooledIds.has(item.id)) count(item);
  return { pool: ordered.slice(0, POOL_MAX_ITEMS), turnedAway };
}

/** The new items, at most POOL_MAX_NEW_PER_FEED of each feed (the best ranked), in their order; `refuse` gets the others. */
function admitPerFeed(items: readonly DigestItem[], feedKey: (feedUrl: string) => string, refuse: (item: DigestItem) => void): DigestItem[] {
  const byFeed = new Map<string, DigestItem[]>();
  for (const item of items) {
    const feed = feedKey(item.feedUrl);
    const list = byFeed.get(feed);
    if (list === undefined) byFeed.set(feed, [item]);
    else list.push(item);
  }
  const refused = new Set<DigestItem>();
  for (const list of byFeed.values()) {
    if (list.length <= POOL_MAX_NEW_PER_FEED) continue;
    for (const item of [...list].sort(compareItems).slice(POOL_MAX_NEW_PER_FEED)) {
      refused.add(item);
      refuse(item);
    }
  }
  return refused.size === 0 ? [...items] : items.filter((item) => !refused.has(item));
}

/**
 * The items left once each story is kept once, each remembering the outlets of the copies dropped (`alsoIn`, which
 * /leads counts). Publication dates take part, so a recurring headline (a weekly roundup) published days apart is not
 * mistaken for the same story.
 */
function* dedupeStories(items: readonly DigestItem[]): Generator<void, DigestItem[]> {
  const views = items.map((item, position) => ({
    position,
    title: item.title,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.publishedAt === undefined ? {} : { published: item.publishedAt }),
  }));
  const stories = yield* groupStoriesStepwise(views);
  const deduped: DigestItem[] = [];
  for (const [first, ...copies] of stories) {
    const kept = items[first?.position ?? -1] as DigestItem;
    deduped.push(copies.length === 0 ? kept : withCopies(kept, copies.map((copy) => items[copy.position] as DigestItem)));
    if (copies.length > 0) yield;
  }
  return deduped;
}

/** The pool: relevant items waiting to be digested, newest first. */
export async function readPool(store: Store): Promise<DigestItem[]> {
  return (await store.namespace<DigestItem[]>('history').get(POOL_KEY)) ?? [];
}

/**
 * Adds items to the pool (see `mergePool`) in one serialised update, so concurrent runs never lose each other's
 * items, and returns the ones that went in (not duplicates of a pooled story), newest first.
 */
export async function addToPool(store: Store, items: readonly DigestItem[], now: Date): Promise<DigestItem[]> {
  let added: DigestItem[] = [];
  let turnedAway = new Map<string, number>();
  // Thousands of pooled items read, merged and written in slices, still one atomic step (see `updateInSlices`).
  await store.namespace<DigestItem[]>('history').updateInSlices(POOL_KEY, async (current) => {
    const merged = await mergePoolInSlices(current ?? [], items, now);
    const pooledBefore = new Set((current ?? []).map((item) => item.id));
    added = merged.pool.filter((item) => !pooledBefore.has(item.id));
    turnedAway = merged.turnedAway;
    return merged.pool;
  });
  if (turnedAway.size > 0) await recordTurnedAway(store, turnedAway, now);
  return added;
}

/**
 * Appends one record per feed to the turned-away counts, dropping those older than the pool's age limit and the
 * oldest beyond TURNED_AWAY_MAX_RECORDS. A crash between the pool's update and this one loses the count (the pool
 * itself is whole): a count is information, not an item.
 */
async function recordTurnedAway(store: Store, counts: ReadonlyMap<string, number>, now: Date): Promise<void> {
  const at = now.toISOString();
  const oldest = now.getTime() - POOL_MAX_AGE_MS;
  const records = [...counts].map(([feed, count]): TurnedAway => ({ feed, at, count }));
  await store.namespace<TurnedAway[]>('history').update(TURNED_AWAY_KEY, (current) =>
    [...(current ?? []).filter((record) => timeOf(record.at) >= oldest), ...records].slice(-TURNED_AWAY_MAX_RECORDS),
  );
}

/**
 * By normalised feed URL, how many relevant items of `feedUrls` the pool turned away after `after` (exclusive) and
 * until `until` (inclusive): one digest's period, so each server counts each record once.
 */
export async function turnedAwayDuring(store: Store, feedUrls: ReadonlySet<string>, after: string, until: Date): Promise<Map<string, number>> {
  const feeds = new Set([...feedUrls].map(normalizeUrl));
  const from = timeOf(after);
  const records = (await store.namespace<TurnedAway[]>('history').get(TURNED_AWAY_KEY)) ?? [];
  const counts = new Map<string, number>();
  for (const record of records) {
    const at = timeOf(record.at);
    if (!feeds.has(record.feed) || at <= from || at > until.getTime()) continue;
    counts.set(record.feed, (counts.get(record.feed) ?? 0) + record.count);
  }
  return counts;
}

/**
 * The pooled items one channel should get next, newest first: from the given feeds, first seen at or after
 * `since` and within the pool's age limit, and not yet delivered to that channel.
 */
export async function candidatesFor(store: Store, query: CandidateQuery): Promise<DigestItem[]> {
  const feeds = new Set([...query.feedUrls].map(normalizeUrl));
  const since = Date.parse(query.since);
  if (Number.isNaN(since)) throw new RangeError(`candidatesFor: since is not a date: ${query.since}`);
  const feedKey = feedKeyCache();
  // Thousands of pooled items: checked in slices, so that interactions are answered meanwhile.
  const pace = createPacer();
  const eligible: DigestItem[] = [];
  for (const item of (await store.namespace<DigestItem[]>('history').getInSlices(POOL_KEY)) ?? []) {
    if (feeds.has(feedKey(item.feedUrl)) && timeOf(item.firstSeenAt) >= since && isFresh(item, query.now)) eligible.push(item);
    await pace();
  }
  if (eligible.length === 0) return [];
  const delivered = await store
    .namespace<string>('history')
    .getMany(eligible.map((item) => deliveredKey(query.channelId, item.id)));
  return eligible.filter((_item, index) => delivered[index] === undefined);
}

/**
 * Records that Discord accepted the message carrying these items in that channel (each kept DELIVERED_TTL_MS);
 * `summary`: the message only counted them ("+N more"), and they are not offered again either.
 */
export async function markDelivered(
  store: Store,
  channelId: string,
  itemIds: readonly string[],
  at: Date | string,
  how: 'shown' | 'summary' = 'shown',
): Promise<void> {
  const time = typeof at === 'string' ? at : at.toISOString();
  const when = how === 'summary' ? `summary:${time}` : time;
  const history = store.namespace<string>('history');
  await Promise.all([...new Set(itemIds)].map((id) => history.set(deliveredKey(channelId, id), when, DELIVERED_TTL_MS)));
}
