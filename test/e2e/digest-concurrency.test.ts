import { afterEach, describe, expect, it } from 'vitest';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { startTestBot } from '../support/bot-harness.ts';
import { respond, startFeedServer, type FeedServer, type RouteHandler } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { heldUntil } from '../support/held-gate.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { tempDir } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';
import { answer, movableClock, newsItem, setupPayload, slash, withLocalFeeds } from './digest-support.ts';

/** FEED_CONCURRENCY and FEED_CONCURRENCY_PER_HOST reach the bot's runs: what the feed server sees at once. */

const FEEDS = 6;
/** The longest the server holds a request while it waits for the number a test expects at once. */
const HOLD_MS = 5_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The most requests in flight at once over every handler it wraps, whichever server they reach. */
function inFlight(): { count: (answer: RouteHandler) => RouteHandler; peak: () => number; reset(): void } {
  let active = 0;
  let peak = 0;
  return {
    count: (answer) => (request, response, hit) => {
      active += 1;
      peak = Math.max(peak, active);
      response.once('close', () => (active -= 1));
      answer(request, response, hit);
    },
    peak: () => peak,
    reset: () => void (peak = active),
  };
}

/**
 * The real bot with `count` local feeds as its default feeds, and `env`: on one host (127.0.0.1), or spread over the
 * `hosts` given (a feed server on each loopback address: hosts the fetcher tells apart).
 */
async function startWorld(env: Record<string, string>, atOnce: number, hosts: readonly string[], count: number) {
  const dir = await tempDir('dw-e2e-concurrency-');
  cleanups.push(() => dir.remove());
  const servers: FeedServer[] = [];
  for (const host of hosts) {
    const server = await startFeedServer({ host });
    servers.push(server);
    cleanups.push(() => server.close());
  }
  cleanups.push(() => closeParsePool());
  const gate = heldUntil(atOnce, HOLD_MS);
  const counted = inFlight();
  const feeds = Array.from({ length: count }, (_, index) => {
    const server = servers[index % servers.length] as FeedServer;
    const path = `/wire-${index + 1}.xml`;
    const body = rss20({ title: `Wire ${index + 1}`, items: [newsItem(`Wire ${index + 1}: Nvidia trims its Shanghai lab amid chip export controls`)] });
    server.route(path, counted.count(gate(respond({ body, headers: { 'content-type': 'application/rss+xml; charset=utf-8' } }))));
    return { label: `Wire ${index + 1}`, url: server.url(path), path, server };
  });
  const clock = movableClock();
  const t = await startTestBot({ kb: withLocalFeeds(await loadRealKb(), feeds), digest: { storePath: dir.file('store.sqlite'), now: clock.now, env } });
  cleanups.push(() => t.close());
  expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅ The digest will be posted');
  return { t, servers, clock, feeds, counted };
}

/**
 * `/digest now`, the feeds due again: the most requests the feed servers answered at once during it, in all and on
 * each host.
 */
async function peaksDuringDigest(env: Record<string, string>, atOnce: number, hosts: readonly string[] = ['127.0.0.1'], count = FEEDS) {
  const { t, servers, clock, feeds, counted } = await startWorld(env, atOnce, hosts, count);
  for (const server of servers) server.resetStats();
  counted.reset();
  clock.advance(11 * MINUTE);
  const reply = await answer(t, slash(t, 'digest', 'now'), 30_000);
  expect(reply.text).toMatch(/^(Digest posted|Nothing new)/);
  // Each feed fetched once in the run, whatever the limits.
  expect(feeds.map((feed) => feed.server.requestsTo(feed.path).length)).toEqual(Array(count).fill(1));
  return { overall: counted.peak(), perHost: servers.map((server) => server.maxActiveRequests()) };
}

/** `/digest now` on one host: the most requests the feed server answered at once during it. */
async function peakDuringDigest(env: Record<string, string>, atOnce: number): Promise<number> {
  return (await peaksDuringDigest(env, atOnce)).overall;
}

describe('feeds fetched at once', () => {
  it('by default, one at a time from one host', async () => {
    expect(await peakDuringDigest({}, 1)).toBe(1);
  });

  it('FEED_CONCURRENCY caps the run: 3 at once when each host may take more', async () => {
    expect(await peakDuringDigest({ FEED_CONCURRENCY: '3', FEED_CONCURRENCY_PER_HOST: '16' }, 3)).toBe(3);
  });

  it('FEED_CONCURRENCY_PER_HOST caps one host: 2 at once when the run may take more', async () => {
    expect(await peakDuringDigest({ FEED_CONCURRENCY: '16', FEED_CONCURRENCY_PER_HOST: '2' }, 2)).toBe(2);
  });

  it('FEED_CONCURRENCY_PER_HOST is per host: 2 at once on each of two hosts, 4 in all', async () => {
    // 8 feeds, 4 a host: two full rounds of 4.
    const peaks = await peaksDuringDigest({ FEED_CONCURRENCY: '16', FEED_CONCURRENCY_PER_HOST: '2' }, 4, ['127.0.0.1', '127.0.0.2'], 8);
    expect(peaks).toEqual({ overall: 4, perHost: [2, 2] });
  });
});
