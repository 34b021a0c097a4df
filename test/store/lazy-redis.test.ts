import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { openLeases } from '../../src/store/leases.ts';
import { useScratch } from '../support/scratch.ts';

/** Its own file: vitest gives each file its own process, so nothing else here has loaded the Redis client. */

const scratch = useScratch('dw-lazy-redis-');
const loadedRedisClient = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes('/@redis/client/'));

describe('a SQLite store', () => {
  it('never loads the Redis client (about 420 modules of start-up), which a Redis URL still does', async () => {
    const store = await openStore(`sqlite://${scratch.file('state.sqlite')}`, { timeoutMs: 10_000 });
    const leases = await openLeases(`sqlite://${scratch.file('state.sqlite')}`, 10_000);
    await leases.close();
    await store.close();
    expect(loadedRedisClient()).toBe(false);

    // Nothing listens on port 1: the open fails, after loading the client.
    await expect(openStore('redis://127.0.0.1:1', { timeoutMs: 1_000 })).rejects.toThrow();
    expect(loadedRedisClient()).toBe(true);
  });
});
