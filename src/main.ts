import { commands } from '../commands/index.ts';
import { parseConfig, requireToken } from './config.ts';
import { startBot } from './discord/bot.ts';
import { restPoster } from './digest/deliver.ts';
import { createDigestService } from './digest/service.ts';
import { loadKnowledgeBase } from './kb/load.ts';
import { openStore } from './store/index.ts';
import { createLogger } from './log.ts';
import { exitWithStartupProblem, isStartupProblem, loadDotEnv } from './startup.ts';

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const token = requireToken(config);
  const log = createLogger({ level: config.logLevel, secrets: [token] });
  const kb = await loadKnowledgeBase(config.dataDir);
  log.info('knowledge base loaded', { events: kb.events.length, companies: kb.companies.size, dimensions: kb.dimensions.length });

  const store = await openStore(config.storeUrl, { timeoutMs: config.storeTimeoutMs, log });
  const bot = await startBot({
    token,
    apiBase: config.discordApiBase,
    commands,
    kb,
    log,
    digest: (rest) => createDigestService({ kb, store, poster: restPoster(rest), log, config }),
    defaultDigestChannelId: config.digest.channelId,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    void bot.stop().then(() => store.close()).finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (isStartupProblem(error)) exitWithStartupProblem('Decoupling Watch', error);
  process.stderr.write(`Decoupling Watch stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
