import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedKeyOf, newFeedState } from '../../src/digest/collect/feed-state.ts';
import { saveGuildSettings } from '../../src/digest/guilds.ts';
import { shardOf } from '../../src/digest/schedule/ownership.ts';
import { MAX_DIGEST_ITEMS, type FeedState, type GuildSettings } from '../../src/digest/state.ts';
import { openStore } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type StoredMessage } from '../double/index.ts';
import { botHome, launchBot, logEntries } from '../support/bot-process.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import type { GroupProcess } from '../support/process-group.ts';
import { hasRedis, startRedisServer } from '../support/redis-server.ts';
import { useScratch } from '../support/scratch.ts';
import { channelOf, digestIn, guildOn, manyItems, markerOf, SLOW, textChannels } from './shards-support.ts';

const SHARDS = 3;
const GUILDS_PER_SHARD = 3;
/** The process killed in the middle of its long digest, and started again. */
const VICTIM_SHARD = 1;
const scratch = useScratch('dw-shards3-');

/**
 * Three bot processes (SHARD_COUNT=3, SHARD_IDS 0, 1, 2) on one redis-server, each catching up its servers' missed
 * 08:00 digest at start-up. Every server tracks one slow default feed; one server of shard 1 also has a long feed
 * of its own, and its process is SIGKILLed while that digest goes out (one post per second per channel) and started
 * again. The double's own server (the one it sends interactions for) is one of the servers, on whichever shard.
 */
