import { toFetchError } from './fetch-errors.ts';
import { fetchFeed } from './fetch.ts';
import type { FetchOptions, FetchResult } from './fetch-types.ts';

/** Options of `fetchAll`: how many fetches at once, overall and per host, plus the options of each fetch. */
export interface FetchAllOptions extends FetchOptions {
  /** Fetches in flight at once. Default 4. */
  concurrency?: number;
  /** Fetches in flight at once to the same host name (of the URL as given). Default 1. */
  perHostConcurrency?: number;
}

function hostKey(url: string, index: number): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return `\0invalid-${index}`;
  }
}

/**
 * Fetches every URL, a few at a time and politely (at most `perHostConcurrency` per host), and returns the results
 * in the order of `urls`. Each fetch is independent: one failing never affects the others.
 */
export function fetchAll(urls: readonly string[], options: FetchAllOptions = {}): Promise<FetchResult[]> {
  const { concurrency = 4, perHostConcurrency = 1, ...fetchOptions } = options;
  const limit = Math.max(1, Math.floor(concurrency));
  const hostLimit = Math.max(1, Math.floor(perHostConcurrency));
  const results = new Array<FetchResult | undefined>(urls.length);
  const waiting = urls.map((url, index) => ({ url, index, host: hostKey(url, index) }));
  const activeByHost = new Map<string, number>();
  let active = 0;
  let finished = 0;

  return new Promise((resolve) => {
    const startNext = () => {
      for (let position = 0; position < waiting.length && active < limit; ) {
        const job = waiting[position];
        if (job === undefined || (activeByHost.get(job.host) ?? 0) >= hostLimit) {
          position += 1;
          continue;
        }
        waiting.splice(position, 1);
        active += 1;
        activeByHost.set(job.host, (activeByHost.get(job.host) ?? 0) + 1);
        const record = (result: FetchResult) => {
          results[job.index] = result;
          active -= 1;
          activeByHost.set(job.host, (activeByHost.get(job.host) ?? 1) - 1);
          finished += 1;
          if (finished === urls.length) resolve(results as FetchResult[]);
          else startNext();
        };
        fetchFeed(job.url, fetchOptions).then(record, (error: unknown) => record({ ok: false, error: toFetchError(error) }));
      }
    };
    if (urls.length === 0) resolve([]);
    else startNext();
  });
}
