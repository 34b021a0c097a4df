import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, openStore, type Store } from '../../src/store/index.ts';
import { useScratch } from '../support/scratch.ts';

/** updateMany: many compare-and-set updates in one read and one write (one SQLite statement), none lost. */

const scratch = useScratch('dw-store-many-');
let fileCount = 0;
const opened: Store[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

async function track(store: Promise<Store> | Store): Promise<Store> {
  const ready = await store;
  opened.push(ready);
  return ready;
}

/** A generous busy timeout: the two connections below wait for each other's lock on a loaded machine. */
const openSqlite = (file: string) => track(openStore(`sqlite://${file}`, { busyTimeoutMs: 5_000, timeoutMs: 20_000 }));
const freshFile = () => scratch.file(`many-${++fileCount}.sqlite`);

describe.each([
  { backend: 'sqlite', open: () => openSqlite(freshFile()) },
  { backend: 'memory', open: () => track(createMemoryStore()) },
])('$backend store: updateMany', ({ open }) => {
  it('updates each key from its own current value, creates missing ones, answers in order and leaves others alone', async () => {
    const feeds = (await open()).namespace<{ n: number; key: string }>('feeds');
    await feeds.set('a', { n: 1, key: 'a' });
    await feeds.set('c', { n: 10, key: 'c' });
    await feeds.set('untouched', { n: 7, key: 'untouched' });
    const values = await feeds.updateMany(['c', 'a', 'b'], (key, current) => ({ n: (current?.n ?? 100) + 1, key }));
    expect(values).toEqual([{ n: 11, key: 'c' }, { n: 2, key: 'a' }, { n: 101, key: 'b' }]);
    expect(await feeds.getMany(['a', 'b', 'c', 'untouched'])).toEqual([{ n: 2, key: 'a' }, { n: 101, key: 'b' }, { n: 11, key: 'c' }, { n: 7, key: 'untouched' }]);
    expect(await feeds.updateMany([], () => ({ n: 0, key: '' }))).toEqual([]);
  });

  it('writes nothing when `next` throws for one key, and refuses a key given twice', async () => {
    const feeds = (await open()).namespace<number>('feeds');
    await feeds.setMany([{ key: 'a', value: 1 }, { key: 'b', value: 2 }]);
    const failing = feeds.updateMany(['a', 'b'], (key, current) => {
      if (key === 'b') throw new Error('bad state');
      return (current ?? 0) + 1;
    });
    await expect(failing).rejects.toThrow('bad state');
    await expect(feeds.updateMany(['a', 'a'], () => 0)).rejects.toThrow(RangeError);
    expect(await feeds.getMany(['a', 'b'])).toEqual([1, 2]);
  });

  it('loses no update when it runs beside single updates of the same keys', async () => {
    const history = (await open()).namespace<number>('history');
    const keys = Array.from({ length: 20 }, (_, index) => `k${index}`);
    await Promise.all(
      Array.from({ length: 10 }, () => [
        history.updateMany(keys, (_key, current) => (current ?? 0) + 1),
        ...keys.map((key) => history.update(key, (current) => (current ?? 0) + 100)),
      ]).flat(),
    );
    expect(await history.getMany(keys)).toEqual(keys.map(() => 1010));
  });
});

describe('SQLite updateMany at the scale of a large bot', () => {
  it('claims and records 2,000 feed states, each from its own current value, and reports each as written', async () => {
    // A bot tracking thousands of feeds claims them all in one updateMany at each run: the statement finds each row's
    // expected value by a join on the key (its speed is in the bench: pipeline.claims).
    const feeds = (await track(openStore(`sqlite://${freshFile()}`, { timeoutMs: 60_000 }))).namespace<{ url: string; runs: number; etag: string }>('feeds');
    const keys = Array.from({ length: 2_000 }, (_, index) => `https://news-${index}.example.com/feed.xml`);
    const state = (key: string, runs: number) => ({ url: key, runs, etag: `"${'e'.repeat(40)}-${runs}"` });
    // Half the rows exist before: the batch creates the others and updates these from their own values.
    await feeds.setMany(keys.filter((_, index) => index % 2 === 0).map((key) => ({ key, value: state(key, 5) })));
    const first = await feeds.updateMany(keys, (key, current) => state(key, (current?.runs ?? 0) + 1));
    expect(first.map((value) => value.runs)).toEqual(keys.map((_, index) => (index % 2 === 0 ? 6 : 1)));
    const second = await feeds.updateMany(keys, (key, current) => state(key, (current?.runs ?? 0) + 1));
    expect(second.map((value) => value.runs)).toEqual(keys.map((_, index) => (index % 2 === 0 ? 7 : 2)));
    expect(await feeds.getMany(keys)).toEqual(second);
  });
});

describe('SQLite updateMany across connections (as two processes)', () => {
  it('is a compare-and-set per key: batches and single updates from another connection all count, none applied twice', async () => {
    const file = freshFile();
    const first = (await openSqlite(file)).namespace<number>('feeds');
    const second = (await openSqlite(file)).namespace<number>('feeds');
    const keys = Array.from({ length: 30 }, (_, index) => `feed-${index}`);
    // Half the keys exist (compare-and-set against a value), half do not yet (insert only if still absent).
    await first.setMany(keys.slice(0, 15).map((key) => ({ key, value: 0 })));
    const rounds = 15;
    await Promise.all(
      Array.from({ length: rounds }, (_, round) => [
        first.updateMany(keys, (_key, current) => (current ?? 0) + 1),
        second.updateMany([...keys].reverse(), (_key, current) => (current ?? 0) + 1000),
        second.update(keys[round % keys.length] ?? 'feed-0', (current) => (current ?? 0) + 1_000_000),
      ]).flat(),
    );
    const values = await first.getMany(keys);
    const singles = (index: number) => Array.from({ length: rounds }, (_, round) => round % keys.length).filter((at) => at === index).length;
    expect(values).toEqual(keys.map((_, index) => rounds * 1001 + singles(index) * 1_000_000));
  }, 60_000);
});
