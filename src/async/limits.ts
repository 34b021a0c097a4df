import pLimit, { type LimitFunction } from 'p-limit';

/** How many jobs run at once, overall and per key (a feed's host). */
export interface JobLimits {
  readonly concurrency: number;
  readonly perKey: number;
}

/**
 * Runs `run` on every item, at most `limits.concurrency` at once and `limits.perKey` at once per `keyOf(item)`,
 * and resolves with the results in the order of `items`. Every job runs even if one rejects; then the first
 * rejection is thrown. A job takes its key's slot before an overall one, so jobs waiting on a busy host never hold
 * the slots other hosts could use.
 */
export async function mapWithLimits<T, R>(
  items: readonly T[],
  limits: JobLimits,
  keyOf: (item: T) => string,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const overall = pLimit(Math.max(1, Math.floor(limits.concurrency)));
  const keyLimit = Math.max(1, Math.floor(limits.perKey));
  const byKey = new Map<string, LimitFunction>();
  const limitOf = (key: string) => {
    let limit = byKey.get(key);
    if (limit === undefined) byKey.set(key, (limit = pLimit(keyLimit)));
    return limit;
  };
  const settled = await Promise.allSettled(items.map((item) => limitOf(keyOf(item))(() => overall(() => run(item)))));
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<R>).value);
}

/** The host of a URL in lower case, or the URL itself when it does not parse (its own key). */
export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
