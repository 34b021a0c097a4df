import { rename, rm, writeFile } from 'node:fs/promises';
import { KeyvSqlite } from '@keyv/sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { openStore, StoreError, type Store } from '../../src/store/index.ts';
import { tempDir, type TempDir } from '../support/scratch.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';

/**
 * Store outages degrade, they do not stall: every call settles within its timeout with a StoreError naming the
 * cause, a write reported as failed is not there once the store is back, and calls work again after recovery.
 */

const TIMEOUT_MS = 1000;
/** What "within its timeout" means on a loaded machine: the timeout plus a generous margin, far below a stall. */
const SETTLES_WITHIN_MS = TIMEOUT_MS + 4000;

let dir: TempDir;
const opened: Store[] = [];
const logs: string[] = [];
const log = createLogger({ level: 'debug', write: (line) => logs.push(line) });

beforeAll(async () => {
  dir = await tempDir('dw-store-outage-');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close().catch(() => undefined)));
  logs.length = 0;
});

afterAll(async () => {
  await dir?.remove();
});

async function open(url: string, options: { timeoutMs?: number } = {}): Promise<Store> {
  const store = await openStore(url, { timeoutMs: TIMEOUT_MS, log, ...options });
  opened.push(store);
  return store;
}

/** How a call settled and how long it took. */
async function outcome(call: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, ms: performance.now() - started };
}

/** Asserts the call rejected with a StoreError matching `cause`, within the timeout (plus margin). */
async function expectStoreFailure(call: Promise<unknown>, cause: RegExp): Promise<void> {
  const { error, ms } = await outcome(call);
  expect(error).toBeInstanceOf(StoreError);
  expect((error as Error).message).toMatch(cause);
  expect(ms).toBeLessThan(SETTLES_WITHIN_MS);
}

