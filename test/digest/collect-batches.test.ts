import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { readFeedStates } from '../../src/digest/collect/feed-state.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { openStore, type Namespace, type NamespaceName, type Store } from '../../src/store/index.ts';
import { conditionalFeed, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';

/**
 * A run's feed states are written in batches (issue 14): claiming the feeds and recording what each fetch taught take
 * one batch each for the whole run, not one compare-and-set per feed, whatever the number of feeds.
 */

const FEEDS = 30;
let server: FeedServer;
const scratch = useScratch('dw-collect-batches-');

beforeAll(async () => {
  server = await startFeedServer();
  for (let index = 0; index < FEEDS; index++) {
    const body = rss20({ items: [{ title: `Story ${index}`, link: `https://news.example.com/${index}`, date: 'Tue, 22 Jul 2025 10:00:00 GMT' }] });
    server.route(`/feed-${index}`, conditionalFeed({ body, etag: `"v${index}"`, lastModified: 'Tue, 22 Jul 2025 10:00:00 GMT' }));
  }
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

/** The store, counting the calls that write feed states. */
function countingFeedWrites(store: Store): { store: Store; calls: { update: number; updateMany: number } } {
  const calls = { update: 0, updateMany: 0 };
  const wrap = <T>(name: NamespaceName, inner: Namespace<T>): Namespace<T> =>
    name !== 'feeds'
      ? inner
      : {
          ...inner,
          get: (key) => inner.get(key),
          getMany: (keys) => inner.getMany(keys),
          has: (key) => inner.has(key),
          set: (key, value, ttlMs) => inner.set(key, value, ttlMs),
          setMany: (entries, ttlMs) => inner.setMany(entries, ttlMs),
          delete: (key) => inner.delete(key),
          update: (key, next, ttlMs) => {
            calls.update += 1;
            return inner.update(key, next, ttlMs);
          },
          updateMany: (keys, next, ttlMs) => {
            calls.updateMany += 1;
            return inner.updateMany(keys, next, ttlMs);
          },
        };
  return {
    store: { location: store.location, namespace: <T>(name: NamespaceName) => wrap(name, store.namespace<T>(name)), purgeExpired: () => store.purgeExpired(), close: () => store.close() },
    calls,
  };
}

describe('collectFeeds writes feed states in batches', () => {
  it('claims every feed and records every outcome in one batch each, and the states say what each fetch saw', async () => {
    const real = await openStore(`sqlite://${scratch.file('state.sqlite')}`);
    try {
      const { store, calls } = countingFeedWrites(real);
      const feeds = Array.from({ length: FEEDS }, (_, index) => ({ url: server.url(`/feed-${index}`), label: `Feed ${index}` }));
      const options = { allowPrivate: true, concurrency: 8, perHostConcurrency: 8, minRefetchMs: 0 };
      const first = await collectFeeds({ kb: fixtureKb(), store }, feeds, options);
      const second = await collectFeeds({ kb: fixtureKb(), store }, feeds, options);

      expect(first.feeds.map((feed) => feed.status)).toEqual(feeds.map(() => 'ok'));
      expect(second.feeds.map((feed) => feed.status)).toEqual(feeds.map(() => 'not-modified'));
      // Two runs: a claim batch and an outcome batch each, never a write per feed.
      expect(calls).toEqual({ update: 0, updateMany: 4 });
      const states = await readFeedStates(real, feeds.map((feed) => feed.url));
      for (const [index, feed] of feeds.entries()) {
        expect(states.get(feed.url)).toMatchObject({ seeded: true, etag: `"v${index}"`, lastStatus: 304, consecutiveFailures: 0 });
      }
    } finally {
      await real.close();
    }
  }, 60_000);
});
