import { randomBytes } from 'node:crypto';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import { Keyv } from 'keyv';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openStore, STORE_NAMESPACES, StoreError, type Store } from '../../src/store/index.ts';
import { useScratch } from '../support/scratch.ts';

const scratch = useScratch('dw-store-');
let fileCount = 0;
const opened: Store[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

const freshFile = () => scratch.file(`state-${++fileCount}.sqlite`);

async function track(store: Store | Promise<Store>): Promise<Store> {
  const ready = await store;
  opened.push(ready);
  return ready;
}

const openSqlite = (file: string, busyTimeoutMs = 50) => track(openStore(`sqlite://${file}`, { busyTimeoutMs }));

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}

/** A second connection to the file, like another process: to look at the rows or hold SQLite's exclusive lock. */
function connectRaw(file: string) {
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}` });
  return {
    rows: async () => (await adapter.query('SELECT key, value FROM keyv ORDER BY key')) as Array<{ key: string; value: string }>,
    lock: async () => void (await adapter.query('BEGIN EXCLUSIVE')),
    unlock: async () => void (await adapter.query('ROLLBACK')),
    close: () => adapter.disconnect(),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every few milliseconds until it holds; fails after `timeoutMs`. */
/** A TTL that must not pass before the test reads the value back, even on a loaded machine; then it expires. */
const READ_BACK_TTL_MS = 1000;

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(5);
  }
}

describe.each([
  { backend: 'sqlite', open: () => openSqlite(freshFile()) },
  { backend: 'memory', open: () => track(createMemoryStore()) },
])('$backend store', ({ open }) => {
  it('round-trips plain JSON values in every namespace', async () => {
    const store = await open();
    const value = (name: string) => ({
      name,
      count: 42,
      ratio: -0.125,
      flags: [true, false, null],
      nested: { text: 'Pékin – 北京 ☕', colon: ':leading colon', empty: '', list: [{ id: 'a' }, { id: 'b' }] },
    });
    for (const name of STORE_NAMESPACES) await store.namespace(name).set('item', value(name));
    for (const name of STORE_NAMESPACES) expect(await store.namespace(name).get('item')).toEqual(value(name));
    await store.namespace<string>('seen').set('string', 'plain');
    await store.namespace<number>('seen').set('zero', 0);
    await store.namespace<null>('seen').set('null', null);
    expect(await store.namespace('seen').getMany(['string', 'zero', 'null'])).toEqual(['plain', 0, null]);
    expect(await store.namespace('seen').has('null')).toBe(true);
  });

  it('stores JSON, so a Date comes back as its ISO string and undefined properties vanish', async () => {
    const seen = (await open()).namespace<{ at: Date | string; gone?: string | undefined }>('seen');
    await seen.set('dated', { at: new Date(Date.UTC(2025, 6, 22)), gone: undefined });
    expect(await seen.get('dated')).toStrictEqual({ at: '2025-07-22T00:00:00.000Z' });
  });

  it('hands out copies: mutating a value read does not change what is stored', async () => {
    const feeds = (await open()).namespace<{ etag: string; ids: string[] }>('feeds');
    const original = { etag: 'v1', ids: ['a'] };
    await feeds.set('https://example.org/feed', original);
    original.ids.push('mutated after set');
    const read = await feeds.get('https://example.org/feed');
    read?.ids.push('mutated after get');
    expect(await feeds.get('https://example.org/feed')).toEqual({ etag: 'v1', ids: ['a'] });
  });

  it('keeps namespaces apart: the same key holds different values', async () => {
    const store = await open();
    await store.namespace('seen').set('123', 'in seen');
    await store.namespace('guilds').set('123', 'in guilds');
    expect(await store.namespace('seen').get('123')).toBe('in seen');
    expect(await store.namespace('guilds').get('123')).toBe('in guilds');
    expect(await store.namespace('history').get('123')).toBeUndefined();
    expect(await store.namespace('seen').delete('123')).toBe(true);
    expect(await store.namespace('seen').get('123')).toBeUndefined();
    expect(await store.namespace('guilds').get('123')).toBe('in guilds');
  });

  it('reports missing keys: get, has, getMany and delete', async () => {
    const outbox = (await open()).namespace<number>('outbox');
    await outbox.set('one', 1);
    await outbox.set('three', 3);
    expect(await outbox.getMany(['three', 'two', 'one'])).toEqual([3, undefined, 1]);
    expect(await outbox.getMany([])).toEqual([]);
    expect(await outbox.has('one')).toBe(true);
    expect(await outbox.has('two')).toBe(false);
    expect(await outbox.delete('two')).toBe(false);
    expect(await outbox.delete('one')).toBe(true);
    expect(await outbox.has('one')).toBe(false);
  });

  it('forgets an entry once its TTL has passed, and only that entry', async () => {
    const seen = (await open()).namespace<string>('seen');
    await seen.set('long', 'stays', 60_000);
    await seen.set('forever', 'stays');
    const shortKeys = ['short-many', 'short-get', 'short'];
    await Promise.all(shortKeys.map((key) => seen.set(key, 'expires', READ_BACK_TTL_MS)));
    expect(await seen.getMany(shortKeys)).toEqual(['expires', 'expires', 'expires']);
    // has() first: keyv's own has() on SQLite ignores the TTL, and a get() would delete the row before it is asked.
    await waitUntil(async () => !(await seen.has('short')), 'the short entry expires', 5 * READ_BACK_TTL_MS);
    expect(await seen.get('short-get')).toBeUndefined();
    expect(await seen.getMany(['short-many', 'long', 'forever'])).toEqual([undefined, 'stays', 'stays']);
  });

  it('writes many entries in one step: the last value of a key given twice, the TTL on each, other keys untouched', async () => {
    const seen = (await open()).namespace<string>('seen');
    await seen.set('kept', 'before');
    await seen.set('replaced', 'before');
    await seen.setMany([]);
    await seen.setMany(
      [
        { key: 'replaced', value: 'first' },
        { key: 'new', value: 'new' },
        { key: 'replaced', value: 'last' },
      ],
      READ_BACK_TTL_MS,
    );
    expect(await seen.getMany(['kept', 'replaced', 'new'])).toEqual(['before', 'last', 'new']);
    await waitUntil(async () => !(await seen.has('new')), 'the batch expires', 5 * READ_BACK_TTL_MS);
    expect(await seen.getMany(['kept', 'replaced', 'new'])).toEqual(['before', undefined, undefined]);
    await expect(seen.setMany([{ key: 'x', value: 'y' }], 0)).rejects.toThrow(RangeError);
  });

  it('purges expired entries that nobody reads again, and nothing else', async () => {
    const store = await open();
    const seen = store.namespace<string>('seen');
    const expiring = ['a', 'b', 'c'];
    for (const id of expiring) await seen.set(id, id, 50);
    await store.namespace('history').set('d', 'd', 50);
    await seen.set('kept', 'kept', 60_000);
    await store.namespace('guilds').set('kept', 'kept');
    await sleep(60);
    expect(await store.purgeExpired()).toBe(expiring.length + 1);
    expect(await store.purgeExpired()).toBe(0);
    expect(await seen.get('kept')).toBe('kept');
    expect(await store.namespace('guilds').get('kept')).toBe('kept');
  });

  it('rejects a TTL that is not a positive number of milliseconds', async () => {
    const seen = (await open()).namespace<string>('seen');
    for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await rejection(seen.set('x', 'x', ttl))).toBeInstanceOf(RangeError);
      expect(await rejection(seen.update('x', () => 'x', ttl))).toBeInstanceOf(RangeError);
    }
    expect(await seen.has('x')).toBe(false);
  });

  it('loses no write under 100 concurrent updates of one key', async () => {
    const history = (await open()).namespace<number>('history');
    const results = await Promise.all(Array.from({ length: 100 }, () => history.update('counter', (current) => (current ?? 0) + 1)));
    expect(await history.get('counter')).toBe(100);
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
  });

  it('serialises updates through every handle of a namespace, and lets other keys through', async () => {
    const store = await open();
    const push = (handle: ReturnType<typeof store.namespace<string[]>>, key: string, item: string) =>
      handle.update(key, (current) => [...(current ?? []), item]);
    const first = store.namespace<string[]>('outbox');
    const second = store.namespace<string[]>('outbox');
    await Promise.all(
      Array.from({ length: 50 }, (_, index) => [
        push(first, 'queue', `first-${index}`),
        push(second, 'queue', `second-${index}`),
        push(first, 'other', `other-${index}`),
      ]).flat(),
    );
    const queue = (await first.get('queue')) ?? [];
    expect(queue).toHaveLength(100);
    expect(new Set(queue).size).toBe(100);
    expect(queue.filter((item) => item.startsWith('first-'))).toEqual(Array.from({ length: 50 }, (_, index) => `first-${index}`));
    expect(await first.get('other')).toHaveLength(50);
  });

  it('writes nothing when an update function throws, and keeps serving the key', async () => {
    const guilds = (await open()).namespace<{ channel: string }>('guilds');
    await guilds.set('g1', { channel: 'c1' });
    const failure = rejection(
      guilds.update('g1', () => {
        throw new Error('bad settings');
      }),
    );
    const after = guilds.update('g1', (current) => ({ channel: `${current?.channel ?? ''}+c2` }));
    expect((await failure).message).toBe('bad settings');
    expect(await after).toEqual({ channel: 'c1+c2' });
    expect(await guilds.get('g1')).toEqual({ channel: 'c1+c2' });
  });

  it('does not let the removal of an expired entry on read delete a value written at the same time', async () => {
    const seen = (await open()).namespace<string>('seen');
    await Promise.all(['one', 'many'].map((key) => seen.set(key, 'old', 50)));
    await sleep(60);
    const [read, , readMany] = await Promise.all([seen.get('one'), seen.set('one', 'new'), seen.getMany(['many']), seen.set('many', 'new')]);
    expect(read).toBeUndefined();
    expect(readMany).toEqual([undefined]);
    expect(await seen.getMany(['one', 'many'])).toEqual(['new', 'new']);
  });

  it('applies the TTL given to update', async () => {
    const seen = (await open()).namespace<number>('seen');
    await seen.update('ttl', () => 1, READ_BACK_TTL_MS);
    expect(await seen.get('ttl')).toBe(1);
    await waitUntil(async () => !(await seen.has('ttl')), 'the updated entry expires', 5 * READ_BACK_TTL_MS);
  });

  it('refuses to be used after close', async () => {
    const store = await open();
    await store.close();
    const error = await rejection(store.namespace('seen').get('x'));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/closed/);
  });
});

describe('SQLite file', () => {
  it('keeps what was written across a close and a reopen (a restart)', async () => {
    const file = freshFile();
    const before = await openSqlite(file);
    await before.namespace('feeds').set('https://example.org/rss', { etag: '"abc"', lastModified: 'Tue, 22 Jul 2025 08:00:00 GMT' });
    await before.namespace('seen').set('item-1', 1, 60_000);
    await before.close();
    const after = await openSqlite(file);
    expect(await after.namespace('feeds').get('https://example.org/rss')).toEqual({ etag: '"abc"', lastModified: 'Tue, 22 Jul 2025 08:00:00 GMT' });
    expect(await after.namespace('seen').get('item-1')).toBe(1);
  });

  it('stores one row per entry in a single keyv table, keyed "<namespace>:<key>"', async () => {
    const file = freshFile();
    const store = await openSqlite(file);
    await store.namespace('seen').set('a:b', { id: 'x' }, 60_000);
    await store.namespace('guilds').set('42', 'fr');
    const raw = connectRaw(file);
    try {
      const rows = await raw.rows();
      expect(rows.map((row) => row.key)).toEqual(['guilds:42', 'seen:a:b']);
      expect(JSON.parse(rows[0]?.value ?? '')).toEqual({ value: 'fr' });
      expect(JSON.parse(rows[1]?.value ?? '')).toMatchObject({ value: { id: 'x' }, expires: expect.any(Number) });
    } finally {
      await raw.close();
    }
  });

  it('keeps keyv’s row format: keyv reads what the store writes, and the store reads what keyv writes', async () => {
    const file = freshFile();
    const store = await openSqlite(file);
    await store.namespace('guilds').set('g1', { channel: 'c1' });
    await store.namespace('seen').update('item', () => 'first seen', 60_000);
    const keyv = new Keyv({ store: new KeyvSqlite({ uri: `sqlite://${file}` }), useKeyPrefix: false, serialize: JSON.stringify, deserialize: JSON.parse });
    keyv.namespace = undefined;
    try {
      expect(await keyv.get('guilds:g1')).toEqual({ channel: 'c1' });
      expect(await keyv.get('seen:item')).toBe('first seen');
      await keyv.set('guilds:g2', { channel: 'c2' });
      await keyv.set('seen:short', 'gone soon', 1);
      expect(await store.namespace('guilds').get('g2')).toEqual({ channel: 'c2' });
      await waitUntil(async () => !(await store.namespace('seen').has('short')), 'the entry keyv wrote with a TTL expires');
    } finally {
      await keyv.disconnect();
    }
  });

  it('keeps expired rows on disk until they are read or purged; reopening purges them', async () => {
    const file = freshFile();
    const store = await openSqlite(file);
    for (const id of ['a', 'b', 'c']) await store.namespace('seen').set(id, id, 50);
    await store.namespace('seen').set('kept', 'kept');
    await sleep(60);
    await store.close();
    const raw = connectRaw(file);
    try {
      expect((await raw.rows()).map((row) => row.key)).toEqual(['seen:a', 'seen:b', 'seen:c', 'seen:kept']);
      await openSqlite(file);
      expect((await raw.rows()).map((row) => row.key)).toEqual(['seen:kept']);
    } finally {
      await raw.close();
    }
  });

  it('creates the missing directories of the file', async () => {
    const file = join(scratch.dir, 'nested', 'deeper', 'state.sqlite');
    await openSqlite(file);
    expect((await stat(file)).isFile()).toBe(true);
  });

  it('resolves a relative sqlite:// URL against the working directory', async () => {
    const file = join(scratch.dir, 'relative', 'state.sqlite');
    const path = relative(process.cwd(), file);
    expect(path.startsWith('/')).toBe(false);
    const store = await track(openStore(`sqlite://${path}`));
    await store.namespace('seen').set('k', 'v');
    expect(store.location).toBe(path);
    expect((await stat(file)).isFile()).toBe(true);
  });

  it('refuses a corrupt file, naming it', async () => {
    const file = freshFile();
    await writeFile(file, randomBytes(8192));
    const error = await rejection(openSqlite(file));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(`Cannot open the store: ${file} is not a SQLite database (corrupt?)`);
  });

  it('refuses a path that is a directory, naming it', async () => {
    const path = scratch.file('a-directory.sqlite');
    await mkdir(path);
    const error = await rejection(openSqlite(path));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(`Cannot open the store: ${path} is a directory, not a SQLite file`);
  });

  it('refuses a path below a regular file', async () => {
    const blocker = scratch.file('blocker');
    await writeFile(blocker, 'not a directory');
    const error = await rejection(openSqlite(join(blocker, 'state.sqlite')));
    expect(error.message).toBe(`Cannot open the store: ${blocker} cannot be created: part of it is a file, not a directory`);
  });

  // chmod does not stop root, and these tests may run as root: the case cannot fail there, so it is skipped.
  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read or write, naming it', async () => {
    const file = freshFile();
    await (await openSqlite(file)).close();
    await chmod(file, 0o000);
    try {
      const error = await rejection(openSqlite(file));
      expect(error.message).toBe(`Cannot open the store: ${file}: permission denied`);
    } finally {
      await chmod(file, 0o600);
    }
  });

  it('refuses a file locked by another process at open time', async () => {
    const file = freshFile();
    await (await openSqlite(file)).close();
    const other = connectRaw(file);
    await other.lock();
    try {
      const error = await rejection(openSqlite(file));
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toBe(`Cannot open the store: ${file} is locked by another process`);
    } finally {
      await other.unlock();
      await other.close();
    }
  });

  it('rejects writes that fail during a run, and recovers once the lock is gone', async () => {
    const file = freshFile();
    const outbox = (await openSqlite(file)).namespace<string>('outbox');
    await outbox.set('message-1', 'queued');
    const other = connectRaw(file);
    await other.lock();
    try {
      const setError = await rejection(outbox.set('message-1', 'delivered'));
      expect(setError).toBeInstanceOf(StoreError);
      expect(setError.message).toBe(`Cannot write outbox:message-1: ${file} is locked by another process`);
      expect((await rejection(outbox.update('message-2', () => 'delivered'))).message).toMatch(/is locked by another process$/);
      expect((await rejection(outbox.delete('message-1'))).message).toMatch(/is locked by another process$/);
      const batch = [{ key: 'message-1', value: 'batched' }, { key: 'message-3', value: 'batched' }];
      expect((await rejection(outbox.setMany(batch))).message).toBe(`Cannot write 2 keys of outbox: ${file} is locked by another process`);
    } finally {
      await other.unlock();
      await other.close();
    }
    expect(await outbox.get('message-1')).toBe('queued');
    expect(await outbox.get('message-3')).toBeUndefined();
    await outbox.set('message-1', 'delivered');
    expect(await outbox.get('message-1')).toBe('delivered');
  });
});

describe('openStore URLs', () => {
  it('rejects an unknown scheme, listing the accepted forms', async () => {
    const error = await rejection(openStore('postgres://localhost/state'));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toContain('Invalid store URL "postgres://localhost/state" (unknown scheme)');
    expect(error.message).toContain('sqlite://relative/path.sqlite');
    expect(error.message).toContain('sqlite:///absolute/path.sqlite');
    expect(error.message).toContain('redis://');
  });

  it('rejects a sqlite URL without a file', async () => {
    for (const url of ['sqlite://', `sqlite://${scratch.dir}/`]) {
      expect((await rejection(openStore(url))).message).toContain('(it names no file)');
    }
  });

  it('sends redis:// URLs to Redis, failing clearly without leaking the password when nobody answers', async () => {
    const port = await closedLoopbackPort();
    const url = `redis://digest:s3cret@127.0.0.1:${port}`;
    const started = Date.now();
    const error = await rejection(openStore(url, { connectTimeoutMs: 300 }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toContain(`Cannot open the store: Redis at redis://digest:***@127.0.0.1:${port}`);
    expect(error.message).not.toContain('s3cret');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

/** A loopback port that was free a moment ago, so connecting to it is refused. */
async function closedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
