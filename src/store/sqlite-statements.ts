import type { KeyvSqlite } from '@keyv/sqlite';
import { remainingMs, startBefore, type Deadline } from './deadline.ts';
import { createKeyedMutex } from './mutex.ts';

/** Runs the statements of one SQLite connection, one at a time. */
export interface StatementRunner {
  /** The rows of one statement (RETURNING rows for a write); `beforeWrite` runs first for statements that write. */
  run(sql: string, parameters: readonly unknown[], deadline: Deadline, kind: 'read' | 'write'): Promise<unknown[]>;
  /** Closes the connection once the statements already started are done. */
  close(): Promise<void>;
}

/**
 * A failed statement must never apply later, so no timer abandons a statement that SQLite is running. Instead a
 * statement starts only before its deadline (queued ones are dropped at the deadline, never sent), and SQLite's busy
 * timeout, the only long wait of a statement (another process's lock), is cut to the time left: past it SQLite
 * gives up with SQLITE_BUSY and the statement was not applied. Either way the caller learns the truth, on time.
 */
export function createStatementRunner(adapter: KeyvSqlite, options: { busyTimeoutMs: number; beforeWrite: () => void }): StatementRunner {
  const queue = createKeyedMutex();
  const connection = ['connection'];
  // KeyvSqlite sets the busy timeout when it connects; PRAGMA busy_timeout changes it for the statements that follow.
  let busyTimeoutMs = options.busyTimeoutMs;
  const busyTimeoutFor = (deadline: Deadline): number => {
    const left = Math.floor(remainingMs(deadline));
    if (left < busyTimeoutMs) return Math.max(1, left);
    return left >= options.busyTimeoutMs ? options.busyTimeoutMs : busyTimeoutMs;
  };
  return {
    run: (sql, parameters, deadline, kind) =>
      startBefore(
        deadline,
        (task) => queue(connection, task),
        async () => {
          if (kind === 'write') options.beforeWrite();
          const wanted = busyTimeoutFor(deadline);
          if (wanted !== busyTimeoutMs) {
            await adapter.query(`PRAGMA busy_timeout = ${wanted}`);
            busyTimeoutMs = wanted;
          }
          return (await adapter.query(sql, ...parameters)) as unknown[];
        },
        () => new Error(`timed out after ${deadline.timeoutMs} ms waiting for the statements before this one`),
      ),
    close: () => queue(connection, () => adapter.disconnect()),
  };
}
