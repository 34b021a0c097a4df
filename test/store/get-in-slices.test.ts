import { describe, expect, it, vi } from 'vitest';
import { createMemoryStore, openStore, type Store } from '../../src/store/index.ts';
import { useScratch } from '../support/scratch.ts';
import { countTurns } from '../support/event-loop.ts';

const scratch = useScratch('dw-slices-');
let files = 0;

async function sqliteStore(): Promise<Store> {
  const store = await openStore(`sqlite://${scratch.file(`state-${++files}.sqlite`)}`);
  scratch.defer(() => store.close());
  return store;
}

/** Objects that JSON text must carry exactly: escapes, astral and separator characters, numbers, nesting, nulls. */
const tricky = [
  { id: 'a', title: 'Quote " backslash \\ tab \t newline \n é 😀 \u2028 end', score: 1.5, tiny: -0.000001, big: 1e21, ok: true, none: null, list: [1, 'two', { three: 3 }] },
  { id: 'b', title: '', score: 0, nested: { deeper: { deepest: [] } } },
];

describe('getInSlices', () => {
  it('reads exactly what get reads, on SQLite and in memory: arrays of objects, other values, missing keys', async () => {
    for (const store of [await sqliteStore(), createMemoryStore()]) {
      const history = store.namespace<unknown>('history');
      const values: Record<string, unknown> = { objects: tricky, empty: [], mixed: [{ a: 1 }, 'text', 2, true, null], scalar: 'plain', object: { a: [1] } };
      for (const [key, value] of Object.entries(values)) await history.set(key, value);
      for (const key of [...Object.keys(values), 'missing']) expect(await history.getInSlices(key)).toEqual(await history.get(key));
      expect(await history.getInSlices('objects')).toEqual(tricky);
      expect(await history.getInSlices('missing')).toBeUndefined();
    }
  });

  it('treats an expired array as missing', async () => {
    const store = await sqliteStore();
    const history = store.namespace<unknown[]>('history');
    await history.set('soon', tricky, 60_000);
    expect(await history.getInSlices('soon')).toEqual(tricky);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 120_000);
      expect(await history.getInSlices('soon')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('parses a large SQLite array a slice at a time, letting the event loop turn between slices', async () => {
    const store = await sqliteStore();
    const history = store.namespace<unknown[]>('history');
    const large = Array.from({ length: 2_000 }, (_, n) => ({ ...tricky[0], id: `item-${n}` }));
    await history.set('large', large);

    const inSlices = countTurns();
    const read = await history.getInSlices('large');
    const turnsInSlices = inSlices();
    expect(read).toEqual(large);
    // At most 200 elements between two turns (createPacer's item limit), however fast the machine.
    expect(turnsInSlices).toBeGreaterThanOrEqual(2_000 / 200);
  });
});
