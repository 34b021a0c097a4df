import type { LocalizedText } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import { readFeed, successOf, type FeedFetchOptions, type FeedTruncation } from './read-feed.ts';
import { classifyItems, rememberReads, type SeenMark } from './classify.ts';
import { hostOf, mapWithLimits } from '../../async/limits.ts';
import {
  feedKeyOf, markFetching, newFeedState, recordFailure, recordSuccess, skipReason, type FeedSkip,
} from './feed-state.ts';
import type { FeedState } from '../state.ts';
import type { DigestItem } from '../types.ts';

export { readFeedStates } from './feed-state.ts';
export { feedTest, type FeedTestItem, type FeedTestResult } from './feed-test.ts';
export type { FeedFetchOptions, FeedTruncation } from './read-feed.ts';

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
  /** Feeds fetched at once. Default 4. */
  readonly concurrency?: number;
  /** Feeds fetched at once from one host. Default 1. */
  readonly perHostConcurrency?: number;
  /** Score from which an item is pooled. Default DEFAULT_RELEVANCE_THRESHOLD. */
  readonly relevanceThreshold?: number;
  /** Default DEFAULT_MIN_REFETCH_MS; 0 always fetches (unless Retry-After says otherwise). */
  readonly minRefetchMs?: number;
  /**
   * Default true: a feed's first successful fetch only records what is there, so a new feed does not flood the
   * digest with old news. False (dry runs) treats every item as new.
   */
  readonly seed?: boolean;
}

export type FeedStatus = 'ok' | 'not-modified' | 'skipped' | 'failed';

/** What one run did with one feed. */
export interface FeedReport {
  readonly url: string;
  readonly label: string;
  readonly status: FeedStatus;
  readonly httpStatus?: number;
  /** Why the feed failed ('failed'). */
  readonly error?: { code: string; message: LocalizedText };
  /** Why the feed was not fetched ('skipped'). */
  readonly skip?: FeedSkip;
  /** Items the feed holds (0 unless fetched and parsed). */
  readonly items: number;
  /** Items not seen before. */
  readonly newItems: number;
  /** New items relevant enough for the pool (before removing stories already pooled). */
  readonly kept: number;
  /** This fetch was the feed's first: its items were recorded as seen and none was pooled. */
  readonly seeded: boolean;
  /** Only the start of the feed was read (byte cap or item cap): `items` are its first, newest ones. */
  readonly truncated?: FeedTruncation;
}

/** What one collection run did: each feed, and the items it added to the pool (newest first). */
export interface CollectReport {
  readonly at: string;
  readonly feeds: FeedReport[];
  readonly added: DigestItem[];
}

interface RunContext {
  readonly deps: CollectDeps;
  readonly options: CollectOptions;
  readonly now: Date;
}

/** One feed's outcome, written to the store once every feed is done. */
interface FeedOutcome {
  readonly report: FeedReport;
  readonly key: string;
  readonly url: string;
  readonly nextState?: (state: FeedState) => FeedState;
  readonly seen: SeenMark[];
  readonly candidates: DigestItem[];
}

const emptyCounts = { items: 0, newItems: 0, kept: 0, seeded: false } as const;

/** Reads the feed's state and, unless it must be skipped, records that this run fetches it (one update). */
async function claimFeed(ctx: RunContext, feed: TrackedFeed, key: string): Promise<{ state: FeedState; skip?: FeedSkip }> {
  const minRefetchMs = ctx.options.minRefetchMs ?? DEFAULT_MIN_REFETCH_MS;
  // The update may run more than once (another process wrote first): each run decides afresh.
  let decision: { state: FeedState; skip?: FeedSkip } | undefined;
  await ctx.deps.store.namespace<FeedState>('feeds').update(key, (current) => {
    const state = current ?? newFeedState(feed.url);
    const skip = skipReason(state, ctx.now, minRefetchMs);
    decision = skip ? { state, skip } : { state };
    return skip ? state : markFetching(state, ctx.now);
  });
  return decision ?? { state: newFeedState(feed.url) };
}

