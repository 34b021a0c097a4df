import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import type { FeedState } from '../state.ts';
import { renewedClaim } from './feed-claim.ts';
import { newFeedState } from './feed-state.ts';

/** Renewing claims until `stop`, which resolves once no renewal is in flight (none writes after it). */
export interface ClaimRenewal {
  stop(): Promise<void>;
}

/**
 * Keeps the run's claims on `keys` alive while it works: every `ttlMs / 3`, one updateMany pushes their expiry back,
 * only where the claim is still the run's. A renewal that fails is logged and tried again at the next tick: at worst
 * the claim lapses and another run fetches the feed too.
 */
export function renewClaims(store: Store, keys: readonly string[], runId: string, ttlMs: number, clock: () => Date, log?: Logger): ClaimRenewal {
  if (keys.length === 0) return { stop: async () => undefined };
  const feeds = store.namespace<FeedState>('feeds');
  let inFlight: Promise<void> | undefined;
  const renew = async () => {
    try {
      await feeds.updateMany(keys, (key, current) => renewedClaim(current ?? newFeedState(key), runId, clock(), ttlMs));
    } catch (error) {
      log?.warn('feed claims not renewed', { feeds: keys.length, error });
    } finally {
      inFlight = undefined;
    }
  };
  const heartbeat = setInterval(() => {
    inFlight ??= renew();
  }, Math.max(1, Math.floor(ttlMs / 3)));
  heartbeat.unref();
  return {
    async stop() {
      clearInterval(heartbeat);
      await inFlight;
    },
  };
}
