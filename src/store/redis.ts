import KeyvRedis from '@keyv/redis';
import { StoreError } from './errors.ts';
import { createKeyvStore, createPlainKeyv } from './keyv-store.ts';
import type { Store } from './types.ts';
import { redactUrl } from './url.ts';

/** Options of `openRedisStore`. */
export interface RedisStoreOptions {
  /** How long connecting may take before failing. Default 5000 ms. */
  connectTimeoutMs?: number;
}

/**
 * Connects to Redis and proves it with a read before resolving. Redis expires keys itself (keyv passes the TTL
 * as PX), so `purgeExpired` has nothing to do. test/store/redis.test.ts runs it against a real redis-server.
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const location = redactUrl(url);
  const adapter = new KeyvRedis(url, { throwOnConnectError: true, throwOnErrors: true, connectionTimeout: options.connectTimeoutMs ?? 5000 });
  const keyv = createPlainKeyv(adapter);
  const describeFailure = (error: unknown) => `Redis at ${location}: ${error instanceof Error ? error.message : String(error)}`;
  try {
    await keyv.get('store:probe');
  } catch (error) {
    await adapter.disconnect(true).catch(() => undefined);
    throw new StoreError(location, `Cannot open the store: ${describeFailure(error)}`, { cause: error });
  }
  return createKeyvStore({ keyv, location, purgeExpired: async () => 0, close: () => adapter.disconnect(), describeFailure });
}
