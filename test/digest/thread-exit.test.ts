import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { readFeedStates } from '../../src/digest/collect/feed-state.ts';
import { openStore } from '../../src/store/index.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { launchInGroup } from '../support/process-group.ts';
import { useScratch } from '../support/scratch.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = path.join(ROOT, 'test', 'support', 'thread-exit-child.ts');
const HOOK = path.join(ROOT, 'test', 'support', 'thread-exit-hook.mjs');
const FEED = rss20({ title: 'Feed', items: [{ title: 'AWS to close its Shanghai AI lab', link: 'https://news.example.com/a', guid: 'urn:a', date: new Date().toUTCString() }] });

describe('a collection thread that ends mid-run without an error', () => {
  const scratch = useScratch('dw-thread-exit-');
  let server: FeedServer;
  let arrived = '';

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/feed.xml', respond({ body: FEED, headers: { 'content-type': 'application/rss+xml' } }));
    // Never answered: the run is under way, its request held, when the thread is told to end.
    server.route('/hold', () => writeFileSync(arrived, ''));
  });
  afterAll(async () => {
    await server.close();
  });

  it('fails its run, says so, and the next run gets a new thread that works', { timeout: 120_000 }, async () => {
    const file = scratch.file('state.sqlite');
    arrived = scratch.file('arrived');
    const exited = scratch.file('exited');
    const child = launchInGroup(process.execPath, ['--import', 'tsx', '--import', HOOK, CHILD], {
      cwd: ROOT,
      defer: onTestFinished,
      env: {
        PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
        DW_STORE: file, DW_HELD: server.url('/hold'), DW_FEED: server.url('/feed.xml'), DW_EXIT_WHEN: arrived, DW_EXITED: exited,
      },
    });
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const result = (name: string) => JSON.parse(child.lines.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1) ?? 'null') as unknown;

    // The thread ended while the run held its request: the run failed with what happened, not a hang or a report.
    expect(existsSync(exited)).toBe(true);
    expect(result('first')).toEqual({ ok: false, message: 'the collection thread ended (code 7) before the run did' });
    // The next run did not wait on the dead thread: a new one read the feed.
    expect(result('second')).toEqual({ ok: true, statuses: ['ok'] });
    expect(child.lines).toContain('closed');

    // Nothing of the failed run was recorded as fetched; the second run's feed was.
    const store = await openStore(`sqlite://${file}`);
    try {
      const states = await readFeedStates(store, [server.url('/hold'), server.url('/feed.xml')]);
      expect(states.get(server.url('/hold'))?.lastFetchAt).toBeUndefined();
      expect(states.get(server.url('/feed.xml'))).toMatchObject({ lastStatus: 200, consecutiveFailures: 0 });
    } finally {
      await store.close();
    }
  });
});
