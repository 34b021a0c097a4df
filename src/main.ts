import { commands } from '../commands/index.ts';
import { parseConfig, requireToken } from './config.ts';
import { startBot } from './discord/bot.ts';
import { recommendedShardCount } from './discord/shard-count.ts';
import { resolveShards } from './shards.ts';
import { warmCharts } from './render/chart/warm.ts';
import { restPoster } from './digest/deliver/deliver.ts';
import { createThreadCollector } from './digest/collect/thread/thread-collector.ts';
import { createDigestService } from './digest/service/index.ts';
import { loadKnowledgeBase } from './kb/load/index.ts';
import { openStore } from './store/index.ts';
import { openLeases } from './store/leases.ts';
import { createLogger } from './log.ts';
import { createShutdown } from './shutdown.ts';
import { exitWithStartupProblem, isStartupProblem, loadDotEnv } from './startup.ts';

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  // No token: the newcomer's first run opens the playground rather than failing (issue 16).
  // Imported only then: the playground (its web server, the commands' previews) is no part of a running bot.
  if (config.discordToken === undefined) return (await import('./playground/run.ts')).runPlayground(config, { withoutToken: true });
  const token = requireToken(config);
  const log = createLogger({ level: config.logLevel, secrets: [token] });
  const shutdown = createShutdown({ log, deadlineMs: config.shutdownTimeoutMs, exit: (code) => process.exit(code) });
  // `on`, not `once`: a signal to the process group reaches the bot more than once (tsx relays it), and a signal
  // with no listener left would kill the bot in the middle of its stop.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown.request(signal));

  const kb = await loadKnowledgeBase(config.dataDir);
  log.info('knowledge base loaded', { events: kb.events.length, companies: kb.companies.size, dimensions: kb.dimensions.length });

  const shards = await resolveShards(config.shards, config.storeUrl, () => recommendedShardCount(token, config.discordApiBase));
  const store = await openStore(config.storeUrl, { timeoutMs: config.storeTimeoutMs, log });
  shutdown.add('store', () => store.close());
  const leases = await openLeases(config.storeUrl, config.storeTimeoutMs);
  shutdown.add('leases', () => leases.close());
  // Digests fetch and read in a thread of their own: the main thread stays free to answer interactions.
  const collector = createThreadCollector({ storeUrl: config.storeUrl, storeTimeoutMs: config.storeTimeoutMs, kb, log });
  shutdown.add('collector', () => collector.close());
  const bot = await startBot({
    token,
    apiBase: config.discordApiBase,
    commands,
    kb,
    log,
    digest: (rest) => createDigestService({ kb, store, poster: restPoster(rest), log, config, shards, leases, collect: collector.collect }),
    defaultDigestChannelId: config.digest.channelId,
    shards,
  });
  shutdown.add('discord', (deadline) => bot.stop(deadline));
  shutdown.started();
  warmCharts(kb).catch((error: unknown) => log.warn('charts could not be drawn ahead; they will be drawn when asked', { error }));
}

main().catch((error: unknown) => {
  if (isStartupProblem(error)) exitWithStartupProblem('Decoupling Watch', error);
  process.stderr.write(`Decoupling Watch stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