async function collectFeed(ctx: RunContext, feed: TrackedFeed): Promise<FeedOutcome> {
  const key = feedKeyOf(feed.url);
  const base = { url: feed.url, label: feed.label };
  const { state, skip } = await claimFeed(ctx, feed, key);
  if (skip) return { key, url: feed.url, report: { ...base, status: 'skipped', skip, ...emptyCounts }, seen: [], candidates: [] };

  const conditional = {
    ...(state.etag === undefined ? {} : { etag: state.etag }),
    ...(state.lastModified === undefined ? {} : { lastModified: state.lastModified }),
  };
  const read = await readFeed(feed.url, ctx.options, conditional);
  if (read.kind === 'failed') {
    const { failure } = read;
    ctx.deps.log?.warn('feed failed', { url: feed.url, code: failure.code, reason: failure.message.en });
    return {
      key,
      url: feed.url,
      report: {
        ...base,
        status: 'failed',
        ...(failure.status === undefined ? {} : { httpStatus: failure.status }),
        error: { code: failure.code, message: failure.message },
        ...emptyCounts,
      },
      nextState: (current) => recordFailure(current, failure, ctx.now),
      seen: [],
      candidates: [],
    };
  }
  if (read.kind === 'not-modified') {
    const success = successOf(read, false);
    return {
      key,
      url: feed.url,
      report: { ...base, status: 'not-modified', httpStatus: 304, ...emptyCounts },
      nextState: (current) => recordSuccess(current, success, ctx.now),
      seen: [],
      candidates: [],
    };
  }
  // The first read seeds, even an empty one: the feed's first real items are news. A glitch that lists the whole
  // archive later is held back by the archive guard (classifyItems) and the digest's flood caps.
  const seeding = (ctx.options.seed ?? true) && !state.seeded;
  const { fresh, seen, candidates } = await classifyItems({
    kb: ctx.deps.kb, store: ctx.deps.store, now: ctx.now, feedKey: key, label: feed.label, items: read.items,
    seeding, firstReadAt: state.firstReadAt, relevanceThreshold: ctx.options.relevanceThreshold,
  });
  const seeded = seeding;
  const success = successOf(read, true);
  return {
    key,
    url: feed.url,
    report: {
      ...base, status: 'ok', httpStatus: 200, items: read.items.length, newItems: fresh.length, kept: candidates.length, seeded,
      ...(read.truncated === undefined ? {} : { truncated: read.truncated }),
    },
    nextState: (current) => recordSuccess(current, success, ctx.now),
    seen,
    candidates,
  };
}

/** Each feed once (by normalised URL), first label kept. */
function uniqueFeeds(feeds: readonly TrackedFeed[]): TrackedFeed[] {
  const keys = new Set<string>();
  return feeds.filter((feed) => {
    const key = feedKeyOf(feed.url);
    return !keys.has(key) && keys.add(key);
  });
}

/**
 * Collects the tracked feeds into the pool: fetch (conditional GET, Retry-After and refetch spacing honoured, a few
 * at a time and politely per host), parse, identify, tag, dedupe, remember. A failing feed is recorded on its state
 * and never affects the others. Items go to the pool before they are marked seen and before the feed's validators
 * are saved, so a crash in between repeats work instead of losing items. Rejects only when the store fails.
 */
export async function collectFeeds(
  deps: CollectDeps,
  feeds: readonly TrackedFeed[],
  options: CollectOptions,
): Promise<CollectReport> {
  const ctx: RunContext = { deps, options, now: deps.now?.() ?? new Date() };
  const limits = { concurrency: options.concurrency ?? 4, perKey: options.perHostConcurrency ?? 1 };
  const outcomes = await mapWithLimits(uniqueFeeds(feeds), limits, (feed) => hostOf(feed.url), (feed) => collectFeed(ctx, feed));

  const candidates = outcomes.flatMap((outcome) => outcome.candidates);
  const added = await rememberReads(deps.store, candidates, outcomes.flatMap((outcome) => outcome.seen), ctx.now);
  const feedStates = deps.store.namespace<FeedState>('feeds');
  await Promise.all(
    outcomes.map(({ key, url, nextState }) =>
      nextState === undefined ? undefined : feedStates.update(key, (current) => nextState(current ?? newFeedState(url))),
    ),
  );

  const reports = outcomes.map((outcome) => outcome.report);
  deps.log?.info('feeds collected', {
    feeds: reports.length,
    failed: reports.filter((report) => report.status === 'failed').length,
    skipped: reports.filter((report) => report.status === 'skipped').length,
    added: added.length,
  });
  return { at: ctx.now.toISOString(), feeds: reports, added };
}
