import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { feedKeyOf, newFeedState } from '../../src/digest/collect/feed-state.ts';
import { saveGuildSettings } from '../../src/digest/guilds.ts';
import { shardOf } from '../../src/digest/schedule/ownership.ts';
import { buildOutbox } from '../../src/digest/deliver/outbox.ts';
import { noMentions } from '../../src/render/payload.ts';
import { MAX_DIGEST_ITEMS, type FeedState, type GuildSettings, type Outbox } from '../../src/digest/state.ts';
import { openStore } from '../../src/store/index.ts';
import { startDiscordDouble, type StoredMessage } from '../double/index.ts';
import { botHome, launchBot, logEntries } from '../support/bot-process.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { hasRedis, startRedisServer } from '../support/redis-server.ts';
import { useScratch } from '../support/scratch.ts';
import { channelOf, digestIn, guildOn as guildOnShard, manyItems, markerOf, SLOW, textChannels } from './shards-support.ts';

const SHARDS = 2;
const GUILDS_PER_SHARD = 3;
const scratch = useScratch('dw-shards-');

const guildOn = (shard: number, n: number) => guildOnShard(shard, n, SHARDS);

const ITEMS = ['Microsoft closes its research lab in Shanghai', 'IBM moves AI researchers out of Beijing', 'Nvidia halts chip sales to China over export controls'].map((title, index) => {
  const token = `Zq${index}shard`;
  const link = `https://news.example.com/shards/${token}`;
  return {
    token,
    title: `${token} ${title}`,
    link,
    guid: link,
    description: `Reported ${token}: what the move means for the company, its staff and its customers, as American technology groups reduce their exposure in China.`,
    date: new Date(Date.now() - (index + 1) * 60_000).toUTCString(),
  };
});

