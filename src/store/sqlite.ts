import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import { describeFileFailure, StoreError } from './errors.ts';
import { createKeyvStore, createPlainKeyv } from './keyv-store.ts';
import type { Store } from './types.ts';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** How long a statement waits for another process's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating it and its directory if missing) the SQLite file `path`, relative to the working directory unless
 * absolute, and proves it usable before resolving: the table is created or read, the file is switched to WAL mode
 * (so `-wal` and `-shm` files appear beside it while it is open) and expired rows are purged, which needs a write.
 * Any problem rejects with a StoreError naming the file and the cause.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const file = resolve(path);
  await prepareLocation(path, file);
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: options.busyTimeoutMs ?? 5000 });
  const store = createKeyvStore({
    keyv: createPlainKeyv(adapter),
    location: path,
    purgeExpired: () => purgeExpiredRows(adapter),
    close: () => adapter.disconnect(),
    describeFailure: (error) => describeFileFailure(path, error),
  });
  try {
    // Write-ahead logging: about ten times faster writes than the rollback journal, and readers never wait for a writer.
    await adapter.query('PRAGMA journal_mode = WAL');
    // With WAL, NORMAL syncs at checkpoints instead of at every commit: a killed process loses nothing committed
    // (only a power cut can lose the last transactions), and writes no longer wait for the disk.
    await adapter.query('PRAGMA synchronous = NORMAL');
    await purgeExpiredRows(adapter);
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    throw new StoreError(path, `Cannot open the store: ${describeFileFailure(path, error)}`, { cause: error });
  }
  return store;
}

/** Creates the directory and checks what SQLite would only report vaguely (SQLITE_CANTOPEN). */
async function prepareLocation(path: string, file: string): Promise<void> {
  const fail = (reason: string, cause?: unknown): never => {
    throw new StoreError(path, `Cannot open the store: ${reason}`, { cause });
  };
  const directory = dirname(file);
  await mkdir(directory, { recursive: true }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    const notADirectory = code === 'ENOTDIR' || code === 'EEXIST';
    fail(notADirectory ? `${dirname(path)} cannot be created: part of it is a file, not a directory` : describeFileFailure(dirname(path), error), error);
  });
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) fail(`${path} is a directory, not a SQLite file`);
  await access(existing ? file : directory, constants.R_OK | constants.W_OK).catch((error: unknown) =>
    fail(describeFileFailure(existing ? path : dirname(path), error), error),
  );
}

/** Keyv keeps `{"value":…,"expires":<epoch ms>}` in each row and SQLite has no TTL of its own: delete by that field. */
async function purgeExpiredRows(adapter: KeyvSqlite): Promise<number> {
  const expires = `CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END`;
  const rows: unknown = await adapter.query(`DELETE FROM ${adapter.opts.table} WHERE ${expires} < ? RETURNING key`, Date.now());
  return Array.isArray(rows) ? rows.length : 0;
}
