import KeyvRedis, { createClient } from '@keyv/redis';
import { Keyv } from 'keyv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasRedis)('Redis store (a real redis-server on 127.0.0.1)', () => {
  let server: RedisServer;
  let url = '';
  const opened: Store[] = [];
  const open = async () => {
    const store = await openStore(url);
    opened.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startRedisServer();
    url = server.url;
  });

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close().catch(() => undefined)));
    await server?.close();
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

  it('writes many entries in one script, with their TTL, keyv’s row format kept', async () => {
    const store = await open();
    const seen = store.namespace<string>('seen');
    await seen.set('kept', 'before');
    await seen.setMany([{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }, { key: 'a', value: 'three' }], 60_000);
    expect(await seen.getMany(['kept', 'a', 'b'])).toEqual(['before', 'three', 'two']);
    const raw = createClient({ url });
    await raw.connect();
    try {
      expect(JSON.parse((await raw.get('seen:b')) ?? 'null')).toMatchObject({ value: 'two', expires: expect.any(Number) });
      const ttl = await raw.pTTL('seen:b');
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await raw.close();
    }
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

  it('keeps keyv’s row format: @keyv/redis reads what the store writes, and the store reads what it writes', async () => {
    const store = await open();
    await store.namespace('guilds').set('r1', { channel: 'c1' });
    await store.namespace('seen').update('r-item', () => 'first seen', 60_000);
    const adapter = new KeyvRedis(url);
    const keyv = new Keyv({ store: adapter, useKeyPrefix: false, serialize: JSON.stringify, deserialize: JSON.parse });
    keyv.namespace = undefined;
    try {
      expect(await keyv.get('guilds:r1')).toEqual({ channel: 'c1' });
      expect(await keyv.get('seen:r-item')).toBe('first seen');
      await keyv.set('guilds:r2', { channel: 'c2' });
      expect(await store.namespace('guilds').get('r2')).toEqual({ channel: 'c2' });
    } finally {
      await adapter.disconnect();
    }
  });

  it('keeps writing after the server forgot its scripts (SCRIPT FLUSH, as after a restart)', async () => {
    const guilds = (await open()).namespace<{ channel: string }>('guilds');
    await guilds.set('flushed', { channel: 'before' });
    const admin = createClient({ url });
    await admin.connect();
    try {
      await admin.sendCommand(['SCRIPT', 'FLUSH']);
    } finally {
      admin.destroy();
    }
    await guilds.set('flushed', { channel: 'after' });
    expect(await guilds.update('flushed', (current) => ({ channel: `${current?.channel ?? ''}+1` }))).toEqual({ channel: 'after+1' });
    expect(await guilds.get('flushed')).toEqual({ channel: 'after+1' });
  });
});
