import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DiscordDouble } from '../double/index.ts';
import { launchInGroup, type GroupProcess } from './process-group.ts';
import { REAL_DATA_DIR } from './real-kb.ts';

/**
 * The real bot as a process from its sources, `node --import tsx src/main.ts` (npm start runs the same code compiled, see
 * test/e2e/compiled.test.ts), against the local Discord double.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** tsx's loader by path: the bot runs from a directory of its own, where the bare name "tsx" would not resolve. */
export const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
/** The arguments of `node` that start `script` from its TypeScript source. */
export const nodeArgs = (script: string): string[] => ['--import', TSX_LOADER, script];
export const MAIN = path.join(ROOT, 'src', 'main.ts');

/** Where one bot process runs: its own directory, SQLite file and environment (nothing else is inherited). */
export interface BotHome {
  readonly home: string;
  readonly storeFile: string;
  readonly env: Record<string, string>;
}

/**
 * A directory for the bot with a copy of data/ whose only feeds are `feeds` (local ones), and the environment
 * that points it at the double and at a SQLite file there; `env` adds or overrides variables.
 */
export async function botHome(
  home: string,
  double: DiscordDouble,
  feeds: readonly { readonly label: string; readonly url: string }[],
  env: Record<string, string> = {},
): Promise<BotHome> {
  await mkdir(home, { recursive: true });
  const dataDir = path.join(home, 'data');
  await cp(REAL_DATA_DIR, dataDir, { recursive: true });
  const entries = feeds.map((feed, index) => ({ id: `local-${index + 1}`, label: feed.label, url: feed.url, language: 'en', verified: true }));
  await writeFile(path.join(dataDir, 'feeds.json'), JSON.stringify(entries, null, 2));
  const storeFile = path.join(home, 'state.sqlite');
  return {
    home,
    storeFile,
    env: {
      PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
      DISCORD_TOKEN: double.token, DISCORD_API_BASE: double.apiBase,
      DATA_DIR: dataDir, STORE_URL: `sqlite://${storeFile}`,
      DIGEST_CHANNEL_ID: double.channelId, ALLOW_PRIVATE_FEEDS: 'true', LOG_LEVEL: 'debug',
      ...env,
    },
  };
}

/** Starts the bot in its own process group (so a signal can reach tsx and node together, as systemd sends it). */
export function launchBot(defer: (cleanup: () => Promise<void>) => void, where: BotHome): GroupProcess {
  return launchInGroup(process.execPath, nodeArgs(MAIN), { cwd: where.home, env: where.env, defer });
}

/** The bot's log entries (JSON lines on stderr), all or those with this message. */
export function logEntries(bot: GroupProcess, message?: string): Record<string, unknown>[] {
  return bot.stderr().split('\n').slice(0, -1).flatMap((line) => {
    if (!line.startsWith('{')) return [];
    const entry = JSON.parse(line) as Record<string, unknown>;
    return message === undefined || entry['message'] === message ? [entry] : [];
  });
}
