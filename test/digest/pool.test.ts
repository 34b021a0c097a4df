import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareItems } from '../../src/digest/compose/rank.ts';
import { MAX_STORY_COPIES } from '../../src/digest/pool-copies.ts';
import { addToPool, candidatesFor, markDelivered, mergePool, mergePoolCounting, readPool, turnedAwayDuring } from '../../src/digest/pool.ts';
import { DELIVERED_TTL_MS, deliveredKey, POOL_KEY, POOL_MAX_AGE_MS, POOL_MAX_ITEMS, POOL_MAX_NEW_PER_FEED } from '../../src/digest/state.ts';
import { normalizeUrl } from '../../src/feeds/identify/url.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { HOUR } from '../support/time.ts';
import { countTurns } from '../support/event-loop.ts';

const NOW = new Date('2025-07-23T08:00:00Z');
const FEED_A = 'https://a.example/feed';
const FEED_B = 'https://b.example/rss';
const FEED_C = 'https://c.example/atom';

let counter = 0;
function item(overrides: Partial<DigestItem> & { hoursAgo?: number } = {}): DigestItem {
  const n = ++counter;
  const { hoursAgo = 1, ...rest } = overrides;
  return {
    id: `id-${n}`,
    title: `Report k${n}a on k${n}b and k${n}c export rules`,
    summary: '',
    link: `https://news.example/${n}`,
    firstSeenAt: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString(),
    feedUrl: FEED_A,
    feedLabel: 'A',
    companies: [],
    dimensions: [],
    score: 3,
    reasons: [],
    possibleRetreat: false,
    ...rest,
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('mergePool', () => {
  it('keeps each story once, preferring the pooled copy, then the earlier new one; newest first', () => {
    const pooled = item({ title: 'AWS to close its Shanghai AI lab amid tensions', hoursAgo: 5 });
    const copy = item({ title: 'AWS closes its Shanghai AI lab amid tensions', feedUrl: FEED_B, hoursAgo: 0 });
    const sameLink = item({ link: `${pooled.link}?utm_source=x`, hoursAgo: 0 });
    const sameId = { ...item({ hoursAgo: 0 }), id: pooled.id };
    const fresh1 = item({ hoursAgo: 0 });
    const fresh2 = { ...item({ hoursAgo: 0 }), title: fresh1.title, link: 'https://elsewhere.example/x' };
    const merged = mergePool([pooled], [copy, sameLink, sameId, fresh1, fresh2], NOW);
    expect(merged.map((i) => i.id)).toEqual([fresh1.id, pooled.id]);
    // The pooled copy wins and remembers the other outlet that carried the story (not its own feed's copy).
    expect(merged[1]).toEqual({ ...pooled, alsoIn: [{ feedUrl: FEED_B, feedLabel: copy.feedLabel, link: copy.link }] });
  });

  it('remembers every other outlet of a kept story once, across merges, never its own feed, at most MAX_STORY_COPIES', () => {
    const title = 'Acme Robotics closes its Shanghai lab and lays off staff';
    const kept = item({ title, feedUrl: FEED_A, feedLabel: 'Wire A', hoursAgo: 3 });
    const fromB = item({ title, feedUrl: `${FEED_B}?utm_source=x`, feedLabel: 'Wire B', hoursAgo: 0 });
    const againB = item({ title: `${title}.`, feedUrl: FEED_B, feedLabel: 'Wire B', hoursAgo: 0 });
    const fromOwnFeed = item({ title, feedUrl: FEED_A, feedLabel: 'Wire A', hoursAgo: 0 });
    const first = mergePool([], [kept, fromB, againB, fromOwnFeed], NOW);
    expect(first).toHaveLength(1);
    expect(first[0]?.id).toBe(kept.id);
    expect(first[0]?.alsoIn).toEqual([{ feedUrl: fromB.feedUrl, feedLabel: 'Wire B', link: fromB.link }]);

    const fromC = item({ title, feedUrl: FEED_C, feedLabel: 'Wire C', hoursAgo: 0 });
    const second = mergePool(first, [fromC], NOW);
    expect(second[0]?.alsoIn?.map((copy) => copy.feedLabel)).toEqual(['Wire B', 'Wire C']);

    const many = Array.from({ length: MAX_STORY_COPIES + 5 }, (_, n) => item({ title, feedUrl: `https://m${n}.example/feed`, hoursAgo: 0 }));
    expect(mergePool(second, many, NOW)[0]?.alsoIn).toHaveLength(MAX_STORY_COPIES);
  });

  it('keeps a recurring headline published days apart: a weekly roundup is not the same story', () => {
    const title = 'This week in China tech: chips, export rules and AI labs';
    const lastWeek = item({ title, publishedAt: new Date(NOW.getTime() - 96 * HOUR).toISOString(), hoursAgo: 96 });
    const thisWeek = item({ title, publishedAt: new Date(NOW.getTime() - 2 * HOUR).toISOString(), hoursAgo: 2 });
    const sameDayCopy = item({ title, publishedAt: new Date(NOW.getTime() - 3 * HOUR).toISOString(), hoursAgo: 2 });
    expect(mergePool([lastWeek], [thisWeek, sameDayCopy], NOW).map((i) => i.id)).toEqual([thisWeek.id, lastWeek.id]);
  });

  it('drops items first seen more than POOL_MAX_AGE_MS ago, so a new copy of an expired story comes in', () => {
    const hours = POOL_MAX_AGE_MS / HOUR;
    const expired = item({ title: 'Microsoft moves AI researchers out of Beijing lab', hoursAgo: hours + 1 });
    const edge = item({ hoursAgo: hours - 1 });
    const again = item({ title: expired.title, link: expired.link ?? '', hoursAgo: 0 });
    const merged = mergePool([edge, expired], [again], NOW);
    expect(merged.map((i) => i.id)).toEqual([again.id, edge.id]);
  });

  it(`keeps at most POOL_MAX_ITEMS (${POOL_MAX_ITEMS}), the newest`, () => {
    const current = Array.from({ length: POOL_MAX_ITEMS }, (_, index) => item({ hoursAgo: 1 + index / 100 }));
    const incoming = [item({ hoursAgo: 0 }), item({ hoursAgo: 0 })];
    const merged = mergePool(current, incoming, NOW);
    expect(merged).toHaveLength(POOL_MAX_ITEMS);
    expect(merged.slice(0, 2).map((i) => i.id).sort()).toEqual(incoming.map((i) => i.id).sort());
    expect(merged.at(-1)?.id).toBe(current.at(-3)?.id);
  });
});

describe('what the pool turns away is counted, per feed', () => {
  it(`pools at most POOL_MAX_NEW_PER_FEED (${POOL_MAX_NEW_PER_FEED}) new items of one feed, its best: the other feeds keep their place`, () => {
    const pooled = Array.from({ length: 100 }, () => item({ feedUrl: FEED_B, hoursAgo: 5 }));
    const flood = Array.from({ length: 3_000 }, (_, n) => item({ feedUrl: FEED_A, hoursAgo: 0, score: n % 9, possibleRetreat: n % 97 === 0 }));
    const small = Array.from({ length: 5 }, () => item({ feedUrl: FEED_C, hoursAgo: 0 }));
    const { pool, turnedAway } = mergePoolCounting(pooled, [...flood, ...small], NOW);
    expect(pool).toHaveLength(100 + POOL_MAX_NEW_PER_FEED + 5);
    const ids = new Set(pool.map((entry) => entry.id));
    expect([...pooled, ...small].every((entry) => ids.has(entry.id))).toBe(true);
    expect(new Set(flood.filter((entry) => ids.has(entry.id)).map((entry) => entry.id))).toEqual(
      new Set([...flood].sort(compareItems).slice(0, POOL_MAX_NEW_PER_FEED).map((entry) => entry.id)),
    );
    expect(turnedAway).toEqual(new Map([[normalizeUrl(FEED_A), 3_000 - POOL_MAX_NEW_PER_FEED]]));
    expect(mergePool(pooled, [...flood, ...small], NOW)).toEqual(pool);
  });

  it('counts new items beyond POOL_MAX_ITEMS, not the pooled ones pushed out nor copies of a pooled story', () => {
    const pooled = Array.from({ length: POOL_MAX_ITEMS - 10 }, () => item({ feedUrl: FEED_B, hoursAgo: 1 }));
    const older = [...Array.from({ length: 12 }, () => item({ feedUrl: FEED_A, hoursAgo: 2 })), ...Array.from({ length: 8 }, () => item({ feedUrl: FEED_C, hoursAgo: 2 }))];
    const copy = { ...pooled[0]!, id: 'copy-of-a-pooled-story', firstSeenAt: NOW.toISOString() };
    const { pool, turnedAway } = mergePoolCounting(pooled, [copy, ...older], NOW);
    expect(pool).toHaveLength(POOL_MAX_ITEMS);
    expect([...turnedAway.values()].reduce((sum, n) => sum + n, 0)).toBe(10);
    expect(pool.some((entry) => entry.id === copy.id)).toBe(false);

    const newer = Array.from({ length: 30 }, () => item({ feedUrl: FEED_C, hoursAgo: 0 }));
    const pushed = mergePoolCounting(pooled, newer, NOW);
    expect(pushed.pool.slice(0, 30).map((entry) => entry.id).sort()).toEqual(newer.map((entry) => entry.id).sort());
    expect(pushed.turnedAway.size).toBe(0);
  });

  it('addToPool records the counts; turnedAwayDuring sums them over one period, for the given feeds', async () => {
    const store = createMemoryStore();
    const flood = (hoursAgo: number, count: number) => Array.from({ length: count }, () => item({ feedUrl: FEED_A, hoursAgo }));
    const first = new Date(NOW.getTime() - 3 * HOUR);
    await addToPool(store, flood(3, POOL_MAX_NEW_PER_FEED + 7), first);
    await addToPool(store, [...flood(1, POOL_MAX_NEW_PER_FEED + 20), item({ feedUrl: FEED_B, hoursAgo: 1 })], new Date(NOW.getTime() - HOUR));
    const feeds = new Set(['http://www.a.example/feed/', FEED_B]);
    const key = normalizeUrl(FEED_A);
    expect(await turnedAwayDuring(store, feeds, new Date(NOW.getTime() - 4 * HOUR).toISOString(), NOW)).toEqual(new Map([[key, 27]]));
    expect(await turnedAwayDuring(store, feeds, first.toISOString(), NOW)).toEqual(new Map([[key, 20]]));
    expect(await turnedAwayDuring(store, feeds, new Date(NOW.getTime() - 4 * HOUR).toISOString(), new Date(NOW.getTime() - 2 * HOUR))).toEqual(new Map([[key, 7]]));
    expect(await turnedAwayDuring(store, new Set([FEED_B, FEED_C]), '2025-01-01T00:00:00Z', NOW)).toEqual(new Map());
  });
});

describe('addToPool and readPool', () => {
  it('returns only what went in, and concurrent additions all land', async () => {
    const store = createMemoryStore();
    const first = item();
    expect(await addToPool(store, [first], NOW)).toEqual([first]);
    const dup = { ...item(), id: first.id };
    const batches = [[dup, item()], [item()], [item(), item()]];
    const results = await Promise.all(batches.map((batch) => addToPool(store, batch, NOW)));
    expect(results.map((added) => added.length)).toEqual([1, 1, 2]);
    const pool = await readPool(store);
    expect(pool).toHaveLength(5);
    expect(pool.filter((i) => i.id === first.id)).toEqual([first]);
  });

  it('merges a large pool in slices: the event loop turns while thousands of items are compared and written', async () => {
    const store = createMemoryStore();
    const feeds = [FEED_A, FEED_B, FEED_C];
    const pooled = Array.from({ length: 2_500 }, (_, n) => item({ feedUrl: feeds[n % 3] ?? FEED_A, hoursAgo: 2 + n / 1_000 }));
    await store.namespace<DigestItem[]>('history').set(POOL_KEY, pooled);
    // New items, a third of them copies of pooled stories under another link.
    const incoming = Array.from({ length: 90 }, (_, n) =>
      n % 3 === 0 ? { ...item({ feedUrl: FEED_B }), title: pooled[n]?.title ?? '' } : item({ feedUrl: feeds[n % 3] ?? FEED_A }),
    );
    const expected = mergePoolCounting(pooled, incoming, NOW).pool;
    const turnsSoFar = countTurns();
    const added = await addToPool(store, incoming, NOW);
    const turns = turnsSoFar();
    expect(await readPool(store)).toEqual(expected);
    expect(added.map((i) => i.id)).toEqual(expected.filter((i) => incoming.includes(i)).map((i) => i.id));
    expect(added).toHaveLength(60);
    // The memory store answers in microtasks: every turn counted here is one the merge gave back.
    expect(turns).toBeGreaterThanOrEqual(2_500 / 200);
  });
});

describe('candidatesFor and markDelivered', () => {
  it('selects per channel: its feeds, first seen since `since`, not delivered to that channel', async () => {
    const store = createMemoryStore();
    const since = new Date(NOW.getTime() - 10 * HOUR).toISOString();
    const a1 = item({ feedUrl: FEED_A, hoursAgo: 1 });
    const a2 = item({ feedUrl: FEED_A, hoursAgo: 3 });
    const b1 = item({ feedUrl: FEED_B, hoursAgo: 2 });
    const c1 = item({ feedUrl: FEED_C, hoursAgo: 1.5 });
    const beforeSince = item({ feedUrl: FEED_A, hoursAgo: 11 });
    const atSince = item({ feedUrl: FEED_B, hoursAgo: 10 });
    await addToPool(store, [a1, a2, b1, c1, beforeSince, atSince], NOW);

    const query = { channelId: 'chan-1', feedUrls: new Set([FEED_A, FEED_B]), since, now: NOW };
    expect((await candidatesFor(store, query)).map((i) => i.id)).toEqual([a1.id, b1.id, a2.id, atSince.id]);

    await markDelivered(store, 'chan-1', [a1.id, b1.id], NOW);
    expect((await candidatesFor(store, query)).map((i) => i.id)).toEqual([a2.id, atSince.id]);
    const other = { ...query, channelId: 'chan-2', feedUrls: new Set([FEED_C, FEED_A]) };
    expect((await candidatesFor(store, other)).map((i) => i.id)).toEqual([a1.id, c1.id, a2.id]);
    expect(await store.namespace<string>('history').get(deliveredKey('chan-1', a1.id))).toBe(NOW.toISOString());
  });

  it('matches feeds by normalised URL and leaves out items past the pool age at `now`', async () => {
    const store = createMemoryStore();
    const fresh = item({ feedUrl: FEED_A, hoursAgo: 1 });
    const old = item({ feedUrl: FEED_A, hoursAgo: 2 });
    await addToPool(store, [fresh, old], NOW);
    const later = new Date(NOW.getTime() + POOL_MAX_AGE_MS - 1.5 * HOUR);
    const query = { channelId: 'c', feedUrls: new Set(['http://www.a.example/feed/']), since: '2025-01-01T00:00:00Z', now: later };
    expect((await candidatesFor(store, query)).map((i) => i.id)).toEqual([fresh.id]);
    await expect(candidatesFor(store, { ...query, since: 'yesterday' })).rejects.toThrow(RangeError);
  });

  it('reads a large pool in slices: the event loop turns while its thousands of items are checked', async () => {
    const store = createMemoryStore();
    const pooled = Array.from({ length: 2_000 }, (_, n) => item({ feedUrl: [FEED_A, FEED_B, FEED_C][n % 3] ?? FEED_A, hoursAgo: 1 + n / 1_000 }));
    await store.namespace<DigestItem[]>('history').set(POOL_KEY, pooled);
    expect(await readPool(store)).toHaveLength(2_000);
    const turnsSoFar = countTurns();
    const query = { channelId: 'chan', feedUrls: new Set([FEED_A, 'https://www.c.example/atom/']), since: '2025-01-01T00:00:00Z', now: NOW };
    const candidates = await candidatesFor(store, query);
    const turns = turnsSoFar();
    expect(candidates.map((i) => i.id)).toEqual(pooled.filter((i) => i.feedUrl !== FEED_B).map((i) => i.id));
    // The memory store answers in microtasks: every turn counted here is one the check of the pool gave back.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('holds a week of items with room to spare: a weekly digest a day late still gets the week’s first items', async () => {
    expect(POOL_MAX_AGE_MS).toBeGreaterThanOrEqual(8 * 24 * HOUR);
    expect(POOL_MAX_ITEMS).toBeGreaterThanOrEqual(2_500);
    const store = createMemoryStore();
    const weekStart = item({ feedUrl: FEED_A, hoursAgo: 0 });
    await addToPool(store, [weekStart], NOW);
    // The week's other items come in daily; the digest runs eight days after the first one came in.
    for (let day = 1; day <= 7; day++) await addToPool(store, [item({ feedUrl: FEED_A, hoursAgo: -24 * day })], new Date(NOW.getTime() + day * 24 * HOUR));
    const eightDaysLater = new Date(NOW.getTime() + 8 * 24 * HOUR);
    const query = { channelId: 'weekly', feedUrls: new Set([FEED_A]), since: NOW.toISOString(), now: eightDaysLater };
    const candidates = await candidatesFor(store, query);
    expect(candidates).toHaveLength(8);
    expect(candidates.map((i) => i.id)).toContain(weekStart.id);
  });

  it('delivered marks expire after DELIVERED_TTL_MS', async () => {
    const store = createMemoryStore();
    const x = item();
    await markDelivered(store, 'chan', [x.id, x.id], new Date().toISOString());
    const history = store.namespace<string>('history');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + DELIVERED_TTL_MS - HOUR);
    expect(await history.has(deliveredKey('chan', x.id))).toBe(true);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    expect(await history.has(deliveredKey('chan', x.id))).toBe(false);
  });
});
