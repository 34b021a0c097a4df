/**
 * `npx tsx bench/shards.ts [--servers 1000]`: scheduled digests for N servers across two bot processes (one shard
 * each) on one real redis-server, against the Discord double and a local feed server. Every server's digest slot
 * was missed, so each process catches up its half at start-up; the line reports the time from launch to both
 * "bot ready", the Redis commands processed meanwhile (round trips, per server) and the fetches per feed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { ChannelType } from 'discord.js';
import { feedKeyOf, newFeedState } from '../src/digest/collect/feed-state.ts';
import { saveGuildSettings } from '../src/digest/guilds.ts';
import type { FeedState } from '../src/digest/state.ts';
import { openStore } from '../src/store/index.ts';
import { startDiscordDouble } from '../test/double/index.ts';
import { botHome, launchBot, logEntries } from '../test/support/bot-process.ts';
import { startFeedServer } from '../test/support/feed-server.ts';
import { rss20 } from '../test/support/feed-xml.ts';
import { startRedisServer } from '../test/support/redis-server.ts';

const servers = Number(process.argv[process.argv.indexOf('--servers') + 1] ?? 1000) || 1000;
const FEEDS = 3;
const cleanups: (() => Promise<void>)[] = [];
const defer = (cleanup: () => Promise<void>) => void cleanups.push(cleanup);

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dw-bench-shards-'));
  defer(() => rm(dir, { recursive: true, force: true }));
  const guilds = Array.from({ length: servers }, (_, n) => ({ guildId: String((100_000_000_000n + BigInt(n)) << 22n), channelId: String(400_000_000_000_000_000n + BigInt(n)) }));
  const double = await startDiscordDouble({
    shardCount: 2,
    rateLimit: { limit: 1000, windowMs: 1000 },
    extraChannels: guilds.map(({ channelId }, n) => ({ id: channelId, type: ChannelType.GuildText, name: `c${n}`, position: n + 1, permission_overwrites: [], nsfw: false, parent_id: null })) as never,
  });
  defer(() => double.close());
  const redis = await startRedisServer();
  defer(() => redis.close());
  const feeds = await startFeedServer();
  defer(() => feeds.close());
  const urls = Array.from({ length: FEEDS }, (_, f) => {
    const items = Array.from({ length: 5 }, (_, i) => ({
      title: `B${f}x${i} Microsoft closes its research lab in Shanghai`, link: `https://news.example.com/b/${f}/${i}`, guid: `b-${f}-${i}`,
      description: 'What the move means for the company as American technology groups reduce their exposure in China.', date: new Date(Date.now() - i * 60_000).toUTCString(),
    }));
    const body = rss20({ title: `Feed ${f}`, items });
    feeds.route(`/f${f}.xml`, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
    return feeds.url(`/f${f}.xml`);
  });

  const store = await openStore(redis.url);
  const since = new Date(Date.now() - 3 * 24 * 3_600_000).toISOString();
  for (const { guildId, channelId } of guilds) await saveGuildSettings(store, { guildId, channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: [], since, lastRunAt: since });
  for (const url of urls) await store.namespace<FeedState>('feeds').set(feedKeyOf(url), { ...newFeedState(url), seeded: true });
  await store.close();

  const probe = createClient({ url: redis.url });
  await probe.connect();
  defer(() => probe.close());
  const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await probe.sendCommand<string>(['INFO', 'stats']))?.[1]);
  const before = await commands();
  const started = performance.now();
  const bots = await Promise.all(
    [0, 1].map(async (shard) => {
      const home = await botHome(path.join(dir, `shard-${shard}`), double, urls.map((url, f) => ({ label: `Feed ${f}`, url })), {
        STORE_URL: redis.url, SHARD_COUNT: '2', SHARD_IDS: String(shard), DIGEST_CHANNEL_ID: '', LOG_LEVEL: 'info',
      });
      return launchBot(defer, home);
    }),
  );
  await Promise.all(bots.map((bot) => bot.waitForOutput(/"message":"bot ready"/, 30 * 60_000)));
  const seconds = (performance.now() - started) / 1000;
  const roundTrips = (await commands()) - before - 2;
  const runs = bots.map((bot) => logEntries(bot, 'digest run').filter((entry) => entry['outcome'] !== undefined).length);
  const posted = guilds.filter(({ channelId }) => double.messagesIn(channelId).length > 0).length;
  const fetches = urls.map((_, f) => feeds.requestsTo(`/f${f}.xml`).length);
  process.stdout.write(
    `shards: ${servers} servers, 2 processes: ${seconds.toFixed(1)} s from launch to both ready (start-up included), ` +
      `${roundTrips} Redis commands (${(roundTrips / servers).toFixed(1)} per server), runs per process ${runs.join('+')}, ` +
      `servers posted ${posted}/${servers}, fetches per feed ${fetches.join(', ')}\n`,
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`bench/shards failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });
