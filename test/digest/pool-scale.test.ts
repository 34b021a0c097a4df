import { describe, expect, it } from 'vitest';
import { mergePool, mergePoolCounting, mergePoolInSlices } from '../../src/digest/pool.ts';
import { POOL_MAX_AGE_MS, POOL_MAX_ITEMS } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { dedupeItems, isSameStoryKey, storyKeyOf } from '../../src/feeds/identify/same-story.ts';
import { HOUR } from '../support/time.ts';

const NOW = new Date('2025-07-23T08:00:00Z');

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Items drawn from a few hundred stories, most of them copies: the same headline under another link, a word
 * dropped, added or swapped, a tracked copy of a link, dates far apart, headlines too short to compare,
 * repeated ids, pooled items past the age limit. Words are skewed so a few ("china", "chip") are everywhere.
 */
function generate(count: number, seed: number): { current: DigestItem[]; incoming: DigestItem[] } {
  const random = randomFrom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const common = ['china', 'chip', 'export', 'rules', 'nvidia', 'beijing', 'ai', 'lab'];
  const vocabulary = [...common, ...Array.from({ length: 400 }, (_, n) => `w${n}`)];
  const word = () => (random() < 0.35 ? pick(common) : vocabulary[Math.floor(random() ** 2 * vocabulary.length)] ?? 'w0');
  const stories = Array.from({ length: 450 }, () => {
    const length = random() < 0.1 ? 3 : 4 + Math.floor(random() * 12);
    return { words: Array.from({ length }, word), hoursAgo: random() * 150 };
  });
  const variant = (words: readonly string[]): string[] => {
    const copy = [...words];
    const roll = random();
    const at = Math.floor(random() * copy.length);
    if (roll < 0.3) return copy;
    if (roll < 0.5) copy.splice(at, 1);
    else if (roll < 0.65) copy.splice(at, 0, word());
    else if (roll < 0.85) copy[at] = word();
    else copy.reverse();
    return copy;
  };
  const items: DigestItem[] = [];
  for (let n = 0; n < count; n++) {
    const story = pick(stories);
    const hoursAgo = random() < 0.1 ? story.hoursAgo + 60 + random() * 100 : story.hoursAgo + random() * 20;
    const linkRoll = random();
    const link =
      linkRoll < 0.1 ? undefined : linkRoll < 0.25 ? `https://www.news${n % 7}.example/${Math.floor(n / 3)}?utm_source=feed` : `https://news.example/${n}`;
    const published = random() < 0.1 ? undefined : new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();
    items.push({
      id: random() < 0.03 && n > 0 ? `id-${Math.floor(random() * n)}` : `id-${n}`,
      title: variant(story.words).join(' '),
      summary: '',
      ...(link === undefined ? {} : { link }),
      ...(published === undefined ? {} : { publishedAt: published }),
      firstSeenAt: new Date(NOW.getTime() - (random() < 0.05 ? POOL_MAX_AGE_MS + HOUR : random() * 100 * HOUR)).toISOString(),
      feedUrl: `https://feed${n % 11}.example/rss`,
      feedLabel: `Feed ${n % 11}`,
      companies: [],
      dimensions: [],
      score: 3,
      reasons: [],
      possibleRetreat: false,
    });
  }
  return { current: items.slice(0, count / 2), incoming: items.slice(count / 2) };
}

function timeOf(iso: string | undefined): number {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? -Infinity : time;
}

/** mergePool written the straightforward way: every item against every story kept so far. */
function mergePoolReference(current: readonly DigestItem[], incoming: readonly DigestItem[], now: Date): DigestItem[] {
  const ids = new Set<string>();
  const fresh = current.filter((item) => timeOf(item.firstSeenAt) >= now.getTime() - POOL_MAX_AGE_MS);
  const unique = [...fresh, ...incoming].filter((item) => !ids.has(item.id) && ids.add(item.id));
  const kept: { item: DigestItem; key: ReturnType<typeof storyKeyOf> }[] = [];
  for (const item of unique) {
    const key = storyKeyOf({ title: item.title, ...(item.link === undefined ? {} : { link: item.link }), ...(item.publishedAt === undefined ? {} : { published: item.publishedAt }) });
    if (!kept.some((other) => isSameStoryKey(key, other.key))) kept.push({ item, key });
  }
  return kept
    .map(({ item }, index) => ({ item, index }))
    .sort(
      (a, b) =>
        timeOf(b.item.firstSeenAt) - timeOf(a.item.firstSeenAt) ||
        timeOf(b.item.publishedAt) - timeOf(a.item.publishedAt) ||
        (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0) ||
        a.index - b.index,
    )
    .map(({ item }) => item)
    .slice(0, POOL_MAX_ITEMS);
}

describe('mergePool at scale', () => {
  it('gives exactly the straightforward result on 5,000 items full of near-duplicates', () => {
    for (const seed of [1, 2]) {
      const { current, incoming } = generate(5_000, seed);
      const expected = mergePoolReference(current, incoming, NOW);
      // The set must exercise the story dedup, not only the id and age filters.
      expect(expected.length).toBeGreaterThan(300);
      expect(expected.length).toBeLessThan(4_000);
      expect(mergePool(current, incoming, NOW).map((item) => item.id)).toEqual(expected.map((item) => item.id));
    }
  }, 180_000);

  it('merges in slices exactly as in one go: the same pool, copies and counts', async () => {
    const { current, incoming } = generate(5_000, 4);
    const whole = mergePoolCounting(current, incoming, NOW);
    expect(await mergePoolInSlices(current, incoming, NOW)).toEqual(whole);
    expect(whole.pool.some((item) => (item.alsoIn ?? []).length > 0)).toBe(true);
  }, 180_000);
});

describe('dedupeItems at scale', () => {
  it('keeps exactly the items a comparison with every kept item keeps, dates included', () => {
    const { current, incoming } = generate(5_000, 3);
    const items = [...current, ...incoming].map((item) => ({
      id: item.id,
      title: item.title,
      ...(item.link === undefined ? {} : { link: item.link }),
      ...(item.publishedAt === undefined ? {} : { published: item.publishedAt }),
    }));
    const kept: { id: string; key: ReturnType<typeof storyKeyOf> }[] = [];
    for (const item of items) {
      const key = storyKeyOf(item);
      if (!kept.some((other) => isSameStoryKey(key, other.key))) kept.push({ id: item.id, key });
    }
    expect(dedupeItems(items).map((item) => item.id)).toEqual(kept.map((item) => item.id));
  }, 180_000);
});
