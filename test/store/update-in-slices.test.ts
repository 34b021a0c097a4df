import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, openStore, type Store } from '../../src/store/index.ts';
import { encodeRow, encodeRowInSlices } from '../../src/store/rows.ts';
import { countTurns } from '../support/event-loop.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { useScratch } from '../support/scratch.ts';

/** updateInSlices: `update` whose `next` may be async and whose large array is read and written in slices. */

const scratch = useScratch('dw-store-slices-');
let fileCount = 0;
let redis: RedisServer | undefined;
const opened: Store[] = [];

beforeAll(async () => {
  if (hasRedis) redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await redis?.close();
});

async function track(store: Promise<Store> | Store): Promise<Store> {
  const ready = await store;
  opened.push(ready);
  return ready;
}

/** Generous timeouts: two handles wait for each other's lock on a loaded machine. */
const options = { busyTimeoutMs: 10_000, timeoutMs: 30_000 };
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Entry {
  readonly id: string;
  readonly text: string;
}

describe.each([
  { backend: 'sqlite', skip: false, url: () => `sqlite://${scratch.file(`slices-${++fileCount}.sqlite`)}` },
  { backend: 'redis', skip: !hasRedis, url: () => redis?.url ?? '' },
])('$backend store: updateInSlices', ({ skip, url }) => {
  it.skipIf(skip)('loses no write when two handles append with an async next that yields, and agrees with get', async () => {
    const target = url();
    const key = `list-${fileCount}-${Date.now()}`;
    const handles = [(await track(openStore(target, options))).namespace<Entry[]>('history'), (await track(openStore(target, options))).namespace<Entry[]>('history')];
    const appends = Array.from({ length: 60 }, (_, n) =>
      handles[n % 2]!.updateInSlices(key, async (current) => {
        // Yields between reading and writing, so the other handle writes meanwhile: only compare-and-set keeps both.
        await nextTick();
        await nextTick();
        return [...(current ?? []), { id: `e${n}`, text: `entry "${n}" \\ é 😀` }];
      }),
    );
    await Promise.all(appends);
    const stored = (await handles[0]!.get(key)) ?? [];
    expect(stored.map((entry) => entry.id).sort()).toEqual(Array.from({ length: 60 }, (_, n) => `e${n}`).sort());
    expect(await handles[1]!.getInSlices(key)).toEqual(stored);
  });

  it.skipIf(skip)('writes nothing and rejects with what next threw or rejected with', async () => {
    const history = (await track(openStore(url(), options))).namespace<Entry[]>('history');
    await history.set('kept', [{ id: 'a', text: 'one' }]);
    await expect(history.updateInSlices('kept', async () => Promise.reject(new Error('async refusal')))).rejects.toThrow('async refusal');
    await expect(
      history.updateInSlices('kept', () => {
        throw new Error('sync refusal');
      }),
    ).rejects.toThrow('sync refusal');
    expect(await history.get('kept')).toEqual([{ id: 'a', text: 'one' }]);
  });
});

describe('updateInSlices in slices', () => {
  it('lets the event loop turn while a large array is merged and encoded, without a database to wait for', async () => {
    // The memory store resolves without I/O: any turn comes from the update yielding.
    const history = createMemoryStore().namespace<Entry[]>('history');
    const large = Array.from({ length: 3_000 }, (_, n) => ({ id: `item-${n}`, text: 'x'.repeat(200) }));
    await history.set('large', large);
    const turns = countTurns();
    const written = await history.updateInSlices('large', (current) => [...(current ?? []), { id: 'new', text: 'y' }]);
    expect(turns()).toBeGreaterThanOrEqual(3_000 / 200);
    expect(written).toHaveLength(3_001);
    expect(await history.get('large')).toEqual([...large, { id: 'new', text: 'y' }]);
  });

  it('reads, updates and writes a large SQLite array exactly as update would', async () => {
    const store = await track(openStore(`sqlite://${scratch.file(`slices-${++fileCount}.sqlite`)}`, options));
    const history = store.namespace<Entry[]>('history');
    const large = Array.from({ length: 2_000 }, (_, n) => ({ id: `item-${n}`, text: `"quoted" \\ \u2028 ${n}` }));
    await history.set('large', large, 60_000);
    await history.updateInSlices('large', async (current) => (current ?? []).filter((entry) => !entry.id.endsWith('7')), 60_000);
    expect(await history.get('large')).toEqual(large.filter((entry) => !entry.id.endsWith('7')));
  });

  it('encodes a row exactly as encodeRow does: arrays with holes and undefined elements, other values, a TTL or none', async () => {
    const values: unknown[] = [
      [{ a: 1, b: undefined, c: [1, undefined] }, undefined, null, 'text', 1.5e21, { nested: { deep: ['é', '😀'] } }],
      [],
      { not: 'an array' },
      'plain',
      null,
    ];
    for (const value of values) {
      for (const ttlMs of [undefined, 60_000]) {
        const before = Date.now();
        const sliced = await encodeRowInSlices(value, ttlMs);
        const whole = encodeRow(value, ttlMs);
        // The two expiries are taken a few milliseconds apart: compare them apart from the rest.
        const parse = (raw: string) => JSON.parse(raw) as { value: unknown; expires?: number };
        expect({ ...parse(sliced), expires: undefined }).toEqual({ ...parse(whole), expires: undefined });
        if (ttlMs === undefined) expect(sliced).toBe(whole);
        else expect(parse(sliced).expires).toBeGreaterThanOrEqual(before + ttlMs);
        expect(sliced.replace(/"expires":\d+/, '')).toBe(whole.replace(/"expires":\d+/, ''));
      }
    }
  });
});
