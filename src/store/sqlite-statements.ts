import type { KeyvSqlite } from '@keyv/sqlite';
import { monotonicNow, remainingMs, type Deadline } from './deadline.ts';

type Kind = 'read' | 'write';

/** Runs the statements of one SQLite connection. */
export interface StatementRunner {
  /** The rows of one statement (RETURNING rows for a write). */
  run(sql: string, parameters: readonly unknown[], deadline: Deadline, kind: Kind): Promise<unknown[]>;
  /** Closes the connection once the statements already started are done. */
  close(): Promise<void>;
}

interface Pending {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  readonly kind: Kind;
  /** The caller's deadline, moved on while the queue keeps moving. */
  deadline: Deadline;
  readonly resolve: (rows: unknown[]) => void;
  readonly reject: (error: unknown) => void;
  state: 'queued' | 'started' | 'abandoned';
  timer?: NodeJS.Timeout;
}

/** At most this many statements per turn, so one turn stays short. */
const MAX_BATCH = 256;

/**
 * Statements run in turns, one turn at a time. A turn takes what is queued: the reads first, then the writes
 * together in one transaction (one commit for hundreds of writes, so a burst of thousands takes about a second).
 *
 * A failed statement must never apply later, so nothing abandons a statement SQLite is running. A statement still
 * queued at its deadline is dropped, never sent. The one long wait inside a turn, for another process's lock, is cut
 * to the time left (busy timeout): past it SQLite gives up with SQLITE_BUSY and the transaction did not happen.
 * Either way the callers learn the truth, on time.
 *
 * Waiting in the queue counts against a deadline only while the queue is stuck: if a statement of the same kind
 * (read, write) completed within the timeout, or the queue has just started, the deadline moves on. So a burst on a
 * healthy but loaded machine is slow rather than failed, while a locked or stuck database fails what is queued on
 * time. A deadline is judged only while SQLite holds a statement and after the I/O callbacks already due
 * (setImmediate), so a busy or starved event loop is not taken for a stuck database. `beforeWrite` runs before
 * each transaction and fails its writes by throwing.
 */
