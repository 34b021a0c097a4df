import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DONE_LEASE, type Leases } from '../../src/async/leases.ts';
import { createSharedRateLimiter } from '../../src/async/shared-rate-limit.ts';
import { parseConfig } from '../../src/config.ts';
import { inProcessCollector } from '../../src/digest/collect/collect.ts';
import { runSlotOnce } from '../../src/digest/schedule/slot-claim.ts';
import { readPool } from '../../src/digest/pool.ts';
import { collectOnce } from '../../src/digest/service/collect-once.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { openRedisLeases } from '../../src/store/redis-leases.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';

/**
 * Two "processes" are two sets of connections to one real redis-server: leases taken through one are seen through
 * the other exactly as from another machine.
 */
describe.skipIf(!hasRedis)('leases on a real redis-server', () => {
  let redis: RedisServer;
  let a: Leases;
  let b: Leases;
  beforeAll(async () => {
    redis = await startRedisServer();
    a = await openRedisLeases(redis.url, 3000);
    b = await openRedisLeases(redis.url, 3000);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.close();
  });

  it('one holder at a time; only the holder extends or frees; a lost holder frees at expiry', async () => {
    const token = await a.acquire('k1', 30_000);
    expect(token).toBeTypeOf('string');
    expect(await b.acquire('k1', 30_000)).toBeUndefined();
    expect(await b.release('k1', 'not-the-token')).toBe(false);
    expect(await b.extend('k1', 'not-the-token', 30_000)).toBe(false);
    expect(await b.holder('k1')).toBe(token);
    expect(await a.release('k1', token ?? '')).toBe(true);
    expect(await b.acquire('k1', 30_000)).toBeTypeOf('string');

    expect(await a.acquire('k2', 200)).toBeTypeOf('string');
    let taken: string | undefined;
    for (let tries = 0; taken === undefined && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      taken = await b.acquire('k2', 30_000);
    }
    expect(taken).toBeTypeOf('string');
  });

  it('runs a slot once whoever asks, keeps it done, and frees it when the run fails', async () => {
    const slot = new Date('2026-01-05T08:00:00Z');
    let runs = 0;
    const task = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    };
    const claims = await Promise.all([a, b, a, b].map((leases) => runSlotOnce(leases, '111111111111111111', slot, silentLogger, task)));
    expect(runs).toBe(1);
    expect(claims.filter((claim) => claim === 'ran')).toHaveLength(1);
    expect(await runSlotOnce(b, '111111111111111111', slot, silentLogger, task)).toBe('done elsewhere');
    expect(await a.holder(`digest-slot:111111111111111111:${slot.toISOString()}`)).toBe(DONE_LEASE);

    const failing = () => Promise.reject(new Error('Discord is down'));
    await expect(runSlotOnce(a, '222222222222222222', slot, silentLogger, failing)).rejects.toThrow(/Discord is down/);
    expect(await runSlotOnce(b, '222222222222222222', slot, silentLogger, task)).toBe('ran');
    expect(runs).toBe(2);
  });

  it('shares a rate limit between processes: the limit counts every take, and says when a slot frees', async () => {
    const limit = (leases: Leases) => createSharedRateLimiter({ leases, name: 'feed-test', limit: 3, windowMs: 60_000 });
    const [here, there] = [limit(a), limit(b)];
    const takes = [await here.take('user-1'), await there.take('user-1'), await here.take('user-1')];
    expect(takes).toEqual([0, 0, 0]);
    const refused = await there.take('user-1');
    expect(refused).toBeGreaterThan(50_000);
    expect(refused).toBeLessThanOrEqual(60_000);
    expect(await there.take('user-2')).toBe(0);
  });

  describe('feeds', () => {
    let feeds: FeedServer;
    const stores: Store[] = [];
    beforeAll(async () => {
      feeds = await startFeedServer();
    });
    afterAll(async () => {
      await Promise.all(stores.map((store) => store.close()));
      await feeds?.close();
      await closeParsePool();
    });

    it('fetches each feed once when several processes collect it at once, and each composes with what was fetched', async () => {
      const aws = { title: 'AWS to close its Shanghai AI lab amid US-China tensions', link: 'https://news.example.com/aws', guid: 'urn:aws', date: new Date(Date.now() - 60 * 60_000).toUTCString(), description: 'About AWS to close its Shanghai AI lab.' };
      const feed = { url: feeds.url('/shared.xml'), label: 'Shared' };
      const config = parseConfig({ ALLOW_PRIVATE_FEEDS: 'true' });
      const options = { allowPrivate: true, deadlineMs: 5_000, minRefetchMs: 10 * 60_000 };
      const processes = await Promise.all(
        [a, b, a, b].map(async (leases) => {
          const store = await openStore(redis.url);
          stores.push(store);
          const kb = fixtureKb();
          return { kb, store, now: () => new Date(), log: silentLogger, leases, config, collect: inProcessCollector({ kb, store, log: silentLogger }) };
        }),
      );
      // An hour ago the feed was read once (seeded, nothing pooled); now it has news, served slowly.
      feeds.route('/shared.xml', respond({ body: rss20({ title: 'Shared', items: [] }) }));
      const first = processes[0];
      if (first === undefined) throw new Error('no process');
      const anHourAgo = () => new Date(Date.now() - 60 * 60_000);
      await collectOnce({ ...first, now: anHourAgo, collect: inProcessCollector({ kb: first.kb, store: first.store, now: anHourAgo, log: silentLogger }) }, [feed], options);
      feeds.route('/shared.xml', respond({ body: rss20({ title: 'Shared', items: [aws] }), headers: { 'content-type': 'application/rss+xml' }, delayMs: 500 }));
      feeds.resetStats();

      const runs = await Promise.all(
        processes.map(async (ctx) => {
          const report = await collectOnce(ctx, [feed], options);
          return { statuses: report.feeds.map((one) => one.status), pooled: (await readPool(ctx.store)).map((item) => item.title) };
        }),
      );
      expect(feeds.requestsTo('/shared.xml')).toHaveLength(1);
      expect(runs.flatMap((run) => run.statuses).sort()).toEqual(['ok', 'skipped', 'skipped', 'skipped']);
      // Every process composes after the one fetch landed in the shared pool, not before.
      for (const run of runs) expect(run.pooled).toContain(aws.title);
    });
  });
});
