import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadCollector, type ThreadCollector } from '../../src/digest/collect/thread/thread-collector.ts';
import type { CollectOptions } from '../../src/digest/collect/types.ts';
import { readPool } from '../../src/digest/pool.ts';
import { createLogger } from '../../src/log.ts';
import { openStore, StoreError } from '../../src/store/index.ts';
import { respond, startFeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { heldUntil } from '../support/held-gate.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { eventually, PROCESS_STATUS, threadCount } from '../support/threads.ts';

/**
 * A feed server in a thread of its own, so it answers while the test's main thread is blocked; it counts the
 * responses it finished in shared memory, which the blocked main thread can read. `/hold` never answers.
 */
const SERVER = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const served = new Int32Array(workerData.counter);
const server = http.createServer((request, response) => {
  if (request.url === '/hold') return;
  const body = workerData.bodies[request.url];
  if (body === undefined) { response.writeHead(404); response.end(); return; }
  response.writeHead(200, { 'content-type': 'application/rss+xml' });
  response.end(body, () => { Atomics.add(served, 0, 1); Atomics.notify(served, 0); });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

interface ThreadFeedServer {
  url(path: string): string;
  served(): number;
  /** Blocks this thread (no event loop turn) until `count` responses were served, or `timeoutMs` passed. */
  blockUntilServed(count: number, timeoutMs: number): number;
  close(): Promise<void>;
}

async function startThreadFeedServer(bodies: Record<string, string>): Promise<ThreadFeedServer> {
  const counter = new SharedArrayBuffer(4);
  const served = new Int32Array(counter);
  const worker = new Worker(SERVER, { eval: true, workerData: { counter, bodies } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    served: () => Atomics.load(served, 0),
    blockUntilServed(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (let now = Date.now(); Atomics.load(served, 0) < count && now < deadline; now = Date.now()) {
        Atomics.wait(served, 0, Atomics.load(served, 0), Math.min(100, deadline - now));
      }
      return Atomics.load(served, 0);
    },
    async close() {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('close');
      await exited;
    },
  };
}

/** Six different stories, each about a company the fixture knows: all relevant, none a copy of another. */
const TITLES = [
  'AWS to close its Shanghai AI lab amid US-China tensions',
  'Microsoft moves hundreds of AI researchers out of Beijing',
  'IBM shuts its China research centre and lays off 1,000 staff',
  'McKinsey bars its China arm from work on US chips',
  'Amazon withdraws its Kindle store from the Chinese market',
  'Microsoft tells China-based staff working on cloud and GPU teams to relocate',
];
const itemOf = (index: number) => ({
  title: TITLES[index] ?? '',
  link: `https://news.example.com/story-${index}`,
  guid: `urn:story:${index}`,
  date: new Date(Date.now() - (index + 1) * 60 * 60_000).toUTCString(),
  description: `${TITLES[index] ?? ''}, reports say.`,
});
const FEEDS = TITLES.length;
const OPTIONS: CollectOptions = { allowPrivate: true, deadlineMs: 10_000, seed: false, minRefetchMs: 0, concurrency: FEEDS };

describe('the thread collector', () => {
  const scratch = useScratch('dw-thread-collector-');
  let server: ThreadFeedServer;
  const bodies: Record<string, string> = {};
  for (let index = 0; index < FEEDS; index++) bodies[`/feed-${index}.xml`] = rss20({ title: `Feed ${index}`, items: [itemOf(index)] });
  const feeds = Object.keys(bodies).map((path, index) => ({ url: '', path, label: `Feed ${index}` }));
  const tracked = () => feeds.map((feed) => ({ url: server.url(feed.path), label: feed.label }));
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });

  beforeAll(async () => {
    server = await startThreadFeedServer(bodies);
  });
  afterAll(async () => {
    await server.close();
  });

  async function collector(name: string, idleMs = 200): Promise<{ collector: ThreadCollector; file: string }> {
    const file = scratch.file(`${name}.sqlite`);
    const made = createThreadCollector({ storeUrl: `sqlite://${file}`, storeTimeoutMs: 5_000, kb: fixtureKb(), log, idleMs });
    scratch.defer(() => made.close());
    return { collector: made, file };
  }

  // Its time limit covers the longest block: vitest's own cannot fire while this thread is blocked.
  it('fetches, reads and pools the feeds while the main thread is blocked, into the store the bot reads', { timeout: 90_000 }, async () => {
    const { collector: threaded, file } = await collector('blocked');
    const before = server.served();
    const run = threaded.collect(tracked(), OPTIONS);
    // Nothing runs on this thread until every feed was served: a collection on the main thread could not fetch one.
    const served = server.blockUntilServed(before + FEEDS, 60_000) - before;
    expect(served).toBe(FEEDS);
    const report = await run;
    expect(report.feeds.map((feed) => feed.status)).toEqual(Array(FEEDS).fill('ok'));
    expect(report.added).toBe(FEEDS);
    const store = await openStore(`sqlite://${file}`);
    scratch.defer(() => store.close());
    const pooled = (await readPool(store)).map((item) => item.title).sort();
    expect(pooled).toEqual(feeds.map((_feed, index) => itemOf(index).title).sort());
    // Its log lines reach the bot's logger.
    expect(lines.some((line) => line.includes('"message":"feeds collected"') && line.includes(`"feeds":${FEEDS}`))).toBe(true);
  });

  it('gives back a store the thread cannot open as a StoreError naming the file', async () => {
    const { collector: threaded, file } = await collector('not-a-database');
    await writeFile(file, 'this is not a SQLite database, only text that is long enough to have a header\n'.repeat(20));
    const failure = await threaded.collect(tracked(), OPTIONS).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError).message).toContain('not-a-database.sqlite');
    expect((failure as StoreError).message).toMatch(/not a SQLite database/);
  });

  it.skipIf(!existsSync(PROCESS_STATUS))('serves overlapping runs, ends after the last, and starts again for the next', async () => {
    const { collector: threaded } = await collector('lifecycle');
    // The thread pool of libuv, which the store's driver uses, starts once and stays: count after it is up.
    const warm = await openStore(`sqlite://${scratch.file('warm.sqlite')}`);
    await warm.close();
    const idle = threadCount();
    const [first, second] = await Promise.all([threaded.collect(tracked(), OPTIONS), threaded.collect(tracked(), OPTIONS)]);
    // One run fetched each feed, the other found it claimed; both answered.
    expect([...(first?.feeds ?? []), ...(second?.feeds ?? [])].filter((feed) => feed.status === 'ok')).toHaveLength(FEEDS);
    expect(await eventually(() => threadCount() <= idle, 20_000)).toBe(true);
    const again = await threaded.collect(tracked(), { ...OPTIONS, minRefetchMs: 0 });
    expect(again.feeds.map((feed) => feed.status)).toEqual(Array(FEEDS).fill('ok'));
    expect(await eventually(() => threadCount() <= idle, 20_000)).toBe(true);
  });

  it('fails a run still going when closed, and ends its thread', async () => {
    const { collector: threaded } = await collector('closed');
    const run = threaded.collect([{ url: server.url('/hold'), label: 'Held' }], OPTIONS).catch((error: unknown) => error);
    // Closing while the feed is held: the run does not hang, and no run starts afterwards.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await threaded.close();
    const outcome = await run;
    expect(outcome instanceof Error || (outcome as { feeds: unknown[] }).feeds.length === 1).toBe(true);
    await expect(threaded.collect(tracked(), OPTIONS)).rejects.toThrow(/stopping/);
  });

  it('fetches as many feeds at once as the run’s settings say (FEED_CONCURRENCY, FEED_CONCURRENCY_PER_HOST), not its defaults of 4 and 1 a host', { timeout: 90_000 }, async () => {
    // Each case: the settings, and the peak a feed server on one host sees; with the defaults it would be 1.
    const cases: [Pick<CollectOptions, 'concurrency' | 'perHostConcurrency'>, number][] = [
      [{ concurrency: 3, perHostConcurrency: 16 }, 3],
      [{ concurrency: 16, perHostConcurrency: 2 }, 2],
    ];
    for (const [settings, expected] of cases) {
      const local = await startFeedServer();
      scratch.defer(() => local.close());
      const gate = heldUntil(expected, 5_000);
      for (const [path, body] of Object.entries(bodies)) local.route(path, gate(respond({ body, headers: { 'content-type': 'application/rss+xml' } })));
      const { collector: threaded } = await collector(`at-once-${expected}`);
      const report = await threaded.collect(feeds.map((feed) => ({ url: local.url(feed.path), label: feed.label })), { ...OPTIONS, ...settings });
      expect(report.feeds.map((feed) => feed.status)).toEqual(Array(FEEDS).fill('ok'));
      expect(local.maxActiveRequests(), JSON.stringify(settings)).toBe(expected);
    }
  });
});
