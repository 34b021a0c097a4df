import type { FeedState } from '../state.ts';
import type { DigestItem } from '../types.ts';
import { classifyItems, type SeenMark } from './classify.ts';
import { DEFAULT_CLAIM_TTL_MS, withClaim } from './feed-claim.ts';
import { feedKeyOf, newFeedState, recordFailure, recordSuccess, skipReason, type FeedSkip } from './feed-state.ts';
import { readTaggedFeed, successOf } from './read-feed.ts';
import { DEFAULT_RELEVANCE_THRESHOLD } from '../../feeds/tag/relevance.ts';
import { vocabularyOf } from '../../feeds/tag/kb-matchers.ts';
import type { FeedReport } from './report.ts';
import { DEFAULT_MIN_REFETCH_MS, type CollectDeps, type CollectOptions, type TrackedFeed } from './types.ts';

/** What every feed of one collection run shares. */
export interface RunContext {
  readonly deps: CollectDeps;
  readonly options: CollectOptions;
  readonly now: Date;
  /** This run's id, on the claims it holds. */
  readonly runId: string;
}

/** One feed's outcome, written to the store once every feed is done. */
export interface FeedOutcome {
  readonly report: FeedReport;
  readonly key: string;
  readonly url: string;
  readonly nextState?: (state: FeedState) => FeedState;
  readonly seen: SeenMark[];
  readonly candidates: DigestItem[];
}

const emptyCounts = { items: 0, newItems: 0, kept: 0, seeded: false } as const;

/** What a run decided for a feed when it claimed it: its state then, and why it is skipped if it is. */
export interface FeedClaim {
  readonly state: FeedState;
  readonly skip?: FeedSkip;
}

/**
 * Reads the state of every feed (each once, by key) and claims for this run each that must not be skipped: one
 * compare-and-set per feed, all in one read and one write. A run starting meanwhile skips the feeds claimed here
 * ("being fetched") until the claim is released with the outcome or, if this run dies, expires.
 */
export async function claimFeeds(ctx: RunContext, feeds: readonly TrackedFeed[]): Promise<Map<string, FeedClaim>> {
  const minRefetchMs = ctx.options.minRefetchMs ?? DEFAULT_MIN_REFETCH_MS;
  const ttlMs = ctx.options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS;
  const byKey = new Map(feeds.map((feed) => [feedKeyOf(feed.url), feed]));
  const claims = new Map<string, FeedClaim>();
  // `next` may run more than once for a key (another process wrote first): each call decides afresh.
  await ctx.deps.store.namespace<FeedState>('feeds').updateMany([...byKey.keys()], (key, current) => {
    const state = current ?? newFeedState(byKey.get(key)?.url ?? key);
    const skip = skipReason(state, ctx.now, minRefetchMs, ctx.runId);
    claims.set(key, skip ? { state, skip } : { state });
    return skip ? state : withClaim(state, ctx.runId, ctx.now, ttlMs);
  });
  return claims;
}

/** Reads and classifies one claimed feed; what it learnt is written by the caller once every feed is done. */
export async function collectFeed(ctx: RunContext, feed: TrackedFeed, claim: FeedClaim): Promise<FeedOutcome> {
  const key = feedKeyOf(feed.url);
  const base = { url: feed.url, label: feed.label };
  const { state, skip } = claim;
  if (skip) return { key, url: feed.url, report: { ...base, status: 'skipped', skip, ...emptyCounts }, seen: [], candidates: [] };

  const conditional = {
    ...(state.etag === undefined ? {} : { etag: state.etag }),
    ...(state.lastModified === undefined ? {} : { lastModified: state.lastModified }),
  };
  const tag = { vocabulary: vocabularyOf(ctx.deps.kb), threshold: ctx.options.relevanceThreshold ?? DEFAULT_RELEVANCE_THRESHOLD };
  const read = await readTaggedFeed(feed.url, ctx.options, tag, conditional);
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
