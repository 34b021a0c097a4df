import { createHash } from 'node:crypto';
import type { FeedItem } from '../item.ts';
import { normalizeUrl } from './url.ts';

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** What an item's identity is made of. */
export type ItemIdentity = Pick<FeedItem, 'feedUrl' | 'title'> & Partial<Pick<FeedItem, 'link' | 'guid' | 'published'>>;

/**
 * A stable id (16 URL-safe characters): from the item's normalised link, else its guid (within its
 * feed: guids like "1" are only unique there), else its feed, title and date. The same item fetched
 * again, even from a feed without guids, gets the same id.
 */
export function itemId(item: ItemIdentity): string {
  if (item.link !== undefined && item.link !== '') return shortHash(`link\n${normalizeUrl(item.link)}`);
  if (item.guid !== undefined && item.guid !== '') return shortHash(`guid\n${item.feedUrl}\n${item.guid}`);
  return shortHash(`title\n${item.feedUrl}\n${item.title}\n${item.published ?? ''}`);
}
