import { normalizeUrl } from '../../feeds/identify/url.ts';
import type { Feed } from '../../kb/schema/feed.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { GuildSettings } from '../state.ts';
import type { TrackedFeed } from './types.ts';

type FeedChoice = Pick<GuildSettings, 'feeds' | 'mutedFeeds'>;

/**
 * What the server's digest fetches and shows: the default feeds it has not muted, then its own, each URL once (by its
 * normalised form). A muted default feed is neither fetched for the server nor shown in its digest.
 */
export function trackedFeeds(kb: KnowledgeBase, settings: FeedChoice): TrackedFeed[] {
  const muted = new Set(settings.mutedFeeds ?? []);
  return uniqueByUrl([...kb.feeds.filter((feed) => !muted.has(feed.id)), ...settings.feeds]);
}

/** Every feed the server has: the default feeds, muted or not, then its own, each URL once. */
export function knownFeeds(kb: KnowledgeBase, settings: FeedChoice): TrackedFeed[] {
  return uniqueByUrl([...kb.feeds, ...settings.feeds]);
}

/** The default feeds the server muted, in the knowledge base's order (ids no longer in it are left out). */
export function mutedDefaults(kb: KnowledgeBase, settings: FeedChoice): Feed[] {
  const muted = new Set(settings.mutedFeeds ?? []);
  return kb.feeds.filter((feed) => muted.has(feed.id));
}

function uniqueByUrl(feeds: readonly TrackedFeed[]): TrackedFeed[] {
  const byUrl = new Map<string, TrackedFeed>();
  for (const feed of feeds) {
    const key = normalizeUrl(feed.url);
    if (!byUrl.has(key)) byUrl.set(key, { url: feed.url, label: feed.label });
  }
  return [...byUrl.values()];
}
