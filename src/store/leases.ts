import { createLocalLeases, type Leases } from '../async/leases.ts';
import { parseStoreUrl } from './url.ts';

/** The leases that go with the store at `url`: in Redis for a Redis store, in this process for a SQLite file. */
export async function openLeases(url: string, timeoutMs: number): Promise<Leases> {
  const target = parseStoreUrl(url);
  if (target.kind !== 'redis') return createLocalLeases();
  // Imported only for Redis, as openStore does: a SQLite bot never loads the Redis client.
  const { openRedisLeases } = await import('./redis-leases.ts');
  return openRedisLeases(target.url, timeoutMs);
}
