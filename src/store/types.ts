/** The namespaces of the store, all kept in one database and one connection. */
export const STORE_NAMESPACES = ['seen', 'feeds', 'guilds', 'history', 'outbox'] as const;

export type NamespaceName = (typeof STORE_NAMESPACES)[number];

/**
 * One namespace of the store: keys are plain strings, values are JSON. Every call settles within the store's timeout
 * (STORE_TIMEOUT_MS); a failure, a timeout included, rejects with a StoreError naming the cause, and a write that
 * rejected is never applied later.
 * A value is written with `JSON.stringify` and read back with `JSON.parse`, so plain objects, arrays, strings,
 * finite numbers, booleans and null round-trip exactly; a `Date` comes back as its ISO string, `undefined` object
 * properties vanish, and `Map`, `Set`, class instances and functions are not supported. Store timestamps as numbers
 * or ISO strings. Every read returns a fresh copy: mutating it never changes what is stored.
 */
export interface Namespace<T> {
  readonly name: NamespaceName;
  /** The value, or undefined when the key is missing or its TTL has passed. */
  get(key: string): Promise<T | undefined>;
  /**
   * `get`, for a large array of objects: where the database can split it (SQLite), its elements are parsed a slice
   * at a time, letting the event loop turn between slices; elsewhere, or for any other value, as `get`.
   */
  getInSlices(key: string): Promise<T | undefined>;
  /** The values of `keys`, in the same order, undefined where missing or expired. */
  getMany(keys: readonly string[]): Promise<Array<T | undefined>>;
  /** Whether the key holds a value that has not expired. */
  has(key: string): Promise<boolean>;
  /** Stores the value; with `ttlMs` (a positive number of milliseconds) it expires after that long. Rejects if the write fails. */
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  /**
   * Stores every entry, all with the same TTL, in one atomic step (one SQLite statement, one Redis script): when it
   * rejects, none was written and none will be. A key given twice keeps its last value. For many writes at once.
   */
  setMany(entries: readonly { readonly key: string; readonly value: T }[], ttlMs?: number): Promise<void>;
  /** Removes the key; true when a row was there (even an expired one). */
  delete(key: string): Promise<boolean>;
  /**
   * Reads the current value, computes the next one with `next` and stores it only if the stored value is still the
   * one read (compare-and-set); otherwise reads again and calls `next` again. So the update is one atomic step
   * across handles and processes, and no concurrent write is ever lost. `next` may therefore run several times:
   * it must be pure (a captured variable it sets must be overwritten at each call, never accumulated). Updates of
   * one key are queued within this process, so only other processes cause retries; after many it rejects with a
   * StoreError. Like `set`, the TTL starts again from now (no `ttlMs`: no expiry). Resolves with what `next`
   * returned last; if `next` throws, nothing is written and the promise rejects with what it threw.
   */
  update(key: string, next: (current: T | undefined) => T, ttlMs?: number): Promise<T>;
  /**
   * `update` for a large array of objects (a pool of thousands of items), letting the event loop turn meanwhile: the
   * value is read as `getInSlices` reads it, `next` may be async (and yield while it computes), and an array is
   * encoded a slice at a time. The same atomic step and guarantees as `update`: compare-and-set, retried when another
   * process wrote meanwhile (so `next` may run several times), queued with the key's other writes in this process,
   * nothing written when `next` throws or rejects, the whole update within the store's timeout.
   */
  updateInSlices(key: string, next: (current: T | undefined) => T | Promise<T>, ttlMs?: number): Promise<T>;
  /**
   * `update` for many keys at once (each given once): each key is an update of its own, compare-and-set per key and
   * not across keys, but all are read in one step and written in one (one SQLite statement; one write per key where
   * the store has no batch), and only the keys another process changed meanwhile are read and computed again.
   * Resolves with each key's value, in order. If `next` throws, nothing is written. When the call rejects, the write
   * that failed is not applied (on SQLite: none of its keys); keys an earlier round of retries wrote stay written.
   */
  updateMany(keys: readonly string[], next: (key: string, current: T | undefined) => T, ttlMs?: number): Promise<T[]>;
}

/** The persistent store of the digest: seen items, feed HTTP state, server settings, digest history, delivery outbox. */
export interface Store {
  /** What the store is, for logs: a file path, a redacted Redis URL or "memory". */
  readonly location: string;
  /** The namespace `name`; the same name always addresses the same data (handles share the per-key queue). */
  namespace<T>(name: NamespaceName): Namespace<T>;
  /**
   * Deletes the entries whose TTL has passed and returns how many went. Expired entries are never returned, but
   * SQLite and memory keep them until a read or this call removes them (Redis expires keys itself: always 0).
   * `openStore` calls it once at start-up; call it after each digest run so the store does not grow forever.
   */
  purgeExpired(): Promise<number>;
  /** Closes the connection. The store must not be used afterwards. */
  close(): Promise<void>;
}
