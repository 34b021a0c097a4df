import { Keyv, type KeyvStoreAdapter } from 'keyv';
import { StoreError } from './errors.ts';
import { createKeyedMutex } from '../async/mutex.ts';
import type { Namespace, NamespaceName, Store } from './types.ts';

/** What a backend brings to `createKeyvStore`: a Keyv over its adapter plus what Keyv does not do. */
export interface KeyvBackend {
  keyv: Keyv;
  location: string;
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
  /** The reason of a failure of the underlying database, e.g. "var/state.sqlite is locked by another process". */
  describeFailure(error: unknown): string;
}

/**
 * A Keyv that stores plain JSON, never prefixes keys itself and rejects on every failure.
 * Namespacing is done by `createKeyvStore` (row key "seen:<key>", the same layout Keyv's own namespaces use),
 * because Keyv writes its namespace onto the adapter, which breaks when one adapter serves several namespaces.
 */
export function createPlainKeyv(store: KeyvStoreAdapter | Map<string, unknown>): Keyv {
  const keyv = new Keyv({
    store,
    useKeyPrefix: false,
    throwOnErrors: true,
    emitErrors: false,
    serialize: JSON.stringify,
    deserialize: JSON.parse,
  });
  keyv.namespace = undefined;
  return keyv;
}

/** The `Store` API over a backend: namespaces as key prefixes, per-key serialised access, failures as StoreErrors. */
export function createKeyvStore(backend: KeyvBackend): Store {
  const { keyv, location } = backend;
  const exclusive = createKeyedMutex();
  let closed: Promise<void> | undefined;

  const attempt = async <R>(action: string, operation: () => Promise<R>): Promise<R> => {
    if (closed) throw new StoreError(location, `Cannot ${action}: the store ${location} is closed`);
    try {
      return await operation();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(location, `Cannot ${action}: ${backend.describeFailure(error)}`, { cause: error });
    }
  };

  const write = async (rowKey: string, value: unknown, ttlMs: number | undefined): Promise<void> => {
    const written: unknown = await keyv.set(rowKey, value, ttlMs);
    if (written === false) throw new Error(`the store refused to write ${rowKey}`);
  };

  // Reads take the lock too: on reading an expired row keyv deletes it, which must not hit a value written meanwhile.
  const namespace = <T>(name: NamespaceName): Namespace<T> => {
    const rowKey = (key: string) => `${name}:${key}`;
    const readUnlocked = (key: string) => attempt(`read ${rowKey(key)}`, async () => (await keyv.get(rowKey(key))) as T | undefined);
    const read = (key: string) => exclusive([rowKey(key)], () => readUnlocked(key));
    const readMany = (keys: readonly string[]) => {
      const rowKeys = keys.map(rowKey);
      return exclusive(rowKeys, () => attempt(`read ${keys.length} keys of ${name}`, async () => (await keyv.getMany(rowKeys)) as Array<T | undefined>));
    };
    return {
      name,
      get: read,
      getMany: async (keys) => (keys.length === 0 ? [] : readMany(keys)),
      has: async (key) => (await read(key)) !== undefined,
      set: async (key, value, ttlMs) => {
        checkTtl(ttlMs);
        return exclusive([rowKey(key)], () => attempt(`write ${rowKey(key)}`, () => write(rowKey(key), value, ttlMs)));
      },
      delete: (key) => exclusive([rowKey(key)], () => attempt(`delete ${rowKey(key)}`, () => keyv.delete(rowKey(key)))),
      update: async (key, next, ttlMs) => {
        checkTtl(ttlMs);
        return exclusive([rowKey(key)], async () => {
          const value = next(await readUnlocked(key));
          await attempt(`write ${rowKey(key)}`, () => write(rowKey(key), value, ttlMs));
          return value;
        });
      },
    };
  };

  return {
    location,
    namespace,
    purgeExpired: () => attempt('purge expired entries', () => backend.purgeExpired()),
    close: () => (closed ??= backend.close()),
  };
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0)) {
    throw new RangeError(`A TTL must be a positive number of milliseconds, got ${ttlMs}`);
  }
}
