import { createLocalLeases, type Leases } from '../async/leases.ts';
import { openRedisLeases } from './redis-leases.ts';
import { parseStoreUrl } from './url.ts';

/** The leases that go with the store at `url`: in Redis for a Redis store, in this process for a SQLite file. */
export function openLeases(url: string, timeoutMs: number): Promise<Leases> {
  const target = parseStoreUrl(url);
  return target.kind === 'redis' ? openRedisLeases(target.url, timeoutMs) : Promise.resolve(createLocalLeases());
}
