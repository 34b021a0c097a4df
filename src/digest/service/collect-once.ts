import { feedKeyOf } from '../collect/feed-state.ts';
import type { CollectSummary } from '../collect/report.ts';
import type { CollectOptions, TrackedFeed } from '../collect/types.ts';
import type { ServiceContext } from './context.ts';

/** How often a run looks again at feeds another process is fetching. */
const WAIT_STEP_MS = 250;

/**
 * Collects `feeds` so that each is fetched by one process at a time: a feed is fetched under its lease, and a feed
 * another process is fetching is waited for, then collected here too, where the refetch spacing finds it fresh and
 * skips it (its items are in the shared pool). So with every process asking at once, a feed is fetched once per
 * collection window. A feed still held when the fetch time runs out is left out of this run.
 */
export async function collectOnce(ctx: Pick<ServiceContext, 'collect' | 'log' | 'leases' | 'config' | 'now'>, feeds: readonly TrackedFeed[], options: CollectOptions): Promise<CollectSummary> {
  const { now, log, leases } = ctx;
  const leaseMs = (options.deadlineMs ?? ctx.config.feeds.timeoutMs) * 3 + 5_000;
  const giveUpAt = Date.now() + leaseMs;
  const reports: CollectSummary[] = [];
  let waiting = [...feeds];
  while (waiting.length > 0) {
    const taken = await Promise.all(waiting.map(async (feed) => ({ feed, token: await leases.acquire(feedLeaseKey(feed), leaseMs) })));
    const mine = taken.filter((claim): claim is { feed: TrackedFeed; token: string } => claim.token !== undefined);
    waiting = taken.filter((claim) => claim.token === undefined).map((claim) => claim.feed);
    if (mine.length > 0) {
      try {
        reports.push(await ctx.collect(mine.map((claim) => claim.feed), options));
      } finally {
        await Promise.all(mine.map((claim) => leases.release(feedLeaseKey(claim.feed), claim.token).catch(() => undefined)));
      }
    }
    if (waiting.length === 0) break;
    if (Date.now() >= giveUpAt) {
      log.warn('feeds left out: another process held them too long', { feeds: waiting.map((feed) => feed.url) });
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
  return {
    at: reports[0]?.at ?? now().toISOString(),
    feeds: reports.flatMap((report) => report.feeds),
    added: reports.reduce((sum, report) => sum + report.added, 0),
  };
}

const feedLeaseKey = (feed: TrackedFeed): string => `feed-fetch:${feedKeyOf(feed.url)}`;