describe.skipIf(!hasRedis)('three bot processes, one shard each, on one redis-server', () => {
  it('each server served by its own shard; every digest posted once, a killed process resumed; each feed fetched once', { timeout: 300_000 }, async ({ onTestFinished: defer }) => {
    const generated = Array.from({ length: SHARDS * GUILDS_PER_SHARD }, (_, n) => ({ guildId: guildOn(n % SHARDS, Math.floor(n / SHARDS), SHARDS), channelId: channelOf(n) }));
    const double = await startDiscordDouble({ shardCount: SHARDS, rateLimit: { limit: 1, windowMs: 1000 }, extraChannels: textChannels(generated.map((server) => server.channelId)) });
    defer(() => double.close());
    const servers = [...generated, { guildId: double.guildId, channelId: double.channelId }];
    const victim = generated[VICTIM_SHARD] ?? { guildId: '', channelId: '' };
    expect(shardOf(victim.guildId, SHARDS)).toBe(VICTIM_SHARD);

    const redis = await startRedisServer();
    defer(() => redis.close());
    const feeds = await startFeedServer();
    defer(() => feeds.close());
    const shared = manyItems(3, 'Sh');
    const long = manyItems(40, 'Lg');
    const serve = (route: string, items: ReturnType<typeof manyItems>, delayMs: number) => {
      const body = rss20({ title: `Feed ${route}`, items });
      feeds.route(route, (_request, response) => {
        setTimeout(() => {
          response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) });
          response.end(body);
        }, delayMs);
      });
      return feeds.url(route);
    };
    // Slow enough that every process asks for the shared feed while it is being fetched.
    const sharedUrl = serve('/shared.xml', shared, 1500);
    const longUrl = serve('/long.xml', long, 0);

    const store = await openStore(redis.url);
    defer(() => store.close());
    const since = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    for (const { guildId, channelId } of servers) {
      const own = guildId === victim.guildId ? [{ url: longUrl, label: 'Long feed', addedBy: double.userId, addedAt: since }] : [];
      const settings: GuildSettings = { guildId, channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: own, since, lastRunAt: since, maxItems: MAX_DIGEST_ITEMS };
      await saveGuildSettings(store, settings);
    }
    // Both feeds were read before (seeded), so what they hold now is news.
    for (const url of [sharedUrl, longUrl]) await store.namespace<FeedState>('feeds').set(feedKeyOf(url), { ...newFeedState(url), seeded: true });

    const homes = await Promise.all(
      Array.from({ length: SHARDS }, (_, shard) =>
        botHome(path.join(scratch.dir, `shard-${shard}`), double, [{ label: 'Shared feed', url: sharedUrl }], {
          STORE_URL: redis.url, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(shard), DIGEST_CHANNEL_ID: '', DIGEST_MAX_MESSAGES: '20', DIGEST_MAX_ITEMS_PER_FEED: '100',
        }),
      ),
    );
    const bots: GroupProcess[] = homes.map((home) => launchBot(defer, home));

    // The victim's long digest is under way: kill its process between two messages.
    const opening = await double.waitForMessage((message) => markerOf(message) !== null, { timeoutMs: SLOW, channelId: victim.channelId });
    const total = Number(markerOf(opening)?.[3]);
    expect(total).toBeGreaterThanOrEqual(3);
    await double.waitFor(() => (digestIn(double, victim.channelId).length >= 2 ? true : undefined), { timeoutMs: SLOW, what: "two of the victim's digest messages" });
    const killed = bots[VICTIM_SHARD] as GroupProcess;
    expect(await killed.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(digestIn(double, victim.channelId).length).toBeLessThan(total);

    // The restart waits out the dead process's leases, finishes the outbox and catches up the shard's other slots.
    const home = homes[VICTIM_SHARD];
    if (home === undefined) throw new Error('no home for the victim');
    const restarted = launchBot(defer, home);
    await restarted.waitForOutput(/"message":"interrupted digest resumed"/, SLOW);
    await restarted.waitForOutput(/"message":"bot ready"/, SLOW);
    for (const [shard, bot] of bots.entries()) if (shard !== VICTIM_SHARD) await bot.waitForOutput(/"message":"bot ready"/, SLOW);
    const complete = (channelId: string) => {
      const posted = digestIn(double, channelId);
      return posted.length > 0 && posted.length >= Number(markerOf(posted[0] as StoredMessage)?.[3]);
    };
    await double.waitFor(() => (servers.every((server) => complete(server.channelId)) ? true : undefined), { timeoutMs: SLOW, what: 'every digest complete' });

    // Every digest whole and once: one run, each message 1..n once, each item once.
    for (const { guildId, channelId } of servers) {
      const posted = digestIn(double, channelId);
      expect(new Set(posted.map((message) => markerOf(message)?.[1])).size, `one digest in ${guildId}`).toBe(1);
      const count = Number(markerOf(posted[0] as StoredMessage)?.[3]);
      expect(posted.map((message) => Number(markerOf(message)?.[2])).reverse()).toEqual(Array.from({ length: count }, (_, index) => index + 1));
      const texts = posted.map((message) => JSON.stringify(message.embeds));
      for (const item of shared) expect(texts.filter((text) => text.includes(item.token)), `${item.token} in ${guildId}`).toHaveLength(1);
      if (guildId !== victim.guildId) continue;
      const shown = long.filter((item) => texts.some((text) => text.includes(item.token)));
      expect(shown.length).toBeGreaterThanOrEqual(count);
      for (const item of shown) expect(texts.filter((text) => text.includes(item.token))).toHaveLength(1);
    }
    expect([feeds.requestsTo('/shared.xml').length, feeds.requestsTo('/long.xml').length]).toEqual([1, 1]);

    // Each process ran its own shard's servers only (the victim's shard: before the kill and after the restart).
    const ranBy = (bot: GroupProcess) => logEntries(bot, 'digest run').filter((entry) => entry['outcome'] !== undefined).map((entry) => String(entry['guildId']));
    for (const [shard, bot] of [...bots.entries(), [VICTIM_SHARD, restarted] as const]) {
      for (const guildId of ranBy(bot)) expect(shardOf(guildId, SHARDS), `${guildId} run by shard ${shard}`).toBe(shard);
    }
    const ran = [...bots, restarted].flatMap(ranBy);
    for (const { guildId } of servers) expect(ran, `a run of ${guildId}`).toContain(guildId);

    // An interaction of the double's server reaches its shard's live process only, which answers it.
    await expectAnsweredByOwnShard(double, [...bots.filter((_, shard) => shard !== VICTIM_SHARD), restarted]);
  });
});

async function expectAnsweredByOwnShard(double: DiscordDouble, live: readonly GroupProcess[]): Promise<void> {
  const owner = shardOf(double.guildId, SHARDS);
  const before = double.gateway.sessions().map((session) => session.events.filter((event) => event === 'INTERACTION_CREATE').length);
  const handle = double.dispatchInteraction(double.chatInput({ name: 'about' }));
  await handle.waitForCallback({ timeoutMs: SLOW });
  const got = double.gateway.sessions().map((session, index) => ({ shard: session.shard[0], interactions: session.events.filter((event) => event === 'INTERACTION_CREATE').length - (before[index] ?? 0) }));
  expect(got.filter((session) => session.interactions > 0)).toEqual([{ shard: owner, interactions: 1 }]);
  const handled = () => live.flatMap((bot) => logEntries(bot, 'interaction handled'));
  for (let waited = 0; handled().length === 0 && waited < SLOW; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(handled()).toMatchObject([{ command: 'about', shard: owner }]);
}
