import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createClient } from '@keyv/redis';
import { feedKeyOf, newFeedState } from '../src/digest/collect/feed-state.ts';
import { saveGuildSettings } from '../src/digest/guilds.ts';
import type { FeedState } from '../src/digest/state.ts';
import { openStore } from '../src/store/index.ts';
import { startDiscordDouble } from '../test/double/index.ts';
import { botHome, logEntries, MAIN, nodeArgs } from '../test/support/bot-process.ts';
import { buildCopy, startArguments } from '../test/support/compiled-build.ts';
import { startFeedServer } from '../test/support/feed-server.ts';
import { rss20 } from '../test/support/feed-xml.ts';
import { launchInGroup, type GroupProcess } from '../test/support/process-group.ts';
import { startRedisServer } from '../test/support/redis-server.ts';
import type { MeasureInput } from './measure.ts';
import { summarize } from './stats.ts';

/** How many servers the section schedules, and whether the bots run the compiled build (or the sources, through tsx). */
export interface ShardsConfig {
  readonly servers: number;
  readonly compiled: boolean;
}

export const SHARDS_FULL: ShardsConfig = { servers: 1000, compiled: true };
// No build in the quick run: it must stay within its deadline on a loaded machine, and the start-up section builds already.
export const SHARDS_QUICK: ShardsConfig = { servers: 60, compiled: false };

const FEEDS = 3;
const BUILD_TIMEOUT_MS = 180_000;
const READY_TIMEOUT_MS = 30 * 60_000;

/** What one run of every server's missed digest gave. */
interface Run {
  readonly ms: number;
  readonly redisCommands: number;
  readonly runsPerProcess: readonly number[];
  readonly posted: number;
  readonly fetchesPerFeed: readonly number[];
}

/**
 * Scheduled digests for N servers on one real redis-server, against the Discord double and three local feeds:
 * every server's 08:00 slot was missed, so each process catches up its servers at start-up. Two processes (one
 * shard each), beside the same servers on one process (SHARD_COUNT=1, same Redis store) in the same run. In the full
 * run the bots run the compiled build, as `npm start` does (a copy of the project built with `npm run build`).
 */
export async function benchShards(config: ShardsConfig, log: (line: string) => void): Promise<{ measures: MeasureInput[]; facts: Record<string, unknown> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dw-bench-shards-'));
  try {
    const main = config.compiled ? await compiledMain(dir, log) : nodeArgs(MAIN);
    log(`shards: ${config.servers} servers on 1 process`);
    const one = await runDigests(dir, main, config.servers, 1);
    log(`shards: ${config.servers} servers on 2 processes`);
    const two = await runDigests(dir, main, config.servers, 2);
    log(`shards: 1 process ${(one.ms / 1000).toFixed(1)} s, 2 processes ${(two.ms / 1000).toFixed(1)} s; Redis commands ${one.redisCommands} vs ${two.redisCommands}`);
    const section = 'Shards (2 processes on one Redis)';
    const single = (value: number) => summarize([value]);
    const note = `runs per process ${two.runsPerProcess.join('+')}, servers posted ${two.posted}/${config.servers} (1 process: ${one.posted})`;
    const measures: MeasureInput[] = [
      {
        id: 'shards.time', section, name: `Scheduled digests of ${config.servers} servers, 2 processes: launch → both "bot ready" (start-up and catch-up)`, unit: 'ms', statistic: 'median',
        summary: single(two.ms), baseline: { name: 'the same on 1 process', summary: single(one.ms) }, note,
      },
      {
        id: 'shards.redis-per-server', section, name: 'Redis commands per server (INFO stats), 2 processes', unit: 'commands', statistic: 'median',
        summary: single(two.redisCommands / config.servers), baseline: { name: '1 process', summary: single(one.redisCommands / config.servers) },
        // The leases that make two processes safe cost a few round trips; the store's own traffic is the same.
        target: { kind: 'ratio', atMost: 1.25 },
      },
      {
        id: 'shards.fetches-per-feed', section, name: 'Fetches per feed in the window, 2 processes (worst feed)', unit: 'fetches', statistic: 'max',
        summary: summarize(two.fetchesPerFeed), baseline: { name: '1 process', summary: summarize(one.fetchesPerFeed) },
        target: { kind: 'below', limit: 1, orEqual: true },
      },
    ];
    return { measures, facts: { servers: config.servers, feeds: FEEDS, compiled: config.compiled, oneProcess: one, twoProcesses: two } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** node's arguments that start the bot as `npm start` does, from a copy of the project built with `npm run build`. */
async function compiledMain(dir: string, log: (line: string) => void): Promise<string[]> {
  log('shards: building a copy of the project (npm run build)');
  const app = await buildCopy(path.join(dir, 'app'), BUILD_TIMEOUT_MS);
  // Absolute, so each bot runs from a directory of its own with its own data/.
  return (await startArguments(app)).map((arg) => (arg.startsWith('-') ? arg : path.join(app, arg)));
}

async function runDigests(dir: string, main: readonly string[], servers: number, processes: 1 | 2): Promise<Run> {
  const cleanups: (() => Promise<void>)[] = [];
  const defer = (cleanup: () => Promise<void>) => void cleanups.push(cleanup);
  try {
    const guilds = Array.from({ length: servers }, (_, n) => ({ guildId: String((100_000_000_000n + BigInt(n)) << 22n), channelId: String(400_000_000_000_000_000n + BigInt(n)) }));
    const double = await startDiscordDouble({
      shardCount: processes,
      rateLimit: { limit: 1000, windowMs: 1000 },
      extraChannels: guilds.map(({ channelId }, n) => ({ id: channelId, type: 0, name: `c${n}`, position: n + 1, permission_overwrites: [], nsfw: false, parent_id: null })) as never,
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

    const homes = await Promise.all(
      Array.from({ length: processes }, (_, shard) =>
        botHome(path.join(dir, `run-${processes}-${shard}`), double, urls.map((url, f) => ({ label: `Feed ${f}`, url })), {
          STORE_URL: redis.url, SHARD_COUNT: String(processes), SHARD_IDS: String(shard), DIGEST_CHANNEL_ID: '', LOG_LEVEL: 'info',
        }),
      ),
    );
    const probe = createClient({ url: redis.url });
    await probe.connect();
    defer(() => probe.close().then(() => undefined));
    const commands = async () => Number(/total_commands_processed:(\d+)/.exec(await probe.sendCommand<string>(['INFO', 'stats']))?.[1]);
    const before = await commands();
    const started = performance.now();
    const bots: GroupProcess[] = homes.map((home) => launchInGroup(process.execPath, main, { cwd: home.home, env: home.env, defer }));
    await Promise.all(bots.map((bot) => bot.waitForOutput(/"message":"bot ready"/, READY_TIMEOUT_MS)));
    const ms = performance.now() - started;
    // The probe's own two INFO calls are not the bot's.
    const redisCommands = (await commands()) - before - 1;
    return {
      ms,
      redisCommands,
      runsPerProcess: bots.map((bot) => logEntries(bot, 'digest run').filter((entry) => entry['outcome'] !== undefined).length),
      posted: guilds.filter(({ channelId }) => double.messagesIn(channelId).length > 0).length,
      fetchesPerFeed: urls.map((_, f) => feeds.requestsTo(`/f${f}.xml`).length),
    };
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}
