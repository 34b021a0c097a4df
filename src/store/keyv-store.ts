import { deadlineIn, remainingMs, sleep, startBefore, type Deadline } from './deadline.ts';
import { StoreError } from './errors.ts';
import { createKeyedMutex } from '../async/mutex.ts';
import { mapInSlices } from '../async/slices.ts';
import { ANY_ROW, decodeRow, encodeRow, encodeRowInSlices, isExpired, type ConditionalRow, type RowBackend } from './rows.ts';
import type { Namespace, NamespaceName, Store } from './types.ts';

/** How long a store call may take, unless `openStore` is told otherwise (STORE_TIMEOUT_MS). */
export const DEFAULT_STORE_TIMEOUT_MS = 3000;

/** An update whose row another process keeps changing tries this many times, then fails. */
const MAX_UPDATE_ATTEMPTS = 64;

export interface KeyvStoreOptions {
  /** Each call settles within about this long (default DEFAULT_STORE_TIMEOUT_MS). */
  readonly timeoutMs?: number | undefined;
}

/**
 * The `Store` API over a row backend, rows in keyv's format (see rows.ts): namespaces as key prefixes, a deadline on
 * every call, failures as StoreErrors. Writes of one key are serialised within this process (fewer conflicts);
 * `update` is a compare-and-set, so it is atomic across processes too. Reads take no lock and never write:
 * an expired row is reported missing and left for `purgeExpired`.
 */
