import type { KnowledgeBase } from '../kb/types.ts';
import { blockToEmbeds, layoutPages } from '../render/layout.ts';
import { DISCORD_LIMITS as LIMITS } from '../render/limits.ts';
import type { MessagePayload } from '../render/payload.ts';
import { truncateAtWord } from '../render/split.ts';
import { escapeLine } from '../render/markdown.ts';
import { emptyHeaderBlock, groupName, headerBlock } from './compose-header.ts';
import { itemBlock } from './compose-item.ts';
import { DELIVERY_MARKER_ROOM } from './compose-marker.ts';
import { packDigest, type PackSection } from './compose-pack.ts';
import { groupItems, type DigestGroup } from './compose-rank.ts';
import { DIGEST_WORDS } from './compose-words.ts';
import type { DigestContext, DigestItem, DigestMessage } from './types.ts';

export { DELIVERY_MARKER_ROOM, withDeliveryMarker } from './compose-marker.ts';
export { compareItems, groupItems, rankItems, type DigestGroup } from './compose-rank.ts';

const GROUP_COLOR = 0x2e86c1;
const OTHER_COLOR = 0x7f8c8d;
/** Before escaping, which may double it: the title and its " (cont.)" stay within Discord's 256. */
const GROUP_TITLE_MAX = 120;

function section(group: DigestGroup, ctx: DigestContext, kb: KnowledgeBase): PackSection {
  const title = escapeLine(truncateAtWord(groupName(group, ctx.locale), GROUP_TITLE_MAX));
  return {
    title,
    continuedTitle: `${title}${DIGEST_WORDS.continued[ctx.locale]}`,
    color: group.dimension === undefined ? OTHER_COLOR : GROUP_COLOR,
    items: group.items.map((item) => ({ id: item.id, block: itemBlock(kb, item, ctx.locale) })),
  };
}

/**
 * The digest as Discord messages, in order: a header (date, counts, period, where tags come from), then the
 * items ranked (possible new retreats, score, newest) and grouped by dimension in the knowledge base's order,
 * "Other news" last. Each message lists the ids of the items it carries; every item is in exactly one
 * message (a repeated id once), never cut. Every message stays within Discord's limits with
 * `DELIVERY_MARKER_ROOM` characters to spare for `withDeliveryMarker`, and pings nobody.
 *
 * No items: returns `[]`, and the caller decides whether to post `composeEmptyDigest` instead.
 * Pure and deterministic; throws a RangeError when `ctx.now` is not a date.
 */
export function composeDigest(kb: KnowledgeBase, items: readonly DigestItem[], ctx: DigestContext): DigestMessage[] {
  if (items.length === 0) return [];
  const groups = groupItems(kb, items);
  const budget = LIMITS.embedCharactersPerMessage - DELIVERY_MARKER_ROOM;
  const header = blockToEmbeds(headerBlock(groups, ctx), ctx.locale, budget);
  return packDigest(header, groups.map((group) => section(group, ctx, kb)), budget);
}

/** A one-message "nothing new" digest (date and period), for a caller that posts even on a quiet day. */
export function composeEmptyDigest(ctx: DigestContext): MessagePayload {
  const [page] = layoutPages([emptyHeaderBlock(ctx)], { locale: ctx.locale, reserve: DELIVERY_MARKER_ROOM });
  if (page === undefined) throw new Error('layoutPages returned no page');
  return page;
}
