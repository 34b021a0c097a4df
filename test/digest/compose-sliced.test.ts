import { describe, expect, it } from 'vitest';
import { composeCappedDigestInSlices } from '../../src/digest/compose/compose-sliced.ts';
import { composeCappedDigest, type DigestLimits } from '../../src/digest/compose/compose.ts';
import { compareItems, rankItems } from '../../src/digest/compose/rank.ts';
import type { DigestContext, DigestItem } from '../../src/digest/types.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { countTurns } from '../support/event-loop.ts';

const kb = fixtureKb();
const NOW = '2025-11-21T08:00:00Z';
const LIMITS: DigestLimits = { maxMessages: 5, maxItemsPerFeed: 10 };
const context = (locale: 'en' | 'fr'): DigestContext => ({ locale, now: NOW, since: '2025-11-20T08:00:00Z' });

/** A flood: `count` items over 40 feeds, with scores, retreats, missing, bad and future dates, and repeated ids. */
function flood(count: number): DigestItem[] {
  return Array.from({ length: count }, (_, n): DigestItem => {
    const published = n % 11 === 0 ? undefined : n % 17 === 0 ? 'not a date' : n % 23 === 0 ? '2026-01-01T00:00:00Z' : new Date(Date.parse(NOW) - (n % 500) * 60_000).toISOString();
    return {
      id: `flood-${n % 29 === 0 ? n - 1 : n}`,
      title: `K${n}k AWS closes lab number ${n} in Shanghai`,
      summary: 'The lab worked on cloud research and will shut by March.',
      link: `https://news.example/${n}`,
      ...(published === undefined ? {} : { publishedAt: published }),
      firstSeenAt: n % 31 === 0 ? 'garbage' : '2025-11-21T07:00:00Z',
      feedUrl: `https://www.feed-${n % 40}.example/rss/`,
      feedLabel: `Feed ${n % 40}`,
      companies: ['aws'],
      dimensions: [['talent', 'compute', 'ecosystem'][n % 3] ?? 'talent'],
      score: 1 + (n % 7),
      reasons: [],
      possibleRetreat: n % 13 === 0,
    };
  });
}

describe('composeCappedDigestInSlices', () => {
  it('composes exactly the digest composeCappedDigest does, in both languages, carried, summarised and turned-away counts included', async () => {
    const items = flood(1_500);
    const input = { turnedAway: new Map([['https://feed-3.example/rss', 7]]), labels: new Map([['https://feed-1.example/rss', 'Renamed feed']]) };
    for (const locale of ['en', 'fr'] as const) {
      const expected = composeCappedDigest(kb, items, context(locale), LIMITS, input);
      expect(expected.messages.length).toBe(LIMITS.maxMessages);
      expect(expected.plan.summarized.length).toBeGreaterThan(0);
      const sliced = await composeCappedDigestInSlices(kb, items, context(locale), LIMITS, input, { ms: 0 });
      expect(JSON.stringify(sliced)).toBe(JSON.stringify(expected));
    }
  });

  it('lets the event loop turn between its steps, where composeCappedDigest holds it throughout', async () => {
    const items = flood(1_500);
    const counter = countTurns();
    composeCappedDigest(kb, items, context('en'), LIMITS);
    await Promise.resolve();
    expect(counter()).toBe(0);

    const sliced = countTurns();
    await composeCappedDigestInSlices(kb, items, context('en'), LIMITS, {}, { ms: 0 });
    // Ranking, every 25 blocks of the 100 showable items, and each layout tried in the search: many steps.
    expect(sliced()).toBeGreaterThanOrEqual(5);
  });
});

describe('rankItems', () => {
  it('orders as compareItems does, dates parsed once per item (bad, missing and later-than-seen dates included)', () => {
    const items = flood(600);
    const seen = new Set<string>();
    const expected = [...items].sort(compareItems).filter((item) => !seen.has(item.id) && seen.add(item.id));
    expect(rankItems(items).map((item) => item.id)).toEqual(expected.map((item) => item.id));
  });
});
