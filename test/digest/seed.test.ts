import sqlite3 from 'sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import type { CollectOptions, TrackedFeed } from '../../src/digest/collect/types.ts';
import { readFeed } from '../../src/digest/collect/read-feed.ts';
import { seedFromRead, type ParsedRead } from '../../src/digest/collect/seed.ts';
import { feedKeyOf } from '../../src/digest/collect/feed-state.ts';
import { seenSinceFeedAdded } from '../../src/digest/feed-since.ts';
import { getGuildSettings } from '../../src/digest/guilds.ts';
import { readPool } from '../../src/digest/pool.ts';
import { createDigestService } from '../../src/digest/service/index.ts';
import type { FeedState } from '../../src/digest/state.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { conditionalFeed, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20, type XmlItem } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

const kb = fixtureKb();
const T0 = Date.parse('2025-07-23T08:00:00Z');
const local: CollectOptions = { allowPrivate: true, deadlineMs: 2_000, minRefetchMs: 0 };
const item = (slug: string, title: string): XmlItem => ({ title, link: `https://news.example.com/${slug}`, guid: `urn:${slug}`, date: 'Tue, 22 Jul 2025 10:00:00 GMT', description: `About ${title}.` });
const AWS = item('aws', 'AWS to close its Shanghai AI lab amid US-China tensions');
const IBM = item('ibm', 'IBM shuts its China research labs, cutting 1,000 jobs in Beijing');

let server: FeedServer;
const scratch = useScratch('dw-seed-');
let store: Store;
let clock: number;
let count = 0;
const deps = () => ({ kb, store, now: () => new Date(clock) });

async function parsedRead(url: string): Promise<ParsedRead> {
  const read = await readFeed(url, local);
  if (read.kind !== 'parsed') throw new Error(`expected a parsed read, got ${read.kind}`);
  return read;
}

beforeAll(async () => {
  server = await startFeedServer();
});
beforeEach(async () => {
  clock = T0;
  store = await openStore(`sqlite://${scratch.file(`state-${++count}.sqlite`)}`, { busyTimeoutMs: 200 });
});
afterEach(async () => {
  await store.close();
});
afterAll(async () => {
  await server.close();
  await closeParsePool();
});

describe('seedFromRead', () => {
  it('seeds a feed nobody read yet: items seen, none pooled, validators kept, no collection recorded', async () => {
    const path = `/unread-${count}.xml`;
    server.route(path, conditionalFeed({ body: rss20({ items: [AWS] }), etag: '"v1"', lastModified: 'Wed, 23 Jul 2025 07:00:00 GMT' }));
    const feed: TrackedFeed = { url: server.url(path), label: 'Unread' };
    expect(await seedFromRead(deps(), feed, await parsedRead(feed.url))).toEqual({ seeded: true });
    expect(await readPool(store)).toEqual([]);
    const state = await store.namespace<FeedState>('feeds').get(feedKeyOf(feed.url));
    expect(state).toMatchObject({ seeded: true, etag: '"v1"', firstReadAt: new Date(T0).toISOString() });
    expect(state?.lastFetchAt).toBeUndefined();

    // The next collection, a minute later, fetches again, conditionally: 304, nothing new.
    clock = T0 + MINUTE;
    const report = await collectFeeds(deps(), [feed], local);
    expect(report.feeds[0]).toMatchObject({ status: 'not-modified', newItems: 0 });
    expect(server.requestsTo(path).at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('takes the read of a feed another server tracks like a collection: its new items still reach that server, not the adder', async () => {
    const path = `/shared-${count}.xml`;
    let items = [AWS];
    server.route(path, (request, response, hit) => conditionalFeed({ body: rss20({ items }), etag: `"v${items.length}"`, lastModified: 'x' })(request, response, hit));
    const feed: TrackedFeed = { url: server.url(path), label: 'Shared' };
    await collectFeeds(deps(), [feed], local); // another server's first collection seeds it

    clock = T0 + 30 * MINUTE;
    items = [IBM, AWS];
    expect(await seedFromRead(deps(), feed, await parsedRead(feed.url))).toEqual({ seeded: false });
    const pool = await readPool(store);
    expect(pool.map((pooled) => pooled.title)).toEqual([IBM.title]);

    const addedAt = new Date(clock + 1).toISOString();
    const adder = seenSinceFeedAdded({ feeds: [{ url: feed.url, label: 'Shared', addedBy: '1', addedAt }] });
    const other = seenSinceFeedAdded({ feeds: [] });
    expect(pool.filter(adder)).toEqual([]);
    expect(pool.filter(other).map((pooled) => pooled.title)).toEqual([IBM.title]);
  });
});

describe('settings: persisted first, then the schedule', () => {
  it('a /digest setup whose write fails leaves the live schedule and the store as they were', async () => {
    const file = scratch.file(`state-${count}.sqlite`);
    const config = parseConfig({ ALLOW_PRIVATE_FEEDS: 'true' });
    const poster = { postMessage: () => Promise.reject(new Error('not used')), recentMessages: () => Promise.resolve([]) };
    const digest = createDigestService({ kb, store, poster, log: silentLogger, config, now: () => new Date(clock) });
    try {
      await digest.setup({ guildId: '111111111111111111', channelId: '222222222222222222', time: '08:00', timeZone: 'UTC', locale: 'en' });
      const nextBefore = (await digest.status('111111111111111111')).nextRun;

      const locker = new sqlite3.Database(file);
      const exec = (sql: string) => new Promise<void>((resolve, reject) => locker.exec(sql, (error) => (error ? reject(error) : resolve())));
      await exec('BEGIN EXCLUSIVE');
      try {
        await expect(digest.setup({ guildId: '111111111111111111', channelId: '222222222222222222', time: '09:30', timeZone: 'UTC', locale: 'en' })).rejects.toThrow(/locked/);
      } finally {
        await exec('ROLLBACK');
        await new Promise<void>((resolve) => locker.close(() => resolve()));
      }
      const after = await digest.status('111111111111111111');
      expect(after.nextRun?.toISOString()).toBe(nextBefore?.toISOString());
      expect(after.nextRun?.getUTCHours()).toBe(8);
      expect((await getGuildSettings(store, '111111111111111111'))?.cron).toBe('0 8 * * *');
    } finally {
      await digest.stop();
    }
  });
});
