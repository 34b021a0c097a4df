import type { Leases } from './leases.ts';

/** At most `limit` takes per key per sliding window; `take` resolves with 0 when allowed, else the ms until a slot frees. */
export interface SharedRateLimiter {
  take(key: string): Promise<number>;
}

/**
 * A sliding-window limit every process shares: a take holds one of `limit` leases for the window, so it frees
 * exactly `windowMs` after it was taken, whichever process took it.
 */
export function createSharedRateLimiter(options: { leases: Leases; name: string; limit: number; windowMs: number }): SharedRateLimiter {
  const { leases, name, limit, windowMs } = options;
  return {
    async take(key) {
      const slots = Array.from({ length: limit }, (_, index) => `rate:${name}:${key}:${index}`);
      for (const slot of slots) if ((await leases.acquire(slot, windowMs)) !== undefined) return 0;
      const remaining = await Promise.all(slots.map((slot) => leases.remainingMs(slot)));
      return Math.max(1, Math.min(...remaining));
    },
  };
}
