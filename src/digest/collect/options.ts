import { fetchOptionsFromConfig, type FeedFetchConfig } from './read-feed.ts';
import type { CollectOptions } from './types.ts';

/** The feed settings of the configuration that a run reads. */
export interface FeedCollectConfig extends FeedFetchConfig {
  readonly concurrency: number;
  readonly perHostConcurrency: number;
}

/** The collection options the configuration asks for: its fetch options, and how many feeds a run fetches at once. */
export function collectOptionsFromConfig(feeds: FeedCollectConfig): CollectOptions {
  return { ...fetchOptionsFromConfig(feeds), concurrency: feeds.concurrency, perHostConcurrency: feeds.perHostConcurrency };
}
