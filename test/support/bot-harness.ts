import { warmCharts } from '../../src/render/chart/warm.ts';
import { commands as allCommands } from '../../commands/index.ts';
import { parseConfig } from '../../src/config.ts';
import { restPoster } from '../../src/digest/deliver/deliver.ts';
import { createDigestService } from '../../src/digest/service/index.ts';
import type { Command } from '../../src/discord/command.ts';
import { startBot, type RunningBot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { createLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type DoubleOptions } from '../double/index.ts';
import { loadRealKb } from './real-kb.ts';

/** The real bot (real discord.js client) logged in to a local Discord double, with its log captured. */
export interface TestBot {
  readonly discord: DiscordDouble;
  readonly kb: KnowledgeBase;
  readonly logs: string[];
  bot: RunningBot;
  /** The digest's store while the bot runs with the digest (reopened at each restart), else undefined. */
  store: Store | undefined;
  /** Stops the bot and starts a new one against the same double, as a process restart would (the store is reopened). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Runs the bot with the daily digest, wired as src/main.ts wires it. */
export interface TestDigestOptions {
  /** The SQLite file of the store, opened as `sqlite://…` at each start and closed at each stop. */
  readonly storePath?: string;
  /** Or any store URL, e.g. a real redis-server's `redis://…` (opened at each start, closed at each stop). */
  readonly storeUrl?: string;
  /**
   * Environment variables read by parseConfig (DIGEST_CRON, DIGEST_TZ, ALLOW_PRIVATE_FEEDS, MAX_FEEDS_PER_GUILD,
   * FEED_TIMEOUT_MS, STORE_TIMEOUT_MS…). ALLOW_PRIVATE_FEEDS defaults to 'true' here: the test feeds are on loopback.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** DIGEST_CHANNEL_ID set to the double's channel. */
  readonly defaultChannel?: boolean;
  /** The digest's clock (default: the system's). */
  readonly now?: () => Date;
}

export interface TestBotOptions {
  readonly commands?: readonly Command[];
  readonly kb?: KnowledgeBase;
  readonly digest?: TestDigestOptions;
  /** Options of the Discord double (extra channels, ack window…). */
  readonly double?: DoubleOptions;
  /** Runs once the double is up, before the bot first starts (e.g. to store settings for the double's server). */
  readonly beforeStart?: (discord: DiscordDouble) => Promise<void>;
  /** Draws every chart before the bot starts, as the bot does in the background once ready (main.ts). */
  readonly warmCharts?: boolean;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const discord = await startDiscordDouble(options.double);
  const kb = options.kb ?? (await loadRealKb());
  const commands = options.commands ?? allCommands;
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', secrets: [discord.token], write: (line) => logs.push(line) });
  // Registered first, as `npm run deploy` would: the double types interaction options from the registered commands.
  await deployCommands({ token: discord.token, clientId: discord.applicationId, guildId: discord.guildId, apiBase: discord.apiBase, commands });
  await options.beforeStart?.(discord);
  if (options.warmCharts === true) await warmCharts(kb);
  const digestOptions = options.digest;
  const config = digestOptions === undefined ? undefined : parseConfig({
    ALLOW_PRIVATE_FEEDS: 'true',
    ...digestOptions.env,
    ...(digestOptions.defaultChannel === true ? { DIGEST_CHANNEL_ID: discord.channelId } : {}),
  });

  const start = async (): Promise<{ bot: RunningBot; store: Store | undefined }> => {
    if (digestOptions === undefined || config === undefined) {
      return { bot: await startBot({ token: discord.token, apiBase: discord.apiBase, commands, kb, log }), store: undefined };
    }
    const url = digestOptions.storeUrl ?? (digestOptions.storePath === undefined ? undefined : `sqlite://${digestOptions.storePath}`);
    if (url === undefined) throw new Error('startTestBot: the digest needs a storePath or a storeUrl');
    const store = await openStore(url, { timeoutMs: config.storeTimeoutMs, log });
    const now = digestOptions.now;
    try {
      const bot = await startBot({
        token: discord.token,
        apiBase: discord.apiBase,
        commands,
        kb,
        log,
        digest: (rest) => createDigestService({ kb, store, poster: restPoster(rest), log, config, ...(now === undefined ? {} : { now }) }),
        defaultDigestChannelId: config.digest.channelId,
      });
      return { bot, store };
    } catch (error) {
      await store.close();
      throw error;
    }
  };
  const stop = async () => {
    await harness.bot.stop();
    await harness.store?.close();
  };

  let first: Awaited<ReturnType<typeof start>>;
  try {
    first = await start();
  } catch (error) {
    await discord.close();
    throw error;
  }
  const harness: TestBot = {
    discord,
    kb,
    logs,
    bot: first.bot,
    store: first.store,
    async restart() {
      await stop();
      const next = await start();
      harness.bot = next.bot;
      harness.store = next.store;
    },
    async close() {
      await stop();
      await discord.close();
    },
  };
  return harness;
}
