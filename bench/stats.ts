/** Order statistics of a set of samples (same unit as the samples). */
export interface Summary {
  /** How many samples: runs for whole-run measures, calls or interactions for latencies. */
  readonly n: number;
  readonly median: number;
  /** Equal to the median; named for latency readers. */
  readonly p50: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range, p75 − p25. */
  readonly iqr: number;
}

/** The `q`-quantile (0–1) of sorted samples, interpolated between neighbours. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[Math.min(sorted.length - 1, below + 1)] ?? low;
  return low + (high - low) * (position - below);
}

/** Median, p99, extremes and IQR of the samples; throws on an empty set (a measure that measured nothing). */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError('summarize: no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  return {
    n: sorted.length,
    median,
    p50: median,
    p99: quantile(sorted, 0.99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25),
  };
}

/** Milliseconds `run` takes, by the monotonic clock. */
export async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** Per-call latencies (ms) of `calls` calls of `run(i)`, each timed on its own. */
export function timeCalls(calls: number, run: (index: number) => unknown): number[] {
  const samples = new Array<number>(calls);
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    run(i);
    samples[i] = performance.now() - start;
  }
  return samples;
}