/** Retries `call` until it resolves; fails after `timeoutMs`. */
async function untilWorks<T>(call: () => Promise<T>, what: string, timeoutMs = 15_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > giveUpAt) throw new Error(`${what} still fails after ${timeoutMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe.skipIf(!hasRedis)('Redis outages (a real redis-server)', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedisServer();
  });

  afterAll(async () => {
    await redis?.close();
  });

  it('killed: calls fail fast with a StoreError saying Redis is unreachable; once it is back, calls work again', async () => {
    const store = await open(redis.url);
    const guilds = store.namespace<{ channel: string }>('guilds');
    await guilds.set('killed', { channel: 'before' });
    await redis.kill();

    await expectStoreFailure(guilds.set('killed', { channel: 'during' }), /^Cannot write guilds:killed: Redis at redis:\/\/127\.0\.0\.1:\d+/);
    await expectStoreFailure(guilds.get('killed'), /^Cannot read guilds:killed: Redis at .* is unreachable \(.+\); the bot reconnects in the background$/);
    await expectStoreFailure(guilds.update('killed', () => ({ channel: 'during' })), /is unreachable/);
    expect(logs.some((line) => line.includes('store connection lost'))).toBe(true);

    await redis.restart();
    // Nothing was saved (--save ''): the restarted server is empty, and the store reconnected on its own.
    await untilWorks(() => guilds.set('killed', { channel: 'after' }), 'a write after the restart');
    expect(await guilds.get('killed')).toEqual({ channel: 'after' });
    expect(await guilds.update('killed', (current) => ({ channel: `${current?.channel ?? ''}+1` }))).toEqual({ channel: 'after+1' });
    expect(logs.some((line) => line.includes('store connection back'))).toBe(true);
  });

  it('frozen (SIGSTOP): calls fail within the timeout; writes sent to it are refused when it resumes; calls work again', async () => {
    const store = await open(redis.url);
    const guilds = store.namespace<{ channel: string }>('guilds');
    const counter = store.namespace<number>('history');
    await guilds.set('frozen', { channel: 'before' });
    await guilds.set('frozen-deleted', { channel: 'kept' });
    await counter.set('frozen-count', 1);

    redis.pause();
    try {
      // All sent to the frozen server's socket before the first times out: each waits there for the server to resume.
      // The first to time out drops the stalled connection, which fails the others ("lost the connection (…)").
      const failures = [
        expectStoreFailure(guilds.set('frozen', { channel: 'during' }), /^Cannot write guilds:frozen: Redis at redis:\/\/127\.0\.0\.1:\d+.*did not answer within 1000 ms/),
        expectStoreFailure(guilds.set('frozen-new', { channel: 'during' }), /did not answer within 1000 ms/),
        expectStoreFailure(guilds.delete('frozen-deleted'), /did not answer within 1000 ms/),
        expectStoreFailure(counter.update('frozen-count', (n) => (n ?? 0) + 1), /did not answer within 1000 ms/),
        expectStoreFailure(guilds.get('frozen'), /did not answer within 1000 ms/),
        expectStoreFailure(guilds.setMany([{ key: 'frozen-batch', value: { channel: 'during' } }, { key: 'frozen-batch-2', value: { channel: 'during' } }]), /did not answer within 1000 ms/),
      ];
      await Promise.all(failures);
      // The stalled connection was dropped: while the server stays frozen, calls fail at once instead of waiting.
      await expectStoreFailure(guilds.set('frozen', { channel: 'during, again' }), /is unreachable \(did not answer within 1000 ms\)/);
      expect(logs.some((line) => line.includes('store connection lost'))).toBe(true);
    } finally {
      redis.resume();
    }

    await untilWorks(() => guilds.get('frozen'), 'a read after SIGCONT');
    // The frozen server ran the writes it had received once it resumed, past their deadline: it refused every one.
    expect(await guilds.get('frozen')).toEqual({ channel: 'before' });
    expect(await guilds.get('frozen-new')).toBeUndefined();
    expect(await guilds.getMany(['frozen-batch', 'frozen-batch-2'])).toEqual([undefined, undefined]);
    expect(await guilds.get('frozen-deleted')).toEqual({ channel: 'kept' });
    expect(await counter.get('frozen-count')).toBe(1);
    await guilds.set('frozen', { channel: 'after' });
    expect(await guilds.get('frozen')).toEqual({ channel: 'after' });
    expect(await counter.update('frozen-count', (n) => (n ?? 0) + 1)).toBe(2);
  });

  it('fails opening, naming the server, when Redis is frozen at start-up', async () => {
    redis.pause();
    try {
      const { error, ms } = await outcome(openStore(redis.url, { timeoutMs: TIMEOUT_MS, connectTimeoutMs: TIMEOUT_MS }));
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toMatch(/^Cannot open the store: Redis at redis:\/\/127\.0\.0\.1:\d+: did not answer within 1000 ms$/);
      expect(ms).toBeLessThan(SETTLES_WITHIN_MS);
    } finally {
      redis.resume();
    }
  });
});

describe('SQLite outages (a real file)', () => {
  let fileCount = 0;
  const freshFile = () => dir.file(`outage-${++fileCount}.sqlite`);

  /** Another connection holding SQLite's write lock, as another process would. */
  async function lockFile(file: string): Promise<{ release(): Promise<void> }> {
    const other = new KeyvSqlite({ uri: `sqlite://${file}` });
    await other.query('BEGIN EXCLUSIVE');
    return {
      async release() {
        await other.query('ROLLBACK');
        await other.disconnect();
      },
    };
  }

  it('locked: every write fails within the timeout, even 50 queued at once, and none applies once the lock is gone', async () => {
    const file = freshFile();
    const store = await open(`sqlite://${file}`);
    const guilds = store.namespace<{ channel: string }>('guilds');
    await guilds.set('locked', { channel: 'before' });
    const lock = await lockFile(file);
    try {
      const started = performance.now();
      const results = await Promise.all([
        outcome(guilds.set('locked', { channel: 'during' })),
        outcome(guilds.update('locked', () => ({ channel: 'during' }))),
        outcome(guilds.delete('locked')),
        ...Array.from({ length: 50 }, (_, index) => outcome(guilds.set(`queued-${index}`, { channel: 'during' }))),
      ]);
      expect(performance.now() - started).toBeLessThan(SETTLES_WITHIN_MS);
      for (const { error } of results) {
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(new RegExp(`^Cannot (write|delete) guilds:[\\w-]+: ${file}( is locked by another process|: timed out after 1000 ms waiting for .+)$`));
      }
      expect(results[0]?.error).toHaveProperty('message', `Cannot write guilds:locked: ${file} is locked by another process`);
      // Readers do not wait for a writer (WAL).
      expect(await guilds.get('locked')).toEqual({ channel: 'before' });
    } finally {
      await lock.release();
    }
    expect(await guilds.get('locked')).toEqual({ channel: 'before' });
    expect(await guilds.getMany(Array.from({ length: 50 }, (_, index) => `queued-${index}`))).toEqual(Array(50).fill(undefined));
    await guilds.set('locked', { channel: 'after' });
    expect(await guilds.get('locked')).toEqual({ channel: 'after' });
  });

  it('healthy but slow: writes queued longer than the timeout behind statements that keep completing all succeed', async () => {
    const file = freshFile();
    const store = await open(`sqlite://${file}`, { timeoutMs: 500 });
    // From now on every new row costs SQLite milliseconds of work of its own: 270 writes take seconds, but
    // no statement takes long, so the queue keeps moving and nothing is "stuck".
    const other = new KeyvSqlite({ uri: `sqlite://${file}` });
    await other.query("CREATE TRIGGER slow_insert AFTER INSERT ON keyv BEGIN SELECT length(replace(hex(zeroblob(300000)), '0', 'ab')); END");
    await other.disconnect();
    const seen = store.namespace<string>('seen');
    // More than one turn's worth (256): the last ones wait in the queue for a whole turn of slow writes.
    const keys = Array.from({ length: 270 }, (_, index) => `slow-${index}`);
    const started = performance.now();
    await Promise.all(keys.map((key) => seen.set(key, key, 60_000)));
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(await seen.getMany(keys)).toEqual(keys);
  }, 60_000);

  it('deleted while running: writes fail with a StoreError saying so and the log says it loudly', async () => {
    const file = freshFile();
    const store = await open(`sqlite://${file}`);
    const guilds = store.namespace<{ channel: string }>('guilds');
    await guilds.set('g1', { channel: 'c1' });
    await rm(file);

    const expected = `The store file ${file} was deleted while the bot was running, so nothing more can be saved: restart the bot.`;
    await expectStoreFailure(guilds.set('g1', { channel: 'c2' }), new RegExp(`^${escape(expected)}$`));
    await expectStoreFailure(guilds.update('g2', () => ({ channel: 'c2' })), new RegExp(`^${escape(expected)}$`));
    await expectStoreFailure(store.namespace('seen').delete('x'), /was deleted while the bot was running/);
    const loud = logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['level'] === 'error');
    expect(loud).toEqual([expect.objectContaining({ message: 'store file lost: writes refused until the bot is restarted', store: file, reason: 'deleted' })]);
  });

  it('replaced while running (another file moved in its place): writes fail, the new file is left alone', async () => {
    const file = freshFile();
    const store = await open(`sqlite://${file}`);
    await store.namespace('guilds').set('g1', { channel: 'c1' });
    const impostor = dir.file('impostor.sqlite');
    await writeFile(impostor, '');
    await rename(impostor, file);

    await expectStoreFailure(store.namespace('guilds').set('g1', { channel: 'c2' }), /^The store file .* was replaced while the bot was running/);
  });

  it('its directory deleted while running: writes fail with a StoreError saying the file was deleted', async () => {
    const sub = await tempDir('dw-store-outage-dir-');
    const file = sub.file('state.sqlite');
    const store = await open(`sqlite://${file}`);
    await store.namespace('guilds').set('g1', { channel: 'c1' });
    await sub.remove();

    await expectStoreFailure(store.namespace('guilds').set('g1', { channel: 'c2' }), /was deleted while the bot was running/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
