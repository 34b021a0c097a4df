import type { KnowledgeBase } from '../../kb/types.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import type { FeedFetchOptions } from './read-feed.ts';
import type { CollectSummary } from './report.ts';

/** Skip a feed fetched less than this long ago: servers whose digests fire together share one fetch. */
export const DEFAULT_MIN_REFETCH_MS = 10 * 60 * 1000;

/** A feed to collect: where it is and what to call it in digests (UNTRUSTED when a server added it). */
export interface TrackedFeed {
  readonly url: string;
  readonly label: string;
}

/** What the collection needs around it. */
export interface CollectDeps {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  /** The run's clock (first-seen times, Retry-After, refetch spacing). Default: the system clock. */
  readonly now?: () => Date;
  readonly log?: Logger;
}

/** How to collect: the fetcher's limits and policy, relevance, refetch spacing, seeding. */
export interface CollectOptions extends FeedFetchOptions {
  /** Feeds fetched at once. Default DEFAULT_FEED_CONCURRENCY. */
  readonly concurrency?: number;
  /** Feeds fetched at once from one host. Default DEFAULT_HOST_CONCURRENCY. */
  readonly perHostConcurrency?: number;
  /** Score from which an item is pooled. Default DEFAULT_RELEVANCE_THRESHOLD. */
  readonly relevanceThreshold?: number;
  /** Default DEFAULT_MIN_REFETCH_MS; 0 always fetches (unless Retry-After says otherwise). */
  readonly minRefetchMs?: number;
  /**
   * How long a run's claim on the feeds it fetches lasts unless renewed (it renews every third of it while it
   * goes on). Default DEFAULT_CLAIM_TTL_MS: a crashed run's feeds wait at most this long for the next run.
   */
  readonly claimTtlMs?: number;
  /**
   * Default true: a feed's first successful fetch only records what is there, so a new feed does not flood the
   * digest with old news. False (dry runs) treats every item as new.
   */
  readonly seed?: boolean;
}

/** Runs one collection of `feeds`: in this thread (collectFeeds) or in a thread of its own (createThreadCollector). */
export type FeedCollector = (feeds: readonly TrackedFeed[], options: CollectOptions) => Promise<CollectSummary>;
