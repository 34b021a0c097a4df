import { afterAll, describe, expect, it, vi } from 'vitest';
import { closeParsePool, parseAndTagFeed, parseFeed } from '../../src/feeds/parse/parse.ts';
import { vocabularyOf } from '../../src/feeds/tag/kb-matchers.ts';
import { DEFAULT_RELEVANCE_THRESHOLD, tagItem } from '../../src/feeds/tag/relevance.ts';
import { parseWorkerCount } from '../../src/feeds/worker/pool.ts';
import { isKept } from '../../src/feeds/worker/types.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

afterAll(closeParsePool);

const RELEVANT = { title: 'AWS to close its Shanghai lab as export control rules bite', link: 'https://news.example.com/aws', date: 'Tue, 22 Jul 2025 18:04:00 GMT' };
const OTHER = { title: 'Local bakery wins a prize for its croissants', link: 'https://news.example.com/bakery', date: 'Mon, 21 Jul 2025 08:00:00 GMT' };

describe('reading and tagging in the parse worker', () => {
  it('sends back the items the tagging keeps whole, with their relevance, and the others as id and date only', async () => {
    const kb = fixtureKb();
    const xml = rss20({ items: [RELEVANT, OTHER] });
    const tagged = await parseAndTagFeed(xml, { vocabulary: vocabularyOf(kb), threshold: DEFAULT_RELEVANCE_THRESHOLD }, { baseUrl: 'https://news.example.com/feed' });
    const whole = await parseFeed(xml, { baseUrl: 'https://news.example.com/feed' });
    if (!tagged.ok || !whole.ok) throw new Error('the feed did not parse');
    const [kept, dropped] = tagged.items;
    const [relevant, other] = whole.items;
    if (kept === undefined || dropped === undefined || relevant === undefined || other === undefined) throw new Error('items missing');

    // The kept item is the whole item, tagged exactly as the main thread would tag it.
    expect(isKept(kept)).toBe(true);
    expect(kept).toEqual({ ...relevant, relevance: tagItem(kb, relevant) });
    // The other is only what tells whether it was seen before: no text crosses the thread boundary.
    expect(isKept(dropped)).toBe(false);
    expect(dropped).toEqual({ id: other.id, published: '2025-07-21T08:00:00.000Z' });
  });

  it('ends idle workers, so a bot between digests holds none; the next read starts one again', async () => {
    const xml = rss20({ items: [OTHER] });
    expect((await parseFeed(xml)).ok).toBe(true);
    expect(parseWorkerCount()).toBeGreaterThan(0);
    await vi.waitFor(() => expect(parseWorkerCount()).toBe(0), { timeout: 30_000, interval: 100 });
    expect((await parseFeed(xml)).ok).toBe(true);
  }, 60_000);

  it('closes a pool that was still being made when asked: the read under way settles, and the next one gets a new pool', async () => {
    await closeParsePool();
    const xml = rss20({ items: [OTHER] });
    // The first read imports piscina and makes the pool; the close comes before that has finished.
    const reading = parseFeed(xml);
    await closeParsePool();
    const outcome = await reading;
    // Either it ran before the pool was destroyed, or it says the parser stopped: never a hang, never a throw.
    if (!outcome.ok) expect(outcome.error.code).toBe('parse');
    expect(parseWorkerCount()).toBe(0);
    expect((await parseFeed(xml)).ok).toBe(true);
  }, 60_000);
});
