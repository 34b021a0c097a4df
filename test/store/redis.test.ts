import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';

/** A real Redis server when one is installed (.ci/run installs Debian's redis-server); skipped otherwise. */
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedis)('Redis store (a real redis-server on 127.0.0.1)', () => {
  let server: ChildProcess;
  let url = '';
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    const port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    url = `redis://127.0.0.1:${port}`;
    const deadline = Date.now() + 5000;
    for (;;) {
      try {
        await (await openStore(url)).close();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(50);
      }
    }
  });

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
    server?.kill('SIGTERM');
  });

  it('round-trips JSON per namespace, keeps namespaces apart, and survives a reconnect', async () => {
    const store = await open();
    await store.namespace<{ n: number; tags: string[] }>('guilds').set('g1', { n: 1, tags: ['a'] });
    await store.namespace<string>('seen').set('g1', 'seen');
    const again = await open();
    expect(await again.namespace('guilds').get('g1')).toEqual({ n: 1, tags: ['a'] });
    expect(await again.namespace('seen').get('g1')).toBe('seen');
    expect(await again.namespace('outbox').get('g1')).toBeUndefined();
  });

  it('lets Redis expire entries with a TTL (nothing to purge)', async () => {
    const seen = (await open()).namespace<string>('seen');
    await seen.set('short', 'x', 50);
    await seen.set('long', 'y', 60_000);
    await sleep(80);
    expect(await seen.get('short')).toBeUndefined();
    expect(await seen.has('short')).toBe(false);
    expect(await seen.get('long')).toBe('y');
  });

  it('loses no write under 100 concurrent updates of one key', async () => {
    const history = (await open()).namespace<number>('history');
    await Promise.all(Array.from({ length: 100 }, () => history.update('count', (n) => (n ?? 0) + 1)));
    expect(await history.get('count')).toBe(100);
  });
});