export function createKeyvStore(backend: RowBackend, options: KeyvStoreOptions = {}): Store {
  const { location } = backend;
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const exclusive = createKeyedMutex();
  let closed: Promise<void> | undefined;

  const attempt = async <R>(action: string, operation: (deadline: Deadline) => Promise<R>): Promise<R> => {
    if (closed) throw new StoreError(location, `Cannot ${action}: the store ${location} is closed`);
    try {
      return await operation(deadlineIn(timeoutMs));
    } catch (error) {
      if (error instanceof StoreError) throw error;
      if (error instanceof ThrownByNext) throw error.thrown;
      throw new StoreError(location, `Cannot ${action}: ${backend.describeFailure(error)}`, { cause: error });
    }
  };

  /** Runs `task` once the earlier writes of `rowKeys` in this process are done, unless the deadline passes first. */
  const locked = <R>(rowKeys: string | readonly string[], deadline: Deadline, task: () => Promise<R>) => {
    const keys = typeof rowKeys === 'string' ? [rowKeys] : rowKeys;
    const what = keys.length === 1 ? keys[0] : `${keys.length} keys`;
    return startBefore(deadline, (run) => exclusive(keys, run), task, () => new Error(`timed out after ${deadline.timeoutMs} ms waiting for earlier writes of ${what} in this process`));
  };

  const write = async (rowKey: string, value: unknown, ttlMs: number | undefined, deadline: Deadline) => {
    if (!(await backend.write(rowKey, encodeRow(value, ttlMs), ttlMs, ANY_ROW, deadline))) throw new Error(`the store refused to write ${rowKey}`);
  };

  // One row is one plain conditional write; several are one atomic batch where the backend has one.
  const writeManyIf = (rows: readonly ConditionalRow[], ttlMs: number | undefined, deadline: Deadline): Promise<boolean[]> =>
    (rows.length > 1 ? backend.writeManyIf?.(rows, ttlMs, deadline) : undefined) ??
    Promise.all(rows.map((row) => backend.write(row.rowKey, row.raw, ttlMs, row.condition, deadline)));

  /** The rows' raw text and values; `sliced`: one row, an array of objects parsed a slice at a time where the backend can split it. */
  const readCurrent = async <T>(rowKeys: readonly string[], sliced: boolean, deadline: Deadline): Promise<Array<{ raw: string | undefined; value: T | undefined }>> => {
    const array = sliced && rowKeys.length === 1 ? await backend.readArray?.(rowKeys[0] ?? '', deadline) : undefined;
    if (array !== undefined) {
      const value = isExpired(array.expires) ? undefined : ((await mapInSlices(array.elements, (element) => JSON.parse(element) as unknown)) as T);
      return [{ raw: array.raw, value }];
    }
    return (await backend.read(rowKeys, deadline)).map((raw) => ({ raw, value: decodeRow<T>(raw) }));
  };

  /**
   * Read, compute, write each row only if it is still what was read: one read and one conditional write per round,
   * the rows that lost going round again from their read. `sliced`: one row, read, computed and encoded in slices.
   */
  const compareAndSetMany = async <T>(
    rowKeys: readonly string[],
    next: (index: number, current: T | undefined) => T | Promise<T>,
    ttlMs: number | undefined,
    deadline: Deadline,
    sliced = false,
  ): Promise<T[]> => {
    const values = new Array<T>(rowKeys.length);
    let pending = rowKeys.map((_, index) => index);
    for (let attempts = 1; ; attempts += 1) {
      const current = await readCurrent<T>(pending.map((index) => rowKeys[index] ?? ''), sliced, deadline);
      // Every value is computed before anything is written: a throwing `next` writes nothing.
      const rows: ConditionalRow[] = [];
      for (const [position, index] of pending.entries()) {
        const { raw, value: before } = current[position] ?? { raw: undefined, value: undefined };
        const value = await callNext((value: T | undefined) => next(index, value), before);
        values[index] = value;
        const encoded = sliced ? await encodeRowInSlices(value, ttlMs) : encodeRow(value, ttlMs);
        rows.push({ rowKey: rowKeys[index] ?? '', raw: encoded, condition: raw === undefined ? { kind: 'absent' } : { kind: 'equals', raw } });
      }
      const written = await writeManyIf(rows, ttlMs, deadline);
      pending = pending.filter((_, position) => written[position] !== true);
      if (pending.length === 0) return values;
      if (attempts >= MAX_UPDATE_ATTEMPTS) throw new Error(`gave up after ${attempts} attempts: other processes kept changing ${rowKeys[pending[0] ?? 0]}`);
      // A random pause, so that two processes colliding on a key do not collide again in step.
      await sleep(Math.random() * Math.min(attempts, 10));
      if (remainingMs(deadline) <= 0) throw new Error(`timed out after ${deadline.timeoutMs} ms: other processes kept changing ${rowKeys[pending[0] ?? 0]}`);
    }
  };

  const compareAndSet = async <T>(rowKey: string, next: (current: T | undefined) => T | Promise<T>, ttlMs: number | undefined, deadline: Deadline, sliced = false): Promise<T> =>
    (await compareAndSetMany<T>([rowKey], (_index, current) => next(current), ttlMs, deadline, sliced))[0] as T;

  const namespace = <T>(name: NamespaceName): Namespace<T> => {
    const rowKey = (key: string) => `${name}:${key}`;
    const read = (key: string) => attempt(`read ${rowKey(key)}`, async (deadline) => decodeRow<T>((await backend.read([rowKey(key)], deadline))[0]));
    return {
      name,
      get: read,
      getMany: async (keys) => {
        if (keys.length === 0) return [];
        return attempt(`read ${keys.length} keys of ${name}`, async (deadline) => (await backend.read(keys.map(rowKey), deadline)).map((raw) => decodeRow<T>(raw)));
      },
      getInSlices: (key) => attempt(`read ${rowKey(key)}`, async (deadline) => (await readCurrent<T>([rowKey(key)], true, deadline))[0]?.value),
      has: async (key) => (await read(key)) !== undefined,
      set: async (key, value, ttlMs) => {
        checkTtl(ttlMs);
        return attempt(`write ${rowKey(key)}`, (deadline) => locked(rowKey(key), deadline, () => write(rowKey(key), value, ttlMs, deadline)));
      },
      setMany: async (entries, ttlMs) => {
        checkTtl(ttlMs);
        if (entries.length === 0) return;
        // The last value of a key given twice, as separate writes in that order would leave.
        const byRow = new Map(entries.map((entry) => [rowKey(entry.key), entry.value]));
        const rows = [...byRow].map(([key, value]) => ({ rowKey: key, raw: encodeRow(value, ttlMs) }));
        return attempt(`write ${rows.length} keys of ${name}`, (deadline) =>
          locked([...byRow.keys()], deadline, () => backend.writeMany(rows, ttlMs, deadline)),
        );
      },
      delete: (key) => attempt(`delete ${rowKey(key)}`, (deadline) => locked(rowKey(key), deadline, () => backend.delete(rowKey(key), deadline))),
      update: async (key, next, ttlMs) => {
        checkTtl(ttlMs);
        return attempt(`write ${rowKey(key)}`, (deadline) => locked(rowKey(key), deadline, () => compareAndSet(rowKey(key), next, ttlMs, deadline)));
      },
      updateInSlices: async (key, next, ttlMs) => {
        checkTtl(ttlMs);
        return attempt(`write ${rowKey(key)}`, (deadline) => locked(rowKey(key), deadline, () => compareAndSet(rowKey(key), next, ttlMs, deadline, true)));
      },
      updateMany: async (keys, next, ttlMs) => {
        checkTtl(ttlMs);
        if (keys.length === 0) return [];
        if (new Set(keys).size !== keys.length) throw new RangeError(`updateMany: a key is given twice (${name})`);
        const rowKeys = keys.map(rowKey);
        return attempt(`write ${keys.length} keys of ${name}`, (deadline) =>
          locked(rowKeys, deadline, () => compareAndSetMany<T>(rowKeys, (index, current) => next(keys[index] ?? '', current), ttlMs, deadline)),
        );
      },
    };
  };

  return {
    location,
    namespace,
    purgeExpired: () => attempt('purge expired entries', (deadline) => backend.purgeExpired(deadline)),
    close: () => (closed ??= backend.close()),
  };
}

/** What an update function threw: passed to the caller as it is, not as a store failure. */
class ThrownByNext {
  readonly thrown: unknown;

  constructor(thrown: unknown) {
    this.thrown = thrown;
  }
}

async function callNext<T>(next: (current: T | undefined) => T | Promise<T>, current: T | undefined): Promise<T> {
  try {
    return await next(current);
  } catch (error) {
    throw new ThrownByNext(error);
  }
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`A TTL must be a positive number of milliseconds, got ${ttlMs}`);
  }
}
