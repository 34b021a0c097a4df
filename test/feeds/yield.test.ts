import { describe, expect, it } from 'vitest';
import { normalizeFeed, normalizeFeedInSlices } from '../../src/feeds/parse/normalize.ts';
import type { RawFeedItem } from '../../src/feeds/parse/raw.ts';
import { DEFAULT_SLICE_MS, mapInSlices } from '../../src/async/slices.ts';

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('mapInSlices', () => {
  it('keeps results in order and lets a timer run while a long loop is under way', async () => {
    let timerFiredAt = -1;
    let done = 0;
    setTimeout(() => {
      timerFiredAt = done;
    }, 0);
    const results = await mapInSlices(Array.from({ length: 40 }, (_, n) => n), (n) => {
      busyFor(2);
      done++;
      return n * 2;
    });
    expect(results).toEqual(Array.from({ length: 40 }, (_, n) => n * 2));
    expect(timerFiredAt).toBeGreaterThan(0);
    expect(timerFiredAt).toBeLessThan(40);
  });

  it('shares the time budget between loops running side by side', async () => {
    // Counted in work, not in milliseconds, so a loaded machine cannot fail it: between two ticks of a 1 ms
    // timer, at most one slice runs (about DEFAULT_SLICE_MS items of 1 ms, whoever's they are). Unshared, the
    // eight loops' slices would resume together and run ~8 × 8 items between two ticks.
    let done = 0;
    let atLastTick = 0;
    const between: number[] = [];
    const ticker = setInterval(() => {
      between.push(done - atLastTick);
      atLastTick = done;
    }, 1);
    const loop = () => mapInSlices(Array.from({ length: 15 }, (_, n) => n), () => {
      busyFor(1);
      done++;
    });
    await Promise.all(Array.from({ length: 8 }, loop));
    clearInterval(ticker);
    expect(done).toBe(120);
    expect(Math.max(...between, done - atLastTick)).toBeLessThanOrEqual(2 * DEFAULT_SLICE_MS + 2);
  });
});

describe('normalizeFeedInSlices', () => {
  it('gives what normalizeFeed gives on a long feed, shared links and empty items included', async () => {
    const raw: RawFeedItem[] = Array.from({ length: 1_200 }, (_, n) => ({
      title: n % 97 === 0 ? '' : `<b>Story ${n}</b> &amp; more`,
      ...(n % 97 === 0 ? {} : { link: n % 10 === 0 ? '/home' : `/news/${n}?utm_source=x` }),
      summary: n % 3 === 0 ? `<p>Summary ${n}</p>` : '',
      date: `2025-07-${String((n % 28) + 1).padStart(2, '0')}T10:00:00Z`,
    }));
    const feed = { title: 'Feed', link: 'https://site.example/' };
    const expected = normalizeFeed(feed, raw, 'https://site.example/feed.xml');
    expect(expected.items.length).toBeGreaterThan(1_000);
    expect(await normalizeFeedInSlices(feed, raw, 'https://site.example/feed.xml')).toEqual(expected);
  });
});
