import { normalizeUrl } from '../feeds/identify/url.ts';
import type { GuildSettings } from './state.ts';
import type { DigestItem } from './types.ts';

/**
 * Whether an item is news for the server with regard to when it added the item's feed: a feed the server added
 * brings only items first seen at or after the add (another server may have pooled older ones from the same feed).
 * Items of the default feeds are always eligible here; the server's `since` applies to all items elsewhere.
 */
export function seenSinceFeedAdded(settings: Pick<GuildSettings, 'feeds'>): (item: Pick<DigestItem, 'feedUrl' | 'firstSeenAt'>) => boolean {
  const addedAt = new Map(settings.feeds.map((feed) => [normalizeUrl(feed.url), Date.parse(feed.addedAt)]));
  if (addedAt.size === 0) return () => true;
  return (item) => {
    const added = addedAt.get(normalizeUrl(item.feedUrl));
    return added === undefined || Number.isNaN(added) || Date.parse(item.firstSeenAt) >= added;
  };
}
