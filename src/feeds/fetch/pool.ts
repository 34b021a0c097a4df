import { toFetchError } from './errors.ts';
import { fetchFeed } from './fetch.ts';
import type { FetchOptions, FetchResult } from './types.ts';
import { hostOf, mapWithLimits } from '../../async/limits.ts';

/** Options of `fetchAll`: how many fetches at once, overall and per host, plus the options of each fetch. */
export interface FetchAllOptions extends FetchOptions {
  /** Fetches in flight at once. Default 4. */
  concurrency?: number;
  /** Fetches in flight at once to the same host name (of the URL as given). Default 1. */
  perHostConcurrency?: number;
}

/**
 * Fetches every URL, a few at a time and politely (at most `perHostConcurrency` per host), and returns the results
 * in the order of `urls`. Each fetch is independent: one failing never affects the others.
 */
export function fetchAll(urls: readonly string[], options: FetchAllOptions = {}): Promise<FetchResult[]> {
  const { concurrency = 4, perHostConcurrency = 1, ...fetchOptions } = options;
  return mapWithLimits(urls, { concurrency, perKey: perHostConcurrency }, hostOf, (url) =>
    fetchFeed(url, fetchOptions).catch((error: unknown): FetchResult => ({ ok: false, error: toFetchError(error) })),
  );
}
