import type { REST } from 'discord.js';
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Leases } from '../../src/async/leases.ts';
import type { DigestLimits } from '../../src/digest/compose/compose.ts';
import { deliverOutbox, restPoster, type DeliveryResult, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { outboxLeaseKey } from '../../src/digest/deliver/lock.ts';
import { saveGuildSettings } from '../../src/digest/guilds.ts';
import { runGuildDigest } from '../../src/digest/run/run.ts';
import { POOL_KEY, type Outbox } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { openRedisLeases } from '../../src/store/redis-leases.ts';
import { startDiscordDouble, type DiscordDouble, type StoredMessage } from '../double/index.ts';
import { closeRest, restOnDouble } from '../support/double-rest.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { HOUR } from '../support/time.ts';
import { longItems } from '../support/long-items.ts';

const kb = fixtureKb();
const NOW = '2025-11-21T08:00:00.000Z';
const LIMITS: DigestLimits = { maxMessages: 20, maxItemsPerFeed: 100, maxItems: 1_000 };

/**
 * Two "processes" are two stores and two sets of leases on one real redis-server, each with its own REST client:
 * nothing in this process joins them but Redis. The double forgets nonces at once (`nonceWindowMs: -1`, as Discord
 * does after a few minutes), so only the lease and the markers can keep a message from being posted twice.
 */
describe.skipIf(!hasRedis)('one outbox, two processes, one redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.close();
  });

  it('both finish the same interrupted outbox at once: every message is posted once', { timeout: 60_000 }, async () => {
    const double = await startDouble();
    const guild = await interruptedOutbox(double, 30);
    const [a, b] = await Promise.all([process_(double), process_(double)]);
    const results = await Promise.all([a.deliver(double.guildId), b.deliver(double.guildId)]);

    expectEachOnce(double, guild.total);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
    expect(results.map((result) => result.sent).sort()).toEqual([0, guild.total]);
    expect(await a.store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  });

  it('a holder that loses its lease mid-delivery stops; the process that took over finishes; nothing is posted twice', { timeout: 60_000 }, async () => {
    const double = await startDouble();
    const guild = await interruptedOutbox(double, 60);
    // B posts slowly (a rate limit): A, resuming meanwhile, would otherwise post the same messages beside it.
    const b = await process_(double, (real) => ({
      ...real,
      postMessage: async (channelId, body) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return real.postMessage(channelId, body);
      },
    }));
    const raw = createClient({ url: redis.url });
    await raw.connect();
    onTestFinished(() => raw.close().then(() => undefined));
    let taken: Promise<DeliveryResult> | undefined;
    // After A's second post, A's lease "expires" (as in a long stall) and B takes the server over.
    const a = await process_(double, (real) => ({
      ...real,
      async postMessage(channelId, body) {
        const accepted = await real.postMessage(channelId, body);
        if (taken === undefined && double.messagesIn(double.channelId).length >= 2) {
          await raw.sendCommand(['DEL', `lease:${outboxLeaseKey(double.guildId)}`]);
          let settled = false;
          taken = b.deliver(double.guildId).finally(() => {
            settled = true;
          });
          await until(async () => settled || (await b.leases.holder(outboxLeaseKey(double.guildId))) !== undefined);
        }
        return accepted;
      },
    }));
    const first = await a.deliver(double.guildId);
    expect(taken).toBeDefined();
    const second = await (taken as Promise<DeliveryResult>);

    expect(first).toMatchObject({ ok: false, error: { code: 'busy' } });
    expect(first.sent).toBeLessThan(guild.total);
    expect(second.ok).toBe(true);
    expectEachOnce(double, guild.total);
    expect(await b.store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  });

  it('Redis gone when a run wants the server: a store failure said as such, nothing posted, the outbox kept', { timeout: 60_000 }, async () => {
    const double = await startDouble();
    await interruptedOutbox(double, 30);
    const lost = await startRedisServer();
    onTestFinished(() => lost.close());
    const leases = await openRedisLeases(lost.url, 1000);
    onTestFinished(() => leases.close());
    await lost.kill();
    const store = await openStore(redis.url);
    onTestFinished(() => store.close().catch(() => undefined));
    const rest = restOnDouble(double);
    onTestFinished(async () => closeRest(rest));

    const result = await runGuildDigest({ kb, store, poster: restPoster(rest), log: silentLogger, leases, now: () => new Date(NOW), limits: LIMITS }, double.guildId, { reason: 'test' });
    expect(result).toMatchObject({ ok: false, outcome: 'failed', sent: 0, error: { code: 'store' } });
    expect(result.error?.message.fr).toContain("L'avancement du résumé n'a pas pu être enregistré");
    expect(double.messagesIn(double.channelId)).toEqual([]);
    expect((await store.namespace<Outbox>('outbox').get(double.guildId))?.messages.length).toBeGreaterThanOrEqual(3);
  });

  async function startDouble(): Promise<DiscordDouble> {
    const double = await startDiscordDouble({ nonceWindowMs: -1 });
    onTestFinished(() => double.close());
    return double;
  }

  /** A process of the bot: its own store connection, leases and REST client. */
  async function process_(double: DiscordDouble, wrap: (poster: DiscordPoster) => DiscordPoster = (poster) => poster) {
    const store: Store = await openStore(redis.url);
    onTestFinished(() => store.close().catch(() => undefined));
    const leases: Leases = await openRedisLeases(redis.url, 3000);
    onTestFinished(() => leases.close());
    const rest: REST = restOnDouble(double);
    onTestFinished(async () => closeRest(rest));
    const poster = wrap(restPoster(rest));
    return { store, leases, deliver: (guildId: string) => deliverOutbox({ store, poster, log: silentLogger, leases }, guildId) };
  }

  /** The server's digest of `count` items, cut short before its first post (a process died): its outbox waits. */
  async function interruptedOutbox(double: DiscordDouble, count: number): Promise<{ total: number }> {
    const store = await openStore(redis.url);
    onTestFinished(() => store.close().catch(() => undefined));
    await store.namespace('outbox').delete(double.guildId);
    await saveGuildSettings(store, {
      guildId: double.guildId, channelId: double.channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true,
      feeds: [], since: new Date(Date.parse(NOW) - 24 * HOUR).toISOString(),
    });
    await store.namespace<DigestItem[]>('history').set(POOL_KEY, makeItems(count));
    const dying: DiscordPoster = {
      postMessage: async () => {
        throw new Error('process died before the request left');
      },
      recentMessages: async () => [],
    };
    const crashed = await runGuildDigest({ kb, store, poster: dying, log: silentLogger, now: () => new Date(NOW), limits: LIMITS }, double.guildId, { reason: 'test' });
    expect(crashed.ok).toBe(false);
    const outbox = await store.namespace<Outbox>('outbox').get(double.guildId);
    expect(outbox?.messages[0]?.attempted).toBe(true);
    const total = outbox?.messages.length ?? 0;
    expect(total).toBeGreaterThanOrEqual(3);
    return { total };
  }
});

const MARKER = /dw·(\w+)·(\d+)\/(\d+)$/;
const markerOf = (message: StoredMessage) => MARKER.exec(message.embeds.at(-1)?.footer?.text ?? '');

/** Every message 1..total of the digest is in the channel exactly once. */
function expectEachOnce(double: DiscordDouble, total: number): void {
  const indexes = double.messagesIn(double.channelId).map((message) => Number(markerOf(message)?.[2]));
  expect(indexes.sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 400 && !(await condition()); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
}

function makeItems(count: number): DigestItem[] {
  return longItems(kb, NOW, 'lease', count);
}
