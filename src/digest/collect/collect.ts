import { hostOf, mapWithLimits } from '../../async/limits.ts';
import type { FeedState } from '../state.ts';
import { rememberReads } from './classify.ts';
import { collectFeed, type FeedOutcome, type RunContext } from './collect-feed.ts';
import { createConnectionPool } from '../../feeds/fetch/connections.ts';
import { feedKeyOf, newFeedState } from './feed-state.ts';
import type { CollectReport } from './report.ts';
import type { CollectDeps, CollectOptions, TrackedFeed } from './types.ts';

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
  // Feeds of one host share their connections for the run; none stays open after it.
  const connections = createConnectionPool();
  const ctx: RunContext = { deps, options: { ...options, connections }, now: deps.now?.() ?? new Date() };
  const limits = { concurrency: options.concurrency ?? 4, perKey: options.perHostConcurrency ?? 1 };
  let outcomes: FeedOutcome[];
  try {
    outcomes = await mapWithLimits(uniqueFeeds(feeds), limits, (feed) => hostOf(feed.url), (feed) => collectFeed(ctx, feed));
  } finally {
    connections.close();
  }

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
