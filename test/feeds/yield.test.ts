import { describe, expect, it } from 'vitest';
import { DEFAULT_SLICE_MS, mapInSlices } from '../../src/async/slices.ts';

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('mapInSlices', () => {
  it('keeps results in order and lets a timer run while a long loop is under way', async () => {
    let timerFiredAt = -1;
    let done = 0;
    setTimeout(() => {
      timerFiredAt = done;
    }, 0);
    const results = await mapInSlices(Array.from({ length: 40 }, (_, n) => n), (n) => {
      busyFor(2);
      done++;
      return n * 2;
    });
    expect(results).toEqual(Array.from({ length: 40 }, (_, n) => n * 2));
    expect(timerFiredAt).toBeGreaterThan(0);
    expect(timerFiredAt).toBeLessThan(40);
  });

  it('shares the time budget between loops running side by side', async () => {
    // Counted in work, not in milliseconds, so a loaded machine cannot fail it: between two ticks of a 1 ms
    // timer, at most one slice runs (about DEFAULT_SLICE_MS items of 1 ms, whoever's they are). Unshared, the
    // eight loops' slices would resume together and run ~8 × 8 items between two ticks.
    let done = 0;
    let atLastTick = 0;
    const between: number[] = [];
    const ticker = setInterval(() => {
      between.push(done - atLastTick);
      atLastTick = done;
    }, 1);
    const loop = () => mapInSlices(Array.from({ length: 15 }, (_, n) => n), () => {
      busyFor(1);
      done++;
    });
    await Promise.all(Array.from({ length: 8 }, loop));
    clearInterval(ticker);
    expect(done).toBe(120);
    expect(Math.max(...between, done - atLastTick)).toBeLessThanOrEqual(2 * DEFAULT_SLICE_MS + 2);
  });
});
