import { createClient } from '@keyv/redis';
import { DONE_LEASE, newLeaseToken, type Leases } from '../async/leases.ts';
import { destroyClient, type Client } from './redis-client.ts';
import { redactUrl } from './url.ts';

/** Compare-and-delete: frees KEYS[1] only if ARGV[1] holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
/** Compare-and-extend: sets KEYS[1] to ARGV[3] for ARGV[2] ms, only if ARGV[1] holds it. */
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[2]) return 1 end return 0`;

const PREFIX = 'lease:';

/**
 * Leases in Redis, on a connection of their own: `SET key token NX PX ttl` to take one, the scripts above to extend
 * or free it, so a lease taken by another process is never touched. A call that does not answer within `timeoutMs`
 * rejects: a caller that cannot take a lease does not run the task (better late than twice). A SET NX that reached
 * Redis after its caller gave up holds the lease for its TTL, and nobody runs the task until it expires.
 */
export async function openRedisLeases(url: string, timeoutMs: number): Promise<Leases> {
  const location = redactUrl(url);
  const client: Client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000) },
  });
  client.on('error', () => undefined);
  const call = async <T>(args: readonly string[]): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`leases: Redis at ${location} did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([client.sendCommand<T>(args), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await Promise.race([client.connect(), new Promise((_, reject) => setTimeout(() => reject(new Error('unreachable')), timeoutMs).unref())]);
    await call(['PING']);
  } catch (error) {
    destroyClient(client);
    throw new Error(`leases: Redis at ${location}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return {
    shared: true,
    async acquire(key, ttlMs) {
      const token = newLeaseToken();
      const reply = await call<string | null>(['SET', PREFIX + key, token, 'NX', 'PX', String(Math.ceil(ttlMs))]);
      return reply === 'OK' ? token : undefined;
    },
    remainingMs: async (key) => Math.max(0, await call<number>(['PTTL', PREFIX + key])),
    holder: async (key) => (await call<string | null>(['GET', PREFIX + key])) ?? undefined,
    extend: async (key, token, ttlMs, done = false) =>
      (await call<number>(['EVAL', EXTEND, '1', PREFIX + key, token, String(Math.ceil(ttlMs)), done ? DONE_LEASE : token])) === 1,
    release: async (key, token) => (await call<number>(['EVAL', RELEASE, '1', PREFIX + key, token])) === 1,
    async close() {
      await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]).catch(() => undefined);
      destroyClient(client);
    },
  };
}
