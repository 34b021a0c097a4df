import { itemId } from './item-id.ts';
import { normalizeUrl } from './url.ts';
import type { FeedItem } from '../item.ts';

/**
 * Ids for the items of one read of a feed. `itemId` takes the link, else the guid, else the title and date; here a
 * link or a guid that several items of the read share is not used, since it no longer tells them apart:
 * - a link shared by several items (a feed that points every item at its home page): they are identified by guid;
 * - a guid shared by several of the items identified by guid (a CMS that gives every item the same one): they are
 *   identified by title and date instead. An item whose link is its own keeps its link-based id whatever its guid.
 *
 * An item that had a guid of its own gets another id once other items take the same guid. So that it is not posted
 * again as new, the oldest item of such a group (earliest date; when none is dated, the last listed, feeds listing
 * newest first) carries the id its guid gave it as `formerId`: whoever reads seen marks may count it as seen under
 * that id. The oldest is the one that most likely held the guid alone before; the newer ones are the ones that came
 * since. A feed whose items always shared one guid keeps title-and-date ids from read to read.
 */

type Unidentified = Omit<FeedItem, 'id'>;

/** What tells an item apart within the read, and the oldest member of each shared guid. */
interface Plan {
  readonly links: (string | undefined)[];
  readonly linkCounts: Map<string, number>;
  readonly guidCounts: Map<string, number>;
  readonly oldestByGuid: Map<string, number>;
}

function ownLink(plan: Plan, index: number): boolean {
  const key = plan.links[index];
  return key !== undefined && plan.linkCounts.get(key) === 1;
}

function guidOf(item: Unidentified): string | undefined {
  return item.guid === undefined || item.guid === '' ? undefined : item.guid;
}

/** True when `item` is older than `than`: dated earlier, or undated like it and listed after it. */
function isOlder(item: Unidentified, than: Unidentified): boolean {
  if (item.published !== undefined && than.published !== undefined) return item.published <= than.published;
  if (than.published === undefined) return true;
  return false;
}

function identify(item: Unidentified, index: number, plan: Plan): FeedItem {
  const { link: _link, ...withoutLink } = item;
  if (ownLink(plan, index)) return { id: itemId(item), ...item };
  const guid = guidOf(item);
  if (guid === undefined || plan.guidCounts.get(guid) === 1) return { id: itemId(withoutLink), ...item };
  const { guid: _guid, ...withoutLinkOrGuid } = withoutLink;
  const id = itemId(withoutLinkOrGuid);
  return plan.oldestByGuid.get(guid) === index ? { id, formerId: itemId(withoutLink), ...item } : { id, ...item };
}

/** Ids for the items of one read of a feed (see above). */
export function assignItemIds(items: readonly Unidentified[]): FeedItem[] {
  const plan: Plan = { links: [], linkCounts: new Map(), guidCounts: new Map(), oldestByGuid: new Map() };
  for (const item of items) {
    const key = item.link === undefined ? undefined : normalizeUrl(item.link);
    plan.links.push(key);
    if (key !== undefined) plan.linkCounts.set(key, (plan.linkCounts.get(key) ?? 0) + 1);
  }
  for (const [index, item] of items.entries()) {
    const guid = guidOf(item);
    if (guid !== undefined && !ownLink(plan, index)) {
      plan.guidCounts.set(guid, (plan.guidCounts.get(guid) ?? 0) + 1);
      const oldest = plan.oldestByGuid.get(guid);
      const current = oldest === undefined ? undefined : items[oldest];
      if (current === undefined || isOlder(item, current)) plan.oldestByGuid.set(guid, index);
    }
  }
  return items.map((item, index) => identify(item, index, plan));
}
