import { commands as allCommands } from '../../commands/index.ts';
import type { Command } from '../../src/discord/command.ts';
import { startBot, type RunningBot } from '../../src/discord/bot.ts';
import { deployCommands } from '../../src/discord/deploy.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { createLogger } from '../../src/log.ts';
import { startDiscordDouble, type DiscordDouble } from '../double/index.ts';
import { loadRealKb } from './real-kb.ts';

/** The real bot (real discord.js client) logged in to a local Discord double, with its log captured. */
export interface TestBot {
  readonly discord: DiscordDouble;
  readonly kb: KnowledgeBase;
  readonly logs: string[];
  bot: RunningBot;
  /** Stops the bot and starts a new one against the same double, as a process restart would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface TestBotOptions {
  readonly commands?: readonly Command[];
  readonly kb?: KnowledgeBase;
}

export async function startTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const discord = await startDiscordDouble();
  const kb = options.kb ?? (await loadRealKb());
  const commands = options.commands ?? allCommands;
  const logs: string[] = [];
  const log = createLogger({ level: 'debug', secrets: [discord.token], write: (line) => logs.push(line) });
  // Registered first, as `npm run deploy` would: the double types interaction options from the registered commands.
  await deployCommands({ token: discord.token, clientId: discord.applicationId, guildId: discord.guildId, apiBase: discord.apiBase, commands });
  const start = () => startBot({ token: discord.token, apiBase: discord.apiBase, commands, kb, log });
  const harness: TestBot = {
    discord,
    kb,
    logs,
    bot: await start(),
    async restart() {
      await harness.bot.stop();
      harness.bot = await start();
    },
    async close() {
      await harness.bot.stop();
      await discord.close();
    },
  };
  return harness;
}
