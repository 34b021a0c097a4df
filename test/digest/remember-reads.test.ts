import { describe, expect, it } from 'vitest';
import { rememberReads, SEEN_BATCH, type SeenMark } from '../../src/digest/collect/classify.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { countTurns } from '../support/event-loop.ts';

/** rememberReads writes a run's seen marks in small batches, prepared a slice at a time (issue 14). */

const NOW = new Date('2025-07-23T08:00:00Z');

describe('rememberReads', () => {
  it('writes every seen mark, letting the event loop turn between batches', async () => {
    const store = createMemoryStore();
    const marks: SeenMark[] = Array.from({ length: SEEN_BATCH * 6 + 7 }, (_, n) => ({ key: `feed:item-${n}`, firstSeenAt: NOW.toISOString() }));
    const turnsSoFar = countTurns();
    await rememberReads(store, [], marks, NOW);
    const turns = turnsSoFar();
    const stored = await store.namespace<string>('seen').getMany(marks.map((mark) => mark.key));
    expect(stored.every((value) => value === NOW.toISOString())).toBe(true);
    // The memory store answers in microtasks: every turn counted here is one the writes gave back.
    expect(turns).toBeGreaterThanOrEqual(6);
  });
});
