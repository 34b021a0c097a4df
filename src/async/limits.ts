/** How many jobs run at once, overall and per key (a feed's host). */
export interface JobLimits {
  readonly concurrency: number;
  readonly perKey: number;
}

/**
 * Runs `run` on every item, at most `limits.concurrency` at once and `limits.perKey` at once per `keyOf(item)`,
 * and resolves with the results in the order of `items`. Every job runs even if one rejects; then the first
 * rejection is thrown.
 */
export function mapWithLimits<T, R>(
  items: readonly T[],
  limits: JobLimits,
  keyOf: (item: T) => string,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const limit = Math.max(1, Math.floor(limits.concurrency));
  const keyLimit = Math.max(1, Math.floor(limits.perKey));
  const waiting = items.map((item, index) => ({ item, index, key: keyOf(item) }));
  const results = new Array<R>(items.length);
  const activeByKey = new Map<string, number>();
  const failures: unknown[] = [];
  let active = 0;
  let finished = 0;

  return new Promise((resolve, reject) => {
    const settleAll = () => (failures.length > 0 ? reject(failures[0]) : resolve(results));
    const startNext = () => {
      for (let position = 0; position < waiting.length && active < limit; ) {
        const job = waiting[position];
        if (job === undefined || (activeByKey.get(job.key) ?? 0) >= keyLimit) {
          position += 1;
          continue;
        }
        waiting.splice(position, 1);
        active += 1;
        activeByKey.set(job.key, (activeByKey.get(job.key) ?? 0) + 1);
        const done = () => {
          active -= 1;
          activeByKey.set(job.key, (activeByKey.get(job.key) ?? 1) - 1);
          finished += 1;
          if (finished === items.length) settleAll();
          else startNext();
        };
        run(job.item).then(
          (result) => {
            results[job.index] = result;
            done();
          },
          (error: unknown) => {
            failures.push(error);
            done();
          },
        );
      }
    };
    if (items.length === 0) resolve([]);
    else startNext();
  });
}

/** The host of a URL in lower case, or the URL itself when it does not parse (its own key). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
