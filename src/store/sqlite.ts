import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import type { Logger } from '../log.ts';
import { deadlineIn } from './deadline.ts';
import { describeFileFailure, StoreError } from './errors.ts';
import { createKeyvStore, DEFAULT_STORE_TIMEOUT_MS } from './keyv-store.ts';
import type { RowBackend } from './rows.ts';
import { watchStoreFile } from './sqlite-file.ts';
import { createStatementRunner, type StatementRunner } from './sqlite-statements.ts';
import type { Store } from './types.ts';

/** Options of `openSqliteStore`. */
export interface SqliteStoreOptions {
  /** How long a call may take (default 3000 ms). */
  timeoutMs?: number | undefined;
  /** How long a statement waits at most for another process's lock, within the call's timeout (default: the timeout). */
  busyTimeoutMs?: number | undefined;
  /** Where a store file deleted while the bot runs is reported. */
  log?: Pick<Logger, 'error' | 'warn' | 'info'> | undefined;
}

/**
 * Opens (creating it and its directory if missing) the SQLite file `path`, relative to the working directory unless
 * absolute, and proves it usable before resolving: the table is created or read, the file is switched to WAL mode
 * (so `-wal` and `-shm` files appear beside it while it is open) and expired rows are purged, which needs a write.
 * Any problem rejects with a StoreError naming the file and the cause. Rows are keyv's, in its `keyv` table.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const file = resolve(path);
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const busyTimeoutMs = Math.min(options.busyTimeoutMs ?? timeoutMs, timeoutMs);
  await prepareLocation(path, file);
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: busyTimeoutMs });
  let checkFile = () => {};
  const runner = createStatementRunner(adapter, { busyTimeoutMs, beforeWrite: () => checkFile() });
  const backend = sqliteRows(runner, adapter.opts.table ?? 'keyv', path);
  try {
    // Write-ahead logging: about ten times faster writes than the rollback journal, and readers never wait for a writer.
    await adapter.query('PRAGMA journal_mode = WAL');
    // With WAL, NORMAL syncs at checkpoints instead of at every commit: a killed process loses nothing committed
    // (only a power cut can lose the last transactions), and writes no longer wait for the disk.
    await adapter.query('PRAGMA synchronous = NORMAL');
    await backend.purgeExpired(deadlineIn(timeoutMs));
  } catch (error) {
    await adapter.disconnect().catch(() => undefined);
    throw new StoreError(path, `Cannot open the store: ${describeFileFailure(path, error)}`, { cause: error });
  }
  const watch = watchStoreFile(file, path, options.log);
  checkFile = watch.check;
  return createKeyvStore(
    {
      ...backend,
      close: async () => {
        watch.stop();
        await backend.close();
      },
    },
    { timeoutMs },
  );
}

function sqliteRows(runner: StatementRunner, table: string, path: string): RowBackend {
  const changed = (rows: unknown[]) => rows.length > 0;
  return {
    location: path,
    async read(rowKeys, deadline) {
      const single = rowKeys.length === 1;
      const where = single ? 'key = ?' : 'key IN (SELECT value FROM json_each(?))';
      const rows = (await runner.run(`SELECT key, value FROM ${table} WHERE ${where}`, [single ? rowKeys[0] : JSON.stringify(rowKeys)], deadline, 'read')) as Array<{ key: string; value: string }>;
      const byKey = new Map(rows.map((row) => [row.key, row.value]));
      return rowKeys.map((key) => byKey.get(key));
    },
    async write(rowKey, raw, _ttlMs, condition, deadline) {
      if (condition.kind === 'any') {
        await runner.run(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, [rowKey, raw], deadline, 'write');
        return true;
      }
      if (condition.kind === 'absent') {
        return changed(await runner.run(`INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`, [rowKey, raw], deadline, 'write'));
      }
      return changed(await runner.run(`UPDATE ${table} SET value = ? WHERE key = ? AND value = ? RETURNING key`, [raw, rowKey, condition.raw], deadline, 'write'));
    },
    // One statement, so all or nothing: the rows travel as one JSON array of [key, value] pairs.
    async writeMany(rows, _ttlMs, deadline) {
      const pairs = JSON.stringify(rows.map(({ rowKey, raw }) => [rowKey, raw]));
      await runner.run(
        `INSERT INTO ${table} (key, value) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
        [pairs],
        deadline,
        'write',
      );
    },
    // One statement, so all or nothing: the rows whose condition holds (absent and missing, or holding the value read)
    // are written, found by joining on the key (the table's index) after reading the JSON once. RETURNING names them.
    async writeManyIf(rows, _ttlMs, deadline) {
      const triples = JSON.stringify(rows.map(({ rowKey, raw, condition }) => [rowKey, raw, condition.kind === 'equals' ? condition.raw : null]));
      const written = (await runner.run(
        `WITH wanted (key, value, expected) AS MATERIALIZED (` +
          `SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]') FROM json_each(?1) AS j) ` +
          `INSERT INTO ${table} (key, value) SELECT w.key, w.value FROM wanted AS w LEFT JOIN ${table} AS current ON current.key = w.key ` +
          `WHERE current.value IS w.expected ` +
          `ON CONFLICT(key) DO UPDATE SET value = excluded.value ` +
          `RETURNING key`,
        [triples],
        deadline,
        'write',
      )) as Array<{ key: string }>;
      const keys = new Set(written.map((row) => row.key));
      return rows.map((row) => keys.has(row.rowKey));
    },
    // The array is split by SQLite, off the main thread; only arrays of objects, whose elements' text is plain JSON.
    async readArray(rowKey, deadline) {
      const rows = (await runner.run(
        `SELECT json_extract(t.value, '$.expires') AS expires, json_type(t.value, '$.value') AS kind, e.type AS type, e.value AS element, ` +
          // The raw row once (on the first row), read in the same statement as its elements: a consistent compare-and-set.
          `CASE WHEN e.key IS NULL OR e.key = 0 THEN t.value END AS raw ` +
          `FROM ${table} AS t LEFT JOIN json_each(t.value, '$.value') AS e WHERE t.key = ? AND json_valid(t.value) ORDER BY e.id`,
        [rowKey],
        deadline,
        'read',
      )) as Array<{ expires: unknown; kind: string | null; type: string | null; element: string | null; raw: string | null }>;
      const [first] = rows;
      if (first === undefined || first.kind !== 'array' || typeof first.raw !== 'string') return undefined;
      if (first.type === null) return { raw: first.raw, expires: first.expires, elements: [] };
      if (rows.some((row) => row.type !== 'object' || typeof row.element !== 'string')) return undefined;
      return { raw: first.raw, expires: first.expires, elements: rows.map((row) => row.element as string) };
    },
    delete: async (rowKey, deadline) => changed(await runner.run(`DELETE FROM ${table} WHERE key = ? RETURNING key`, [rowKey], deadline, 'write')),
    // Keyv keeps `{"value":…,"expires":<epoch ms>}` in each row and SQLite has no TTL of its own: delete by that field.
    async purgeExpired(deadline) {
      const expires = `CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END`;
      return (await runner.run(`DELETE FROM ${table} WHERE ${expires} < ? RETURNING key`, [Date.now()], deadline, 'write')).length;
    },
    close: () => runner.close(),
    describeFailure: (error) => describeFileFailure(path, error),
  };
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
