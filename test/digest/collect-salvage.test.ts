import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import type { CollectOptions, TrackedFeed } from '../../src/digest/collect/types.ts';
import { readPool } from '../../src/digest/pool.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { numberedItems, rss20, type XmlItem } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { HOUR } from '../support/time.ts';

/**
 * Collection keeps what it can of a feed that is partly unreadable, against a real SQLite store: a feed longer than
 * the byte cap, one item nesting too deep, items that all share one guid — and a guid that comes to be shared later.
 */

const kb = fixtureKb();
const T0 = Date.parse('2025-07-23T08:00:00Z');
/** The cap that used to reject a 5 MB feed whole ("larger than 4.8 MB"). */
const OLD_CAP = 5_000_000;
const local: CollectOptions = { allowPrivate: true, perHostConcurrency: 8, deadlineMs: 10_000, minRefetchMs: 0, seed: false };

/** Relevant stories (the fixture knowledge base tags them), without links: their guid is all that can tell them apart. */
const AWS = 'AWS to close its Shanghai AI lab amid US-China tensions';
const IBM = 'IBM shuts its China research labs, cutting 1,000 jobs in Beijing';
const MS = 'Microsoft ferme son laboratoire de Shanghai';
const MCKINSEY = 'McKinsey bars its China practice from generative AI work';
const BAKERY = 'Local bakery wins national croissant award';
const unlinked = (title: string, guid: string, date: string): XmlItem => ({ title, guid, date, description: `About ${title}.` });

let server: FeedServer;
const scratch = useScratch('dw-salvage-');
let store: Store;
let clock: number;
let storeCount = 0;

const collect = (feeds: TrackedFeed[], options: Partial<CollectOptions> = {}) =>
  collectFeeds({ kb, store, now: () => new Date(clock) }, feeds, { ...local, ...options });
const feed = (path: string): TrackedFeed => ({ url: server.url(path), label: path.slice(1) });
const rss = { 'content-type': 'application/rss+xml' };

/** Serves whatever `items()` returns at the time of each request. */
function serve(path: string, items: () => readonly XmlItem[]): void {
  server.route(path, (request, response, hit) => respond({ body: rss20({ items: items() }), headers: rss })(request, response, hit));
}

beforeAll(async () => {
  server = await startFeedServer();
});

beforeEach(async () => {
  clock = T0;
  store = await openStore(`sqlite://${scratch.file(`state-${++storeCount}.sqlite`)}`);
});

afterEach(async () => {
  await store.close();
  await server.waitForIdle(2_000);
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

describe('collectFeeds: salvage instead of rejection', () => {
  it('a 5 MB feed of 5,000 items, one item nesting 10,000 deep, items sharing one guid: each keeps what can be read', async () => {
    // 5,000 items of about 1.05 KB: 5.2 MB, more than the cap.
    const filler = 'Trade figures, tariffs and supply chains in the quarter. '.repeat(16);
    const big = rss20({ items: numberedItems(5_000).map((item) => ({ ...item, description: `${String(item.description)} ${filler}` })) });
    expect(Buffer.byteLength(big)).toBeGreaterThan(5 * 1024 * 1024);
    const leading = big.slice(0, OLD_CAP).split('</item>').length - 1;
    server.route('/big', respond({ body: big, headers: rss }));

    const deep = numberedItems(50, 'https://deep.example.com/story').map((item, index) =>
      index === 24 ? { ...item, description: { raw: `${'<div>'.repeat(10_000)}x${'</div>'.repeat(10_000)}` } } : item,
    );
    serve('/deep', () => deep);

    const oneGuid = [AWS, IBM, MS, MCKINSEY, BAKERY].map((title, index) => unlinked(title, 'same-guid', `Tue, ${22 - index} Jul 2025 10:00:00 GMT`));
    serve('/one-guid', () => oneGuid);

    const report = await collect([feed('/big'), feed('/deep'), feed('/one-guid')], { maxBytes: OLD_CAP });

    const [bigReport, deepReport, guidReport] = report.feeds;
    expect(leading).toBeGreaterThan(4_000);
    expect(bigReport).toMatchObject({ status: 'ok', items: leading, newItems: leading, truncated: { by: 'bytes', limit: OLD_CAP } });
    expect(deepReport).toMatchObject({ status: 'ok', items: 49, newItems: 49 });
    expect(deepReport?.truncated).toBeUndefined();
    expect(guidReport).toMatchObject({ status: 'ok', items: 5, newItems: 5, kept: 4 });
    const pooled = (await readPool(store)).filter((item) => item.feedLabel === 'one-guid').map((item) => item.title);
    expect(pooled.sort()).toEqual([AWS, IBM, MS, MCKINSEY].sort());

    // Read again: the same ids, nothing new, and the big feed still reports its truncation.
    clock = T0 + HOUR;
    const again = await collect([feed('/big'), feed('/deep'), feed('/one-guid')], { maxBytes: OLD_CAP });
    expect(again.feeds.map((f) => [f.status, f.newItems])).toEqual([['ok', 0], ['ok', 0], ['ok', 0]]);
    expect(again.feeds[0]?.truncated).toEqual({ by: 'bytes', limit: OLD_CAP });
    expect(again.added).toEqual([]);
  }, 180_000);

  it('a guid that comes to be shared: the new item is posted, the item seen under that guid is not posted again', async () => {
    let items = [unlinked(AWS, 'guid-a', 'Sun, 20 Jul 2025 10:00:00 GMT'), unlinked(IBM, 'guid-b', 'Sat, 19 Jul 2025 10:00:00 GMT')];
    serve('/reused', () => items);
    const first = await collect([feed('/reused')]);
    expect(first.added.map((item) => item.title).sort()).toEqual([AWS, IBM].sort());

    // The CMS gives the next story the guid of an old one.
    clock = T0 + 2 * HOUR;
    items = [unlinked(MS, 'guid-a', 'Wed, 23 Jul 2025 09:00:00 GMT'), ...items];
    const second = await collect([feed('/reused')]);
    expect(second.feeds[0]).toMatchObject({ items: 3, newItems: 1, kept: 1 });
    expect(second.added.map((item) => item.title)).toEqual([MS]);

    clock = T0 + 4 * HOUR;
    const third = await collect([feed('/reused')]);
    expect(third.feeds[0]).toMatchObject({ items: 3, newItems: 0 });
    expect((await readPool(store)).map((item) => item.title).sort()).toEqual([AWS, IBM, MS].sort());
  });

  it('a guid reused by items all published after the old one was seen: they are all new', async () => {
    let items = [unlinked(AWS, 'guid-x', 'Sun, 20 Jul 2025 10:00:00 GMT')];
    serve('/replaced', () => items);
    await collect([feed('/replaced')]);

    // Days later the old story is gone and two new ones share its guid: neither can be the one seen.
    clock = T0 + 6 * 24 * HOUR;
    items = [unlinked(MCKINSEY, 'guid-x', 'Tue, 29 Jul 2025 09:00:00 GMT'), unlinked(MS, 'guid-x', 'Mon, 28 Jul 2025 09:00:00 GMT')];
    const later = await collect([feed('/replaced')]);
    expect(later.feeds[0]).toMatchObject({ items: 2, newItems: 2, kept: 2 });
    expect(later.added.map((item) => item.title).sort()).toEqual([MCKINSEY, MS].sort());
  });
});
