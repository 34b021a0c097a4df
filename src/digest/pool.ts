import { dedupeItems, normalizeUrl } from '../feeds/identity.ts';
import type { Store } from '../store/index.ts';
import { DELIVERED_TTL_MS, deliveredKey, POOL_KEY, POOL_MAX_AGE_MS, POOL_MAX_ITEMS } from './state.ts';
import type { DigestItem } from './types.ts';

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

function compareIds(a: DigestItem, b: DigestItem): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isFresh(item: DigestItem, now: Date): boolean {
  return timeOf(item.firstSeenAt) >= now.getTime() - POOL_MAX_AGE_MS;
}

/**
 * The pool with `incoming` added (pure): items first seen more than POOL_MAX_AGE_MS before `now` leave first, then
 * each story is kept once (an item already in the pool wins over a new copy, an earlier new item over a later one:
 * the same id, the same link or nearly the same headline), newest first (first seen, then published, then id), at
 * most POOL_MAX_ITEMS.
 */
export function mergePool(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): DigestItem[] {
  const ids = new Set<string>();
  const unique = [...current.filter((item) => isFresh(item, now)), ...incoming].filter(
    (item) => !ids.has(item.id) && ids.add(item.id),
  );
  return dedupeStories(unique)
    // Each item's dates parsed once, not once per comparison.
    .map((item, index) => ({ item, index, seen: timeOf(item.firstSeenAt), published: timeOf(item.publishedAt) }))
    .sort((a, b) => b.seen - a.seen || b.published - a.published || compareIds(a.item, b.item) || a.index - b.index)
    .map(({ item }) => item)
    .slice(0, POOL_MAX_ITEMS);
}

/**
 * The items left once each story is kept once. Publication dates take part, so a recurring headline (a weekly
 * roundup) published days apart is not mistaken for the same story.
 */
function dedupeStories(items: readonly DigestItem[]): DigestItem[] {
  const views = items.map((item) => ({
    id: item.id,
    title: item.title,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.publishedAt === undefined ? {} : { published: item.publishedAt }),
  }));
  const kept = new Set(dedupeItems(views).map((view) => view.id));
  return items.filter((item) => kept.has(item.id));
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
  await store.namespace<DigestItem[]>('history').update(POOL_KEY, (current) => {
    const pool = mergePool(current ?? [], items, now);
    const pooledBefore = new Set((current ?? []).map((item) => item.id));
    added = pool.filter((item) => !pooledBefore.has(item.id));
    return pool;
  });
  return added;
}

/**
 * The pooled items one channel should get next, newest first: from the given feeds, first seen at or after
 * `since` and within the pool's age limit, and not yet delivered to that channel.
 */
export async function candidatesFor(store: Store, query: CandidateQuery): Promise<DigestItem[]> {
  const feeds = new Set([...query.feedUrls].map(normalizeUrl));
  const since = Date.parse(query.since);
  if (Number.isNaN(since)) throw new RangeError(`candidatesFor: since is not a date: ${query.since}`);
  const eligible = (await readPool(store)).filter(
    (item) => feeds.has(normalizeUrl(item.feedUrl)) && timeOf(item.firstSeenAt) >= since && isFresh(item, query.now),
  );
  if (eligible.length === 0) return [];
  const delivered = await store
    .namespace<string>('history')
    .getMany(eligible.map((item) => deliveredKey(query.channelId, item.id)));
  return eligible.filter((_item, index) => delivered[index] === undefined);
}

/** Records that Discord accepted the message carrying these items in that channel (each kept DELIVERED_TTL_MS). */
export async function markDelivered(
  store: Store,
  channelId: string,
  itemIds: readonly string[],
  at: Date | string,
): Promise<void> {
  const when = typeof at === 'string' ? at : at.toISOString();
  const history = store.namespace<string>('history');
  await Promise.all([...new Set(itemIds)].map((id) => history.set(deliveredKey(channelId, id), when, DELIVERED_TTL_MS)));
}
