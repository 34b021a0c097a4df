import path from 'node:path';
import type { OutgoingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { DEFAULT_CLAIM_TTL_MS } from '../../src/digest/collect/feed-claim.ts';
import { readFeedStates } from '../../src/digest/collect/feed-state.ts';
import type { CollectOptions, TrackedFeed } from '../../src/digest/collect/types.ts';
import { readPool } from '../../src/digest/pool.ts';
import type { FeedState } from '../../src/digest/state.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20, type XmlItem } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { launchInGroup } from '../support/process-group.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

/**
 * A run claims the feeds it fetches with a short lease (renewed while it goes on) and records `lastFetchAt` only
 * with each feed's outcome: a run that dies holds its feeds back one claim TTL at most, and says so honestly.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = path.join(ROOT, 'test', 'support', 'collect-child.ts');
const kb = fixtureKb();
const local: CollectOptions = { allowPrivate: true, perHostConcurrency: 8, deadlineMs: 60_000 };
const RSS: OutgoingHttpHeaders = { 'content-type': 'application/rss+xml' };

const story = (slug: string, title: string): XmlItem => ({
  title, link: `https://news.example.com/2025/${slug}`, guid: `urn:${slug}`, date: new Date(Date.now() - 60 * MINUTE).toUTCString(), description: `About ${title}.`,
});
const AWS = story('aws-lab', 'AWS to close its Shanghai AI lab amid US-China tensions');
const IBM = story('ibm-labs', 'IBM shuts its China research labs, cutting 1,000 jobs in Beijing');
const MCKINSEY = story('mckinsey', 'McKinsey bars its China practice from generative AI work');

let server: FeedServer;
const scratch = useScratch('dw-claims-');
let storeCount = 0;
const releases: (() => void)[] = [];

async function newStore(): Promise<{ file: string; store: Store }> {
  const file = scratch.file(`claims-${++storeCount}.sqlite`);
  const store = await openStore(`sqlite://${file}`);
  onTestFinished(() => store.close());
  return { file, store };
}

const feed = (route: string): TrackedFeed => ({ url: server.url(route), label: route.slice(1) });

/** Serves `items` at `route`, but holds every request until `release()` (then answers at once). */
function held(route: string, items: XmlItem[]): { release(): void } {
  const waiting: (() => void)[] = [];
  let open = false;
  server.route(route, (request, response, hit) => {
    const answer = () => {
      if (!response.destroyed) respond({ body: rss20({ items }), headers: RSS })(request, response, hit);
    };
    if (open) answer();
    else waiting.push(answer);
  });
  const release = () => {
    open = true;
    for (const answer of waiting.splice(0)) answer();
  };
  releases.push(release);
  return { release };
}

async function statesOf(store: Store, routes: readonly string[]): Promise<FeedState[]> {
  const states = await readFeedStates(store, routes.map((route) => server.url(route)));
  return routes.map((route) => {
    const state = states.get(server.url(route));
    if (state === undefined) throw new Error(`no state for ${route}`);
    return state;
  });
}

beforeAll(async () => {
  server = await startFeedServer();
});

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await server.waitForIdle(10_000);
  server.resetStats();
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

describe('feed claims', () => {
  it('a run killed mid-collection leaves claims that expire within one TTL: before, "being fetched"; after, every feed is fetched and its items pooled', { timeout: 180_000 }, async () => {
    const ttlMs = 1_500;
    const routes = ['/quick', '/slow-1', '/slow-2'];
    server.route('/quick', respond({ body: rss20({ items: [AWS] }), headers: RSS }));
    const slow = [held('/slow-1', [IBM]), held('/slow-2', [MCKINSEY])];
    const { file, store } = await newStore();

    const child = launchInGroup(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      defer: onTestFinished,
      env: {
        PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
        DW_STORE: file, DW_FEEDS: JSON.stringify(routes.map((route) => server.url(route))), DW_CLAIM_TTL_MS: String(ttlMs),
      },
    });
    // Mid-collection: every feed requested, two of them not answered yet.
    await vi.waitFor(() => {
      for (const route of routes) expect(server.requestsTo(route)).toHaveLength(1);
    }, { timeout: 90_000, interval: 50 });
    expect(await child.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();
    expect(child.lines.some((line) => line.startsWith('result'))).toBe(false);

    // The dead run claimed every feed and recorded no fetch: nothing it read reached the pool.
    const left = await statesOf(store, routes);
    const runIds = new Set(left.map((state) => state.claim?.by));
    expect(runIds.size).toBe(1);
    expect([...runIds][0]).toEqual(expect.any(String));
    for (const state of left) expect(state.lastFetchAt).toBeUndefined();
    const expiries = left.map((state) => Date.parse(state.claim?.until ?? ''));
    expect(Math.max(...expiries) - killedAt).toBeLessThanOrEqual(ttlMs);
    expect(await readPool(store)).toEqual([]);

    // Before the claims expire (the run's clock just before the first expiry), a run says another is fetching them.
    const before = await collectFeeds({ kb, store, now: () => new Date(Math.min(...expiries) - 1) }, routes.map(feed), { ...local, seed: false });
    for (const report of before.feeds) {
      expect(report).toMatchObject({ status: 'skipped', skip: { code: 'being-fetched' } });
      expect(report.skip?.message.en).toMatch(/Another run is fetching it right now/);
      expect(report.skip?.message.fr).toMatch(/Une autre exécution le récupère en ce moment/);
    }
    for (const route of routes) expect(server.requestsTo(route)).toHaveLength(1);

    // Once they have expired, a run fetches every feed, and every item the dead run had read reaches the pool.
    for (const feedServed of slow) feedServed.release();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Math.max(...expiries)), { timeout: 10 * ttlMs, interval: 50 });
    const after = await collectFeeds({ kb, store }, routes.map(feed), { ...local, seed: false });
    expect(after.feeds.map((report) => report.status)).toEqual(['ok', 'ok', 'ok']);
    for (const route of routes) expect(server.requestsTo(route)).toHaveLength(2);
    expect((await readPool(store)).map((item) => item.title).sort()).toEqual([AWS.title, IBM.title, MCKINSEY.title].sort());
    for (const state of await statesOf(store, routes)) {
      expect(state.claim).toBeUndefined();
      expect(state.lastFetchAt).toBe(after.at);
    }
  });

  it('a long run renews its claims: a run started after one TTL still skips its feed, which is fetched once', { timeout: 60_000 }, async () => {
    const ttlMs = 4_500;
    const options = { ...local, minRefetchMs: 0, claimTtlMs: ttlMs, seed: false };
    const long = held('/long', [AWS]);
    const { store } = await newStore();

    const first = collectFeeds({ kb, store }, [feed('/long')], options);
    // Cleanups run newest first: the run is over before its store closes, whatever the test found.
    onTestFinished(async () => {
      long.release();
      await first.catch(() => undefined);
    });
    await vi.waitFor(() => expect(server.requestsTo('/long')).toHaveLength(1), { timeout: 30_000, interval: 50 });
    const [claimed] = await statesOf(store, ['/long']);
    const firstExpiry = Date.parse(claimed?.claim?.until ?? '');
    expect(firstExpiry).toBeGreaterThan(Date.now() - ttlMs);

    // The first claim's expiry has passed: only its renewals keep the feed from a second fetch.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(firstExpiry), { timeout: 10 * ttlMs, interval: 50 });
    // (A short deadline: were it to fetch the held feed, it would fail soon instead of hanging.)
    const second = await collectFeeds({ kb, store }, [feed('/long')], { ...options, deadlineMs: 5_000 });
    expect(second.feeds[0]).toMatchObject({ status: 'skipped', skip: { code: 'being-fetched' } });
    expect(server.requestsTo('/long')).toHaveLength(1);
    const [renewed] = await statesOf(store, ['/long']);
    expect(renewed?.claim?.by).toBe(claimed?.claim?.by);
    expect(Date.parse(renewed?.claim?.until ?? '')).toBeGreaterThan(firstExpiry);

    long.release();
    const report = await first;
    expect(report.feeds[0]?.status).toBe('ok');
    expect(server.requestsTo('/long')).toHaveLength(1);
    expect((await readPool(store)).map((item) => item.title)).toEqual([AWS.title]);
    const [done] = await statesOf(store, ['/long']);
    expect(done?.claim).toBeUndefined();
    expect(done?.lastFetchAt).toBe(report.at);
  });

  it('lastFetchAt is written with the outcome (success or failure), not when the run starts fetching', { timeout: 60_000 }, async () => {
    const T0 = Date.parse('2025-07-23T08:00:00Z');
    let clock = T0;
    const deps = (store: Store) => ({ kb, store, now: () => new Date(clock) });
    server.route('/steady', respond({ body: rss20({ items: [AWS] }), headers: RSS }));
    server.route('/broken', respond({ status: 500 }));
    const { store } = await newStore();
    const routes = ['/steady', '/broken'];

    await collectFeeds(deps(store), routes.map(feed), local);
    for (const state of await statesOf(store, routes)) {
      expect(state.lastFetchAt).toBe(new Date(T0).toISOString());
      expect(state.claim).toBeUndefined();
    }

    clock = T0 + 11 * MINUTE;
    const steady = held('/steady', [AWS, IBM]);
    const running = collectFeeds(deps(store), routes.map(feed), local);
    onTestFinished(async () => {
      steady.release();
      await running.catch(() => undefined);
    });
    await vi.waitFor(() => {
      for (const route of routes) expect(server.requestsTo(route)).toHaveLength(2);
    }, { timeout: 30_000, interval: 50 });
    // Fetching (one answered, one still held): claimed, and the last recorded fetch is still the first run's.
    for (const state of await statesOf(store, routes)) {
      expect(state.lastFetchAt).toBe(new Date(T0).toISOString());
      expect(state.claim?.until).toBe(new Date(clock + DEFAULT_CLAIM_TTL_MS).toISOString());
    }

    steady.release();
    const report = await running;
    expect(report.feeds.map((one) => one.status)).toEqual(['ok', 'failed']);
    const [steadyState, brokenState] = await statesOf(store, routes);
    for (const state of [steadyState, brokenState]) {
      expect(state?.lastFetchAt).toBe(new Date(clock).toISOString());
      expect(state?.claim).toBeUndefined();
    }
    expect(brokenState?.consecutiveFailures).toBe(2);
  });
});
