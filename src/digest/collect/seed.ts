import type { CollectDeps, TrackedFeed } from './types.ts';
import { classifyItems, rememberReads } from './classify.ts';
import { successOf, type FeedRead } from './read-feed.ts';
import { feedKeyOf, newFeedState, recordSuccess } from './feed-state.ts';
import type { FeedState } from '../state.ts';

/** A read that gave items. */
export type ParsedRead = Extract<FeedRead, { kind: 'parsed' }>;

/**
 * Records a feed a server is adding, from the read the admin was just shown, so that the next digest posts exactly
 * what appears after the add:
 * - a feed nobody has read yet is seeded: its items are recorded as seen and none is pooled, even when it is empty;
 * - a feed already read (another server tracks it) has this read taken in like a collection's, so its new items
 *   still reach the servers that track it; the adding server gets only items first seen after its add
 *   (see `sinceByFeed`).
 * Either way the HTTP validators are kept, and `lastFetchAt` is not touched: this read is not a collection, so the
 * next digest, even a minute later, fetches the feed again (conditionally). Resolves with whether it seeded.
 */
export async function seedFromRead(deps: CollectDeps, feed: TrackedFeed, read: ParsedRead, relevanceThreshold?: number): Promise<{ seeded: boolean }> {
  const { store, kb } = deps;
  const now = deps.now?.() ?? new Date();
  const key = feedKeyOf(feed.url);
  const feeds = store.namespace<FeedState>('feeds');
  const state = (await feeds.get(key)) ?? newFeedState(feed.url);
  const seeding = !state.seeded;
  const { seen, candidates } = await classifyItems({
    kb, store, now, feedKey: key, label: feed.label, items: read.items, seeding, firstReadAt: state.firstReadAt, relevanceThreshold,
  });
  await rememberReads(store, candidates, seen, now);
  const success = successOf(read, true);
  await feeds.update(key, (current) => recordSuccess(current ?? newFeedState(feed.url), success, now));
  return { seeded: seeding };
}
