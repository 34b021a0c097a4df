import { existsSync } from 'node:fs';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadCollector, type ThreadCollector, type ThreadCollectorSettings } from '../../src/digest/collect/thread/thread-collector.ts';
import type { CollectOptions } from '../../src/digest/collect/types.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { eventually, PROCESS_STATUS, threadCount } from '../support/threads.ts';

const OPTIONS: CollectOptions = { allowPrivate: true, deadlineMs: 10_000, seed: false, minRefetchMs: 0 };
const FEED = rss20({ title: 'Feed', items: [{ title: 'AWS to close its Shanghai AI lab', link: 'https://news.example.com/a', guid: 'urn:a', date: new Date().toUTCString(), description: 'AWS.' }] });

describe('the thread collector, at its edges', () => {
  const scratch = useScratch('dw-thread-edges-');
  let server: FeedServer;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(FEED);
    });
    // Never answers: only an abort (or the fetch deadline) ends a read of it.
    server.route('/hold', () => {});
  });
  afterAll(async () => {
    await server.close();
  });

  function collector(name: string, idleMs = 200, settings: Partial<ThreadCollectorSettings> = {}): { collector: ThreadCollector; file: string } {
    const file = scratch.file(`${name}.sqlite`);
    const made = createThreadCollector({ storeUrl: `sqlite://${file}`, storeTimeoutMs: 5_000, kb: fixtureKb(), log: silentLogger, idleMs, ...settings });
    scratch.defer(() => made.close());
    return { collector: made, file };
  }

  it('stops a run whose signal was aborted before it was handed over, as a run in this thread would', async () => {
    const { collector: threaded } = collector('pre-aborted');
    const aborted = new AbortController();
    aborted.abort();
    // The fetch deadline is far beyond the test's timeout: only the abort can end the held read in time.
    const report = await threaded.collect([{ url: server.url('/hold'), label: 'Held' }], { ...OPTIONS, deadlineMs: 120_000, signal: aborted.signal });
    expect(report.feeds.map((feed) => feed.status)).toEqual(['failed']);
  });

  it('leaves no listener on a long-lived signal once its runs are over', async () => {
    const { collector: threaded } = collector('listeners');
    const bot = new AbortController();
    for (let run = 0; run < 3; run++) {
      const report = await threaded.collect([{ url: server.url('/feed.xml'), label: 'Feed' }], { ...OPTIONS, signal: bot.signal });
      expect(report.feeds.map((feed) => feed.status)).toEqual(['ok']);
    }
    expect(getEventListeners(bot.signal, 'abort')).toHaveLength(0);
  });

  it.skipIf(!existsSync(PROCESS_STATUS))('a run that cannot be handed over fails, and the thread still ends after the next', { timeout: 40_000 }, async () => {
    const { collector: threaded } = collector('uncloneable');
    const warm = await openStore(`sqlite://${scratch.file('warm.sqlite')}`);
    await warm.close();
    const idle = threadCount();
    const uncloneable = { ...OPTIONS, userAgent: (() => 'agent') as unknown as string };
    await expect(threaded.collect([{ url: server.url('/feed.xml'), label: 'Feed' }], uncloneable)).rejects.toThrow();
    const report = await threaded.collect([{ url: server.url('/feed.xml'), label: 'Feed' }], OPTIONS);
    expect(report.feeds.map((feed) => feed.status)).toEqual(['ok']);
    expect(await eventually(() => threadCount() <= idle, 15_000)).toBe(true);
  });

  it('close waits for a thread that was retiring when it was called', async () => {
    const idleMs = 50;
    const { collector: threaded, file } = collector('retiring', idleMs);
    await threaded.collect([{ url: server.url('/feed.xml'), label: 'Feed' }], OPTIONS);
    // A timer of the same length set after the idle one fires right after it: the thread has just been asked to close.
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    await threaded.close();
    // The thread's connection was the file's only one: once it is closed, SQLite has folded the WAL back and removed it.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it.skipIf(!existsSync(PROCESS_STATUS))('a thread that runs out of memory fails its runs, says why, and leaves no thread behind', { timeout: 40_000 }, async () => {
    const warm = await openStore(`sqlite://${scratch.file('warm-oom.sqlite')}`);
    await warm.close();
    const idle = threadCount();
    const lines: string[] = [];
    // 1 MB of old generation cannot even hold the thread's modules: it dies of its limit, as a runaway run would.
    const { collector: starved } = collector('oom', 200, { log: createLogger({ write: (line) => lines.push(line) }), memoryLimitMb: 1 });
    const feeds = [{ url: server.url('/feed.xml'), label: 'Feed' }];
    await expect(starved.collect(feeds, OPTIONS)).rejects.toThrow(/the collection thread failed: .*memory/i);
    expect(lines.some((line) => line.includes('the collection thread failed') && line.includes('ERR_WORKER_OUT_OF_MEMORY'))).toBe(true);
    // The next run gets a thread of its own, which fails the same way: no run waits on a dead thread.
    await expect(starved.collect(feeds, OPTIONS)).rejects.toThrow(/the collection thread failed/);
    expect(await eventually(() => threadCount() <= idle, 15_000)).toBe(true);
    await starved.close();
  });
});
