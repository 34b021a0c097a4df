import { fileURLToPath } from 'node:url';
import { commands } from '../commands/index.ts';
import { startBot, type RunningBot } from '../src/discord/bot.ts';
import type { Command } from '../src/discord/command.ts';
import { deployCommands } from '../src/discord/deploy.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { createLogger } from '../src/log.ts';
import { forkHelper } from './child.ts';
import type { DiscordCommand, InteractionSpec, LatencyReport } from './discord-host.ts';

/** A command that answers at once with a word: the transport floor (gateway → discord.js → REST callback). */
export const noopCommand: Command = {
  data: { name: 'bench-noop', description: 'Answers at once (benchmark baseline)' },
  async execute(interaction) {
    await interaction.reply({ content: 'ok' });
  },
};

/** The real bot in this process, logged in to the Discord double running in a child process. */
export interface BenchBot {
  readonly bot: RunningBot;
  /** `count` interactions one after the other (each once the previous was answered). */
  sequence(plan: readonly InteractionSpec[], count: number): Promise<LatencyReport>;
  /** An interaction every `intervalMs` until `stopStream`. */
  startStream(plan: readonly InteractionSpec[], intervalMs: number): Promise<void>;
  stopStream(): Promise<LatencyReport>;
  close(): Promise<void>;
}

const HOST_MODULE = fileURLToPath(new URL('./discord-host.ts', import.meta.url));

/** Starts the double (child process), registers the commands plus `bench-noop`, and logs the real bot in. */
export async function startBenchBot(kb: KnowledgeBase): Promise<BenchBot> {
  const host = forkHelper<DiscordCommand>(HOST_MODULE);
  try {
    const started = await host.call({ kind: 'start' });
    const token = started['token'] as string;
    const apiBase = started['apiBase'] as string;
    const all = [...commands, noopCommand];
    await deployCommands({ token, clientId: started['applicationId'] as string, guildId: started['guildId'] as string, apiBase, commands: all });
    const log = createLogger({ level: 'warn', secrets: [token] });
    const bot = await startBot({ token, apiBase, commands: all, kb, log });
    const report = (answer: Record<string, unknown>) => answer['report'] as LatencyReport;
    return {
      bot,
      sequence: async (plan, count) => report(await host.call({ kind: 'sequence', plan: [...plan], count })),
      startStream: async (plan, intervalMs) => void (await host.call({ kind: 'stream', plan: [...plan], intervalMs })),
      stopStream: async () => report(await host.call({ kind: 'stop' })),
      async close() {
        await bot.stop();
        await host.close();
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}