describe.skipIf(!hasRedis)('two bot processes, one shard each, on one redis-server', () => {
  it("each process runs only its shards' digests; each digest is posted once and the shared feed fetched once", { timeout: 240_000 }, async ({ onTestFinished: defer }) => {
    const servers = Array.from({ length: SHARDS * GUILDS_PER_SHARD }, (_, n) => ({ guildId: guildOn(n % SHARDS, Math.floor(n / SHARDS)), channelId: channelOf(n) }));
    const double = await startDiscordDouble({
      shardCount: SHARDS,
      extraChannels: textChannels(servers.map((server) => server.channelId)),
    });
    defer(() => double.close());
    const redis = await startRedisServer();
    defer(() => redis.close());
    const feeds = await startFeedServer();
    defer(() => feeds.close());
    const body = rss20({ title: 'Local test feed', items: ITEMS });
    let fetches = 0;
    feeds.route('/feed.xml', (_request, response) => {
      fetches += 1;
      // Slow enough that both processes ask for the feed while it is being fetched.
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      }, 1500);
    });
    const feedUrl = feeds.url('/feed.xml');

    // Every server's 08:00 UTC digest last ran three days ago: each process catches up its own servers at start-up.
    const store = await openStore(redis.url);
    const since = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    for (const { guildId, channelId } of servers) {
      const settings: GuildSettings = { guildId, channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: [], since, lastRunAt: since };
      await saveGuildSettings(store, settings);
    }
    // The feed was read before (seeded), so what it holds now is news.
    await store.namespace<FeedState>('feeds').set(feedKeyOf(feedUrl), { ...newFeedState(feedUrl), seeded: true });
    await store.close();

    const bots = await Promise.all(
      [0, 1].map(async (shard) => {
        const home = await botHome(path.join(scratch.dir, `shard-${shard}`), double, [{ label: 'Local Test Feed', url: feedUrl }], {
          STORE_URL: redis.url, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(shard), DIGEST_CHANNEL_ID: '',
        });
        return launchBot(defer, home);
      }),
    );
    // Catch-up runs before "bot ready".
    await Promise.all(bots.map((bot) => bot.waitForOutput(/"message":"bot ready"/, SLOW)));

    expect(fetches).toBe(1);
    for (const [shard, bot] of bots.entries()) {
      const ran = logEntries(bot, 'digest run').filter((entry) => entry['outcome'] !== undefined).map((entry) => entry['guildId']);
      expect(ran.sort()).toEqual(servers.map((server) => server.guildId).filter((guildId) => shardOf(guildId, SHARDS) === shard).sort());
    }
    for (const { channelId } of servers) {
      const posted = double.messagesIn(channelId);
      expect(posted).toHaveLength(1);
      const text = JSON.stringify(posted[0]?.embeds ?? []);
      for (const item of ITEMS) expect(text).toContain(item.token);
    }
    expect(double.gateway.sessions().map((session) => session.shard[0]).sort()).toEqual([0, 1]);
  });

  it('one process SIGKILLed in the middle of a digest and started again: nothing lost, nothing posted twice', { timeout: 300_000 }, async ({ onTestFinished: defer }) => {
    const victim = { guildId: guildOn(0, 0), channelId: channelOf(0) };
    const other = { guildId: guildOn(1, 0), channelId: channelOf(1) };
    // One post per second per channel: a digest of several messages takes seconds, and the kill lands inside it.
    const double = await startDiscordDouble({
      shardCount: SHARDS,
      rateLimit: { limit: 1, windowMs: 1000 },
      extraChannels: textChannels([victim.channelId, other.channelId]),
    });
    defer(() => double.close());
    const redis = await startRedisServer();
    defer(() => redis.close());
    const feeds = await startFeedServer();
    defer(() => feeds.close());
    const items = manyItems(40);
    const body = rss20({ title: 'Local test feed', items });
    feeds.route('/feed.xml', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
    const feedUrl = feeds.url('/feed.xml');
    const store = await openStore(redis.url);
    defer(() => store.close());
    const since = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
    for (const { guildId, channelId } of [victim, other]) {
      await saveGuildSettings(store, { guildId, channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: [], since, lastRunAt: since, maxItems: MAX_DIGEST_ITEMS });
    }
    await store.namespace<FeedState>('feeds').set(feedKeyOf(feedUrl), { ...newFeedState(feedUrl), seeded: true });

    const homes = await Promise.all(
      [0, 1].map((shard) =>
        botHome(path.join(scratch.dir, `kill-${shard}`), double, [{ label: 'Local Test Feed', url: feedUrl }], {
          STORE_URL: redis.url, SHARD_COUNT: String(SHARDS), SHARD_IDS: String(shard), DIGEST_CHANNEL_ID: '', DIGEST_MAX_MESSAGES: '20', DIGEST_MAX_ITEMS_PER_FEED: '100',
        }),
      ),
    );
    const [home0, home1] = homes;
    if (home0 === undefined || home1 === undefined) throw new Error('no homes');
    const first = launchBot(defer, home0);
    const survivor = launchBot(defer, home1);
    const opening = await double.waitForMessage((message) => markerOf(message) !== null, { timeoutMs: SLOW, channelId: victim.channelId });
    const total = Number(markerOf(opening)?.[3]);
    expect(total).toBeGreaterThanOrEqual(3);
    await double.waitFor(() => (digestIn(double, victim.channelId).length >= 2 ? true : undefined), { timeoutMs: SLOW, what: 'two digest messages' });
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    expect(digestIn(double, victim.channelId).length).toBeLessThan(total);

    // The restart finishes the interrupted digest, then catches the slot up once the dead process's lease expired:
    // by then everything is delivered, so the catch-up posts nothing.
    const second = launchBot(defer, home0);
    await second.waitForOutput(/"message":"interrupted digest resumed"/, SLOW);
    await second.waitForOutput(/"message":"bot ready"/, 2 * SLOW);
    await survivor.waitForOutput(/"message":"bot ready"/, SLOW);
    await double.waitFor(() => (digestIn(double, other.channelId).length >= 1 && digestIn(double, other.channelId).length === Number(markerOf(digestIn(double, other.channelId)[0] as StoredMessage)?.[3]) ? true : undefined), { timeoutMs: SLOW, what: "the other shard's digest" });

    for (const { channelId } of [victim, other]) {
      const posted = digestIn(double, channelId);
      const count = Number(markerOf(posted[0] as StoredMessage)?.[3]);
      expect(posted.map((message) => Number(markerOf(message)?.[2])).reverse()).toEqual(Array.from({ length: count }, (_, index) => index + 1));
      const texts = posted.map((message) => JSON.stringify(message.embeds));
      const shown = items.filter((item) => texts.some((text) => text.includes(item.token)));
      expect(shown.length).toBeGreaterThan(0);
      for (const item of shown) expect(texts.filter((text) => text.includes(item.token))).toHaveLength(1);
    }
    expect(logEntries(survivor, 'digest run').filter((entry) => entry['guildId'] === victim.guildId)).toEqual([]);
  });

  it("two processes given the same shards by mistake both resume one interrupted outbox: each message posted once", { timeout: 240_000 }, async ({ onTestFinished: defer }) => {
    // One post per second, and no nonce memory (as after Discord's few minutes): only the server's lease keeps the
    // two processes from posting the same messages side by side.
    const double = await startDiscordDouble({ shardCount: SHARDS, rateLimit: { limit: 1, windowMs: 1000 }, nonceWindowMs: -1 });
    defer(() => double.close());
    const redis = await startRedisServer();
    defer(() => redis.close());
    const store = await openStore(redis.url);
    defer(() => store.close());
    const now = new Date().toISOString();
    const { guildId, channelId } = double;
    await saveGuildSettings(store, { guildId, channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: [], since: now, lastRunAt: now });
    const total = 6;
    const messages = Array.from({ length: total }, (_, index) => ({ payload: { embeds: [{ title: `Part ${index + 1}`, description: `Interrupted digest, part ${index + 1}` }], allowed_mentions: noMentions() }, itemIds: [] }));
    await store.namespace<Outbox>('outbox').set(guildId, buildOutbox({ guildId, channelId, runId: 'overlap0001', createdAt: now, messages }));

    const bots = await Promise.all(
      [0, 1].map(async (n) => {
        const home = await botHome(path.join(scratch.dir, `overlap-${n}`), double, [], { STORE_URL: redis.url, SHARD_COUNT: String(SHARDS), SHARD_IDS: '0,1', DIGEST_CHANNEL_ID: '' });
        return launchBot(defer, home);
      }),
    );
    await Promise.all(bots.map((bot) => bot.waitForOutput(/"message":"bot ready"/, SLOW)));

    const posted = digestIn(double, channelId);
    expect(posted.map((message) => markerOf(message)?.[0]).reverse()).toEqual(Array.from({ length: total }, (_, index) => `dw·overlap0001·${index + 1}/${total}`));
    expect(await store.namespace<Outbox>('outbox').get(guildId)).toBeUndefined();
    const resumed = bots.flatMap((bot) => logEntries(bot, 'interrupted digest resumed'));
    expect(resumed.map((entry) => entry['sent']).sort()).toEqual([0, total]);
  });
});
