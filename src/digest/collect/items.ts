import type { FeedItem } from '../../feeds/item.ts';
import type { Relevance } from '../../feeds/tag/relevance.ts';
import type { ItemMark } from '../../feeds/worker/types.ts';
import type { Namespace } from '../../store/index.ts';
import { itemKey, SEEN_TTL_MS } from '../state.ts';
import type { DigestItem } from '../types.ts';

/** Where a pooled item came from: the tracked feed's store key and its label. */
export interface ItemSource {
  readonly feedKey: string;
  readonly label: string;
}

/**
 * Each id once (a feed that lists an item twice), first copy kept. Items that share a guid or a link are not the same
 * item: assignItemIds gives them ids of their own, so only true copies (same title and date too) meet here.
 */
export function uniqueById<I extends ItemMark>(items: readonly I[]): I[] {
  const ids = new Set<string>();
  return items.filter((item) => !ids.has(item.id) && ids.add(item.id));
}

/** A relevant feed item as it waits in the pool. `feedUrl` is the tracked feed's key, whatever address answered. */
export function toDigestItem(item: FeedItem, relevance: Relevance, source: ItemSource, firstSeenAt: string): DigestItem {
  return {
    id: item.id,
    title: item.title,
    summary: item.summary,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.published === undefined ? {} : { publishedAt: item.published }),
    firstSeenAt,
    feedUrl: source.feedKey,
    feedLabel: source.label,
    companies: [...relevance.companies],
    dimensions: [...relevance.dimensions],
    score: relevance.score,
    reasons: [...relevance.reasons],
    possibleRetreat: relevance.possibleRetreat,
  };
}

/**
 * Whether a seen mark must be written again so it does not expire while the item is still in its feed: past half
 * its TTL. Without this, an item a feed keeps for months would come back as new once its mark expired.
 */
export function seenNeedsRefresh(firstSeenAt: string, now: Date): boolean {
  const time = Date.parse(firstSeenAt);
  return Number.isNaN(time) || now.getTime() - time > SEEN_TTL_MS / 2;
}

/**
 * A former id's mark counts for an item dated no later than the mark (give or take a day for a misdated feed), or
 * undated: an item published after its guid's item was first seen cannot be that item.
 */
const FORMER_ID_SLACK_MS = 24 * 60 * 60 * 1000;

function couldBeSeenAt(item: ItemMark, firstSeenAt: string): boolean {
  if (item.published === undefined) return true;
  const published = Date.parse(item.published);
  const seenAt = Date.parse(firstSeenAt);
  return Number.isNaN(published) || Number.isNaN(seenAt) || published <= seenAt + FORMER_ID_SLACK_MS;
}

/** The seen marks of a feed's items, by item, and those to write again under the items' own ids. */
export interface SeenMarks {
  /** Each item's key in the 'seen' namespace. */
  readonly keys: string[];
  /** When each item was first seen, or undefined when it is new. */
  readonly marks: (string | undefined)[];
  /** Marks found under a former id (see FeedItem.formerId), to be written under the item's own key. */
  readonly adopted: { key: string; firstSeenAt: string }[];
}

/**
 * Reads when each item was first seen, in one read of the store: under its own id, else, for the item that carries
 * a `formerId` (the oldest of items that came to share a guid), under that former id when the item could be the one
 * seen then. So an item seen while its guid was its own is not posted again when other items take the same guid.
 */
export async function readSeenMarks(seen: Namespace<string>, feedKey: string, items: readonly ItemMark[]): Promise<SeenMarks> {
  const keys = items.map((item) => itemKey(feedKey, item.id));
  const former = items.flatMap((item, index) => (item.formerId === undefined ? [] : [{ index, key: itemKey(feedKey, item.formerId) }]));
  const found = await seen.getMany([...keys, ...former.map(({ key }) => key)]);
  const marks = found.slice(0, keys.length);
  const adopted: { key: string; firstSeenAt: string }[] = [];
  for (const [position, { index }] of former.entries()) {
    const mark = found[keys.length + position];
    const item = items[index];
    const key = keys[index];
    if (mark === undefined || item === undefined || key === undefined || marks[index] !== undefined) continue;
    if (!couldBeSeenAt(item, mark)) continue;
    marks[index] = mark;
    adopted.push({ key, firstSeenAt: mark });
  }
  return { keys, marks, adopted };
}
