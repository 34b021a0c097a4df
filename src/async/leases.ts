import { randomUUID } from 'node:crypto';

/**
 * Named leases shared by every process of the bot: a lease is held by one token until it is released or its time
 * runs out, so a process that dies never holds one for long. On Redis (src/store/redis-leases.ts) they span
 * processes and machines; `createLocalLeases` is the same within one process (SQLite, one shard).
 */
export interface Leases {
  /** Whether other processes see these leases (Redis), or only this one (`createLocalLeases`). */
  readonly shared: boolean;
  /** Takes `key` for `ttlMs` when nobody holds it: the token that holds it, or undefined when it is held. */
  acquire(key: string, ttlMs: number): Promise<string | undefined>;
  /** What holds `key`: a token, DONE_LEASE, or undefined when free. */
  holder(key: string): Promise<string | undefined>;
  /** Sets the lease's time left to `ttlMs`, only while `token` holds it; `done` also marks it finished (DONE_LEASE). */
  extend(key: string, token: string, ttlMs: number, done?: boolean): Promise<boolean>;
  /** How long until `key` is free: 0 when it is free now. */
  remainingMs(key: string): Promise<number>;
  /** Frees `key`, only if `token` still holds it (compare-and-delete). */
  release(key: string, token: string): Promise<boolean>;
  close(): Promise<void>;
}

/** What a lease held for a finished task holds: the task is done, and nobody is to run it again while it lasts. */
export const DONE_LEASE = 'done';

export const newLeaseToken = (): string => randomUUID();

/** Leases in this process's memory. */
export function createLocalLeases(now: () => number = Date.now): Leases {
  const held = new Map<string, { token: string; until: number }>();
  const live = (key: string) => {
    const lease = held.get(key);
    if (lease !== undefined && lease.until <= now()) held.delete(key);
    return held.get(key);
  };
  return {
    shared: false,
    async acquire(key, ttlMs) {
      if (live(key) !== undefined) return undefined;
      const token = newLeaseToken();
      held.set(key, { token, until: now() + ttlMs });
      return token;
    },
    holder: async (key) => live(key)?.token,
    remainingMs: async (key) => Math.max(0, (live(key)?.until ?? 0) - now()),
    async extend(key, token, ttlMs, done = false) {
      if (live(key)?.token !== token) return false;
      held.set(key, { token: done ? DONE_LEASE : token, until: now() + ttlMs });
      return true;
    },
    async release(key, token) {
      if (live(key)?.token !== token) return false;
      return held.delete(key);
    },
    close: async () => held.clear(),
  };
}
