import { randomUUID } from 'node:crypto';
import { hostOf, mapWithLimits } from '../../async/limits.ts';
import type { FeedState } from '../state.ts';
import { rememberReads } from './classify.ts';
import { claimFeeds, collectFeed, type FeedOutcome, type RunContext } from './collect-feed.ts';
import { createConnectionPool } from '../../feeds/fetch/connections.ts';
import { DEFAULT_FEED_CONCURRENCY, DEFAULT_HOST_CONCURRENCY } from '../../feeds/fetch/settings.ts';
import { warmParseWorkers } from '../../feeds/parse/parse.ts';
import { renewClaims, type ClaimRenewal } from './claim-renewal.ts';
import { DEFAULT_CLAIM_TTL_MS, fetchRecorded } from './feed-claim.ts';
import { feedKeyOf, newFeedState } from './feed-state.ts';
import { summarizeCollect, type CollectReport } from './report.ts';
import type { CollectDeps, CollectOptions, FeedCollector, TrackedFeed } from './types.ts';

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
 * are saved, so a crash in between repeats work instead of losing items. Each fetched feed is claimed for the run
 * (a short lease, renewed while it goes on), so a crashed run holds its feeds back one claim TTL at most. Rejects
 * only when the store fails.
 */
export async function collectFeeds(
  deps: CollectDeps,
  feeds: readonly TrackedFeed[],
  options: CollectOptions,
): Promise<CollectReport> {
  // Feeds of one host share their connections for the run; none stays open after it.
  const connections = createConnectionPool();
  const clock = () => deps.now?.() ?? new Date();
  const ctx: RunContext = { deps, options: { ...options, connections }, now: clock(), runId: randomUUID() };
  const limits = { concurrency: options.concurrency ?? DEFAULT_FEED_CONCURRENCY, perKey: options.perHostConcurrency ?? DEFAULT_HOST_CONCURRENCY };
  const unique = uniqueFeeds(feeds);
  let renewal: ClaimRenewal | undefined;
  try {
    const claims = await claimFeeds(ctx, unique);
    // A claim lives until the outcome is recorded below, after the items are pooled: until then they are this run's.
    const claimed = [...claims].filter(([, claim]) => claim.skip === undefined);
    renewal = renewClaims(deps.store, claimed.map(([key]) => key), ctx.runId, options.claimTtlMs ?? DEFAULT_CLAIM_TTL_MS, clock, deps.log);
    void warmParseWorkers(claimed.filter(([, claim]) => sendsABody(claim.state)).length);
    const outcomes = await mapWithLimits(unique, limits, (feed) => hostOf(feed.url), (feed) => {
      const key = feedKeyOf(feed.url);
      return collectFeed(ctx, feed, claims.get(key) ?? { state: newFeedState(feed.url) });
    });
    connections.close();
    return await recordOutcomes(ctx, outcomes);
  } finally {
    connections.close();
    await renewal?.stop();
  }
}

/**
 * Whether the feed's next fetch surely brings a document to parse: it has no validators (ETag, Last-Modified) for a
 * conditional request. Parse workers are started for those as the run begins; a run of feeds that may answer 304
 * starts none until a body arrives.
 */
function sendsABody(state: FeedState): boolean {
  return state.etag === undefined && state.lastModified === undefined;
}

/** Pools the run's items, then writes every fetched feed's outcome, its fetch time, and releases its claim. */
async function recordOutcomes(ctx: RunContext, outcomes: readonly FeedOutcome[]): Promise<CollectReport> {
  const { deps } = ctx;
  const candidates = outcomes.flatMap((outcome) => outcome.candidates);
  const added = await rememberReads(deps.store, candidates, outcomes.flatMap((outcome) => outcome.seen), ctx.now);
  // Every feed's new state in one read and one write (a compare-and-set per feed), not two statements per feed.
  const learnt = outcomes.filter((outcome) => outcome.nextState !== undefined);
  const byKey = new Map(learnt.map((outcome) => [outcome.key, outcome]));
  await deps.store.namespace<FeedState>('feeds').updateMany([...byKey.keys()], (key, current) => {
    const outcome = byKey.get(key);
    if (outcome?.nextState === undefined) throw new Error(`no state for ${key}`);
    return fetchRecorded(outcome.nextState(current ?? newFeedState(outcome.url)), ctx.runId, ctx.now);
  });

  const reports = outcomes.map((outcome) => outcome.report);
  deps.log?.info('feeds collected', {
    feeds: reports.length,
    failed: reports.filter((report) => report.status === 'failed').length,
    skipped: reports.filter((report) => report.status === 'skipped').length,
    added: added.length,
  });
  return { at: ctx.now.toISOString(), feeds: reports, added };
}

/** Collections in this thread, on `deps.store`: the service's default, where no collection thread is given. */
export function inProcessCollector(deps: CollectDeps): FeedCollector {
  return async (feeds, options) => summarizeCollect(await collectFeeds(deps, feeds, options));
}
