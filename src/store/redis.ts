import type { Logger } from '../log.ts';
import { StoreError } from './errors.ts';
import { createKeyvStore, DEFAULT_STORE_TIMEOUT_MS } from './keyv-store.ts';
import { connectRedis, type RedisConnection } from './redis-connection.ts';
import { writeArguments } from './redis-script.ts';
import type { RowBackend } from './rows.ts';
import type { Store } from './types.ts';
import { redactUrl } from './url.ts';

/** Options of `openRedisStore`. */
export interface RedisStoreOptions {
  /** How long a call may take (default 3000 ms). */
  timeoutMs?: number | undefined;
  /** How long connecting may take before failing. Default 5000 ms. */
  connectTimeoutMs?: number | undefined;
  /** Where losing and regaining the connection is reported. */
  log?: Pick<Logger, 'error' | 'warn' | 'info'> | undefined;
}

/**
 * Connects to Redis and proves it answers before resolving. Rows are keyv's, one Redis string per row; Redis expires
 * keys itself (each write passes the TTL as PX), so `purgeExpired` has nothing to do. test/store/redis.test.ts and
 * test/store/outage.test.ts run it against a real redis-server.
 */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<Store> {
  const location = redactUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  let connection: RedisConnection;
  try {
    connection = await connectRedis({ url, location, connectTimeoutMs, log: options.log });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(location, `Cannot open the store: Redis at ${location}: ${reason}`, { cause: error });
  }
  return createKeyvStore(redisRows(connection, location, options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS), { timeoutMs: options.timeoutMs });
}

function redisRows(connection: RedisConnection, location: string, timeoutMs: number): RowBackend {
  return {
    location,
    async read(rowKeys, deadline) {
      if (rowKeys.length === 1) return [(await connection.read<string | null>(['GET', rowKeys[0] ?? ''], deadline)) ?? undefined];
      return (await connection.read<Array<string | null>>(['MGET', ...rowKeys], deadline)).map((raw) => raw ?? undefined);
    },
    async write(rowKey, raw, ttlMs, condition, deadline) {
      const args =
        condition.kind === 'equals' ? writeArguments('equals', raw, ttlMs, condition.raw) : writeArguments(condition.kind === 'any' ? 'set' : 'absent', raw, ttlMs);
      return (await connection.write(rowKey, args, deadline)) === 1;
    },
    async writeMany(rows, ttlMs, deadline) {
      const ttl = ttlMs === undefined ? '' : String(Math.ceil(ttlMs));
      await connection.writeMany(rows.map((row) => row.rowKey), [ttl, ...rows.map((row) => row.raw)], deadline);
    },
    delete: async (rowKey, deadline) => (await connection.write(rowKey, writeArguments('delete'), deadline)) === 1,
    purgeExpired: async () => 0,
    close: () => connection.close(timeoutMs),
    describeFailure: (error) => connection.describeFailure(error),
  };
}
