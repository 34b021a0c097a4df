import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { closeParsePool, warmParseWorkers } from '../../src/feeds/parse/parse.ts';
import { parseWorkerCount } from '../../src/feeds/worker/pool.ts';
import { openStore } from '../../src/store/index.ts';
import { conditionalFeed, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { eventually } from '../support/threads.ts';

/**
 * Parse workers start as a run begins when its feeds surely send a body (issue 14): they load while the first feeds
 * download, instead of after the first body arrives. A run whose feeds may all answer 304 starts none.
 */

const FEEDS = 3;
const WORKERS_WAITED_MS = 10_000;
let server: FeedServer;
/** How many parse workers were alive when each request came in, in order. */
const workersAtRequest: number[] = [];
const scratch = useScratch('dw-collect-warm-up-');

/** Waits until a parse worker is alive, at most WORKERS_WAITED_MS; says how many there were then. */
async function workersSoon(): Promise<number> {
  await eventually(() => parseWorkerCount() > 0, WORKERS_WAITED_MS);
  return parseWorkerCount();
}

beforeAll(async () => {
  server = await startFeedServer();
  for (let index = 0; index < FEEDS; index++) {
    const body = rss20({ items: [{ title: `Story ${index}`, link: `https://news.example.com/${index}`, date: 'Tue, 22 Jul 2025 10:00:00 GMT' }] });
    const feed = conditionalFeed({ body, etag: `"v${index}"`, lastModified: 'Tue, 22 Jul 2025 10:00:00 GMT' });
    // Nothing is answered before a parse worker is alive: a worker started by the first body would come too late.
    server.route(`/feed-${index}`, (request, response, hit) => {
      const conditional = request.headers['if-none-match'] !== undefined;
      void (conditional ? Promise.resolve(parseWorkerCount()) : workersSoon()).then((count) => {
        workersAtRequest.push(count);
        feed(request, response, hit);
      });
    });
  }
});

beforeEach(async () => {
  await closeParsePool();
  workersAtRequest.length = 0;
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

describe('parse workers start ahead of the first body', () => {
  it('warmParseWorkers starts as many workers as asked, up to the pool size, counting those alive', async () => {
    await warmParseWorkers(0);
    expect(parseWorkerCount()).toBe(0);
    await warmParseWorkers(1);
    expect(parseWorkerCount()).toBe(1);
    await warmParseWorkers(1);
    expect(parseWorkerCount()).toBe(1);
    await warmParseWorkers(50);
    expect(parseWorkerCount()).toBe(2);
  });

  it('a run of feeds without validators starts them before any answer; its rerun (all 304) starts none', async () => {
    const store = await openStore(`sqlite://${scratch.file('state.sqlite')}`);
    try {
      const feeds = Array.from({ length: FEEDS }, (_, index) => ({ url: server.url(`/feed-${index}`), label: `Feed ${index}` }));
      const options = { allowPrivate: true, concurrency: FEEDS, perHostConcurrency: FEEDS, minRefetchMs: 0 };
      const first = await collectFeeds({ kb: fixtureKb(), store }, feeds, options);
      expect(first.feeds.map((feed) => feed.status)).toEqual(feeds.map(() => 'ok'));
      // Every request found a worker started: the run started them, not a body.
      expect(workersAtRequest).toHaveLength(FEEDS);
      expect(Math.min(...workersAtRequest)).toBeGreaterThan(0);

      await closeParsePool();
      workersAtRequest.length = 0;
      const second = await collectFeeds({ kb: fixtureKb(), store }, feeds, options);
      expect(second.feeds.map((feed) => feed.status)).toEqual(feeds.map(() => 'not-modified'));
      expect(workersAtRequest).toEqual(feeds.map(() => 0));
      expect(parseWorkerCount()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