export function createStatementRunner(adapter: KeyvSqlite, options: { busyTimeoutMs: number; beforeWrite: () => void }): StatementRunner {
  const queue: Pending[] = [];
  const moved: Record<Kind, number> = { read: Number.NEGATIVE_INFINITY, write: Number.NEGATIVE_INFINITY };
  /** Statements sent to SQLite and not yet answered. */
  let outstanding = 0;
  const send = async (sql: string, parameters: readonly unknown[] = []) => {
    outstanding += 1;
    try {
      return (await adapter.query(sql, ...parameters)) as unknown[];
    } finally {
      outstanding -= 1;
    }
  };
  const query = async (kind: Kind, sql: string, parameters: readonly unknown[] = []) => {
    const rows = await send(sql, parameters);
    moved[kind] = monotonicNow();
    return rows;
  };

  /**
   * Whether the entry's deadline has passed with the queue stuck: nothing of its kind completed within the timeout,
   * while SQLite holds a statement (or the runner is choosing the next turn); moves the deadline on otherwise.
   */
  const overdue = (entry: Pending, choosingTurn: boolean): boolean => {
    if (remainingMs(entry.deadline) > 0) return false;
    const { timeoutMs } = entry.deadline;
    const now = monotonicNow();
    if (now - moved[entry.kind] >= timeoutMs && (choosingTurn || outstanding > 0)) return true;
    entry.deadline = { at: Math.max(moved[entry.kind] + timeoutMs, now + timeoutMs / 4), timeoutMs };
    return false;
  };

  const arm = (entry: Pending) => {
    entry.timer = setTimeout(
      () =>
        setImmediate(() => {
          if (entry.state !== 'queued') return;
          if (!overdue(entry, false)) return arm(entry);
          entry.state = 'abandoned';
          entry.reject(lateError(entry.deadline));
        }),
      Math.max(0, remainingMs(entry.deadline)),
    );
  };

  // KeyvSqlite sets the busy timeout when it connects; PRAGMA busy_timeout changes it for the statements that follow.
  let busyTimeoutMs = options.busyTimeoutMs;
  const waitForLockAtMost = async (writes: readonly Pending[]) => {
    const left = Math.floor(Math.min(...writes.map((write) => remainingMs(write.deadline))));
    const wanted = left < busyTimeoutMs ? Math.max(1, left) : left >= options.busyTimeoutMs ? options.busyTimeoutMs : busyTimeoutMs;
    if (wanted === busyTimeoutMs) return;
    await send(`PRAGMA busy_timeout = ${wanted}`);
    busyTimeoutMs = wanted;
  };

  /** One transaction; a statement that fails alone is reported alone and the others go back to the queue. */
  const runWrites = async (taken: readonly Pending[]) => {
    const writes = taken.filter((write) => !overdue(write, true));
    for (const late of taken.filter((write) => !writes.includes(write))) late.reject(lateError(late.deadline));
    if (writes.length === 0) return;
    try {
      options.beforeWrite();
      await waitForLockAtMost(writes);
      // One statement is atomic on its own: no transaction around it.
      if (writes.length === 1) return writes[0]!.resolve(await query('write', writes[0]!.sql, writes[0]!.parameters));
      await query('write', 'BEGIN IMMEDIATE');
    } catch (error) {
      return writes.forEach((write) => write.reject(error));
    }
    // Sent together: the connection runs them one by one without a round trip to JavaScript between them. They touch
    // different rows (the store queues the writes of one key), so their order does not matter.
    const outcomes = await Promise.allSettled(writes.map((write) => query('write', write.sql, write.parameters)));
    const failed = writes.filter((_, index) => outcomes[index]?.status === 'rejected');
    try {
      if (failed.length > 0) throw new Error('a statement failed');
      await query('write', 'COMMIT');
    } catch (error) {
      // Nothing of the transaction stays. When statements failed, they are reported and the others queued again.
      await send('ROLLBACK').catch(() => undefined);
      if (failed.length === 0) return writes.forEach((write) => write.reject(error));
      writes.forEach((write, index) => {
        const outcome = outcomes[index];
        if (outcome?.status === 'rejected') return write.reject(outcome.reason);
        write.state = 'queued';
        arm(write);
      });
      queue.unshift(...writes.filter((write) => write.state === 'queued'));
      return;
    }
    writes.forEach((write, index) => {
      const outcome = outcomes[index];
      write.resolve(outcome?.status === 'fulfilled' ? outcome.value : []);
    });
  };

  const runTurn = async () => {
    const taken = queue.splice(0, MAX_BATCH).filter((entry) => entry.state === 'queued');
    for (const entry of taken) {
      clearTimeout(entry.timer);
      entry.state = 'started';
    }
    await Promise.all(taken.filter((entry) => entry.kind === 'read').map((read) => query('read', read.sql, read.parameters).then(read.resolve, read.reject)));
    const writes = taken.filter((entry) => entry.kind === 'write');
    if (writes.length > 0) await runWrites(writes);
  };

  /** The turns in progress, until the queue is empty. */
  let running: Promise<void> | undefined;
  const pump = () => {
    if (running !== undefined) return;
    moved.read = moved.write = monotonicNow();
    running = (async () => {
      try {
        while (queue.length > 0) await runTurn();
      } finally {
        running = undefined;
      }
    })();
  };

  return {
    run: (sql, parameters, deadline, kind) =>
      new Promise<unknown[]>((resolve, reject) => {
        const entry: Pending = { sql, parameters, kind, deadline, resolve, reject, state: 'queued' };
        arm(entry);
        queue.push(entry);
        pump();
      }),
    async close() {
      await running;
      await adapter.disconnect();
    },
  };
}

function lateError(deadline: Deadline): Error {
  return new Error(`timed out after ${deadline.timeoutMs} ms waiting for the statements before this one`);
}
