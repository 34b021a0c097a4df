import { statSync } from 'node:fs';
import type { Logger } from '../log.ts';
import { StoreError } from './errors.ts';

/** Watches that the store's path still names the file the connection has open. */
export interface FileWatch {
  /** Throws a StoreError once the file has been deleted or replaced (cheap: one stat). */
  check(): void;
  stop(): void;
}

/** How often the file is checked while nothing is written, so the log says it before the next write fails. */
const IDLE_CHECK_MS = 10_000;

/**
 * SQLite keeps writing to a deleted file's inode, so a store file deleted (or its directory) while the bot runs
 * would swallow every write and be gone at the next start. The file's device and inode are noted at open and
 * compared before each write: once they differ, writes fail with a StoreError saying so, and the log says it loudly.
 */
export function watchStoreFile(file: string, path: string, log: Pick<Logger, 'error'> | undefined): FileWatch {
  const opened = statSync(file);
  let lost: StoreError | undefined;
  const check = () => {
    if (lost) throw lost;
    const now = currentIdentity(file);
    if (now === 'unknown' || (now !== undefined && now.dev === opened.dev && now.ino === opened.ino)) return;
    lost = new StoreError(
      path,
      `The store file ${path} was ${now === undefined ? 'deleted' : 'replaced'} while the bot was running, so nothing more can be saved: restart the bot.`,
    );
    log?.error('store file lost: writes refused until the bot is restarted', { store: path, reason: now === undefined ? 'deleted' : 'replaced' });
    throw lost;
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch {
      // Logged by check; the next write reports it.
    }
  }, IDLE_CHECK_MS);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}

/** The file's identity; undefined when it (or its directory) is gone; 'unknown' when stat fails otherwise. */
function currentIdentity(file: string): { dev: number; ino: number } | undefined | 'unknown' {
  try {
    const { dev, ino } = statSync(file);
    return { dev, ino };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : 'unknown';
  }
}
