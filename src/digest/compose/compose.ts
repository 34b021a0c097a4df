import { drainSteps } from '../../async/slices.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { blockToEmbeds, layoutPages } from '../../render/layout.ts';
import { DISCORD_LIMITS as LIMITS } from '../../render/limits.ts';
import type { MessagePayload } from '../../render/payload.ts';
import { truncateAtWord } from '../../render/split.ts';
import { escapeLine } from '../../render/markdown.ts';
import { emptyHeaderBlock, groupName, headerBlock } from './header.ts';
import { itemBlock } from './item.ts';
import { withRoleAlert } from './alert.ts';
import { DELIVERY_MARKER_ROOM } from '../deliver/marker.ts';
import { overflowEmbed } from './overflow.ts';
import { packDigest, type PackSection, type PackTrailer } from './pack.ts';
import { groupItems, type DigestGroup } from './rank.ts';
import {
  checkDigestLimits, planDigest, rankCandidates, showable, type DigestLimits, type DigestPlan, type OverflowInput,
} from './select.ts';
import { DIGEST_WORDS } from './words.ts';
import type { DigestContext, DigestItem, DigestMessage } from '../types.ts';

export { DELIVERY_MARKER_ROOM, withDeliveryMarker } from '../deliver/marker.ts';
export { compareItems, groupItems, rankItems, type DigestGroup } from './rank.ts';
export { DEFAULT_DIGEST_LIMITS, type DigestLimits, type DigestPlan, type FeedOverflow, type OverflowInput } from './select.ts';

const GROUP_COLOR = 0x2e86c1;
const OTHER_COLOR = 0x7f8c8d;
const RETREATS_COLOR = 0xd35400;
/** Before escaping, which may double it: the title and its " (cont.)" stay within Discord's 256. */
const GROUP_TITLE_MAX = 120;

/** Item blocks computed between two pauses of `composeCappedSteps`. */
const BLOCKS_PER_STEP = 25;

/** Each item's block, computed once however many layouts are tried. */
type BlockOf = (item: DigestItem) => string;

function blockCache(kb: KnowledgeBase, ctx: DigestContext): BlockOf {
  const blocks = new Map<string, string>();
  return (item) => {
    let block = blocks.get(item.id);
    if (block === undefined) blocks.set(item.id, (block = itemBlock(kb, item, ctx.locale)));
    return block;
  };
}

function section(group: DigestGroup, ctx: DigestContext, blockOf: BlockOf): PackSection {
  const title = escapeLine(truncateAtWord(groupName(group, ctx.locale), GROUP_TITLE_MAX));
  return {
    title,
    continuedTitle: `${title}${DIGEST_WORDS.continued[ctx.locale]}`,
    color: group.retreats === true ? RETREATS_COLOR : group.dimension === undefined ? OTHER_COLOR : GROUP_COLOR,
    items: group.items.map((item) => ({ id: item.id, block: blockOf(item) })),
  };
}

/** The shown items laid out as messages, then the trailer. */
function layout(kb: KnowledgeBase, shown: readonly DigestItem[], ctx: DigestContext, blockOf: BlockOf, trailer?: PackTrailer): DigestMessage[] {
  if (shown.length === 0 && trailer === undefined) return [];
  const groups = groupItems(kb, shown);
  const budget = LIMITS.embedCharactersPerMessage - DELIVERY_MARKER_ROOM;
  const header = blockToEmbeds(headerBlock(groups, ctx), ctx.locale, budget);
  const messages = packDigest(header, groups.map((group) => section(group, ctx, blockOf)), budget, trailer);
  return withRoleAlert(messages, shown, ctx.alertRoleId, ctx.locale);
}

/**
 * The digest as Discord messages, in order: a header (date, counts, period, where tags come from), then the
 * possible new retreats in their own section, then the other items grouped by dimension in the knowledge base's
 * order, "Other news" last; within a section by score, then newest. Each message lists the ids of the items it carries; every item is in exactly one
 * message (a repeated id once), never cut. Every message stays within Discord's limits with
 * `DELIVERY_MARKER_ROOM` characters to spare for `withDeliveryMarker`, and pings nobody but `ctx.alertRoleId`, in
 * the message holding the first possible new retreat (`withRoleAlert`).
 *
 * Every item, however many: a run posts `composeCappedDigest` instead.
 * No items: returns `[]`, and the caller decides whether to post `composeEmptyDigest` instead.
 * Pure and deterministic; throws a RangeError when `ctx.now` is not a date.
 */
export function composeDigest(kb: KnowledgeBase, items: readonly DigestItem[], ctx: DigestContext): DigestMessage[] {
  return layout(kb, items, ctx, blockCache(kb, ctx));
}

/** A digest within its limits, and what became of the items it does not show. */
export interface CappedDigest {
  readonly messages: DigestMessage[];
  readonly plan: DigestPlan;
}

/**
 * The digest a run posts: like `composeDigest`, but at most `limits.maxItemsPerFeed` items of each feed and at most
 * `limits.maxMessages` messages, the best items first (see `DigestPlan` for what becomes of the others). When
 * items are left out, a last embed says so: "+1,980 more from Feed X", a total when several feeds overflow, and
 * whether they come next time or are only counted; its message carries the summarised ids (`summarizedIds`).
 * The number of items shown is the largest found (by bisection) whose layout fits the message cap.
 * No candidates and nothing turned away: no message. Pure; throws a RangeError on limits out of bounds.
 */
export function composeCappedDigest(kb: KnowledgeBase, items: readonly DigestItem[], ctx: DigestContext, limits: DigestLimits, input: OverflowInput = {}): CappedDigest {
  return drainSteps(composeCappedSteps(kb, items, ctx, limits, input));
}

/**
 * `composeCappedDigest` as steps: the generator pauses (yields) between slices of work (ranking, every few item
 * blocks, each layout tried) and returns the digest. Driven straight through it is `composeCappedDigest`; an async
 * driver may let the event loop turn at each pause (`composeCappedDigestInSlices`), for the same digest.
 */
export function* composeCappedSteps(kb: KnowledgeBase, items: readonly DigestItem[], ctx: DigestContext, limits: DigestLimits, input: OverflowInput = {}): Generator<void, CappedDigest> {
  checkDigestLimits(limits);
  const candidates = rankCandidates(items);
  yield;
  const blockOf = blockCache(kb, ctx);
  const attempt = (shownCount: number): CappedDigest => {
    const plan = planDigest(candidates, limits, shownCount, input);
    const embed = overflowEmbed(plan, limits.maxItemsPerFeed, ctx.locale);
    const trailer = embed === undefined ? undefined : { embed, summarizedIds: plan.summarized };
    return { plan, messages: layout(kb, plan.shown, ctx, blockOf, trailer) };
  };
  const fits = (digest: CappedDigest) => digest.messages.length <= limits.maxMessages;
  // No layout holds more characters than the messages allowed: the first items whose blocks alone exceed that
  // bound the search, so a flood costs a few layouts of a hundred items, not one of thousands.
  const room = limits.maxMessages * (LIMITS.embedCharactersPerMessage - DELIVERY_MARKER_ROOM);
  const ranked = showable(candidates, limits);
  let high = 0;
  let used = 0;
  while (high < ranked.length && used <= room) {
    used += blockOf(ranked[high++] as DigestItem).length;
    if (high % BLOCKS_PER_STEP === 0) yield;
  }
  yield;
  if (used <= room) {
    const all = attempt(high);
    if (fits(all)) return all;
    yield;
  }
  // Showing none always fits (the header and the trailer); invariant: `low` fits, `high` does not.
  let low = 0;
  let best: CappedDigest | undefined;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const digest = attempt(middle);
    if (fits(digest)) {
      low = middle;
      best = digest;
    } else {
      high = middle;
    }
    yield;
  }
  return best ?? attempt(0);
}

/** A one-message "nothing new" digest (date and period), for a caller that posts even on a quiet day. */
export function composeEmptyDigest(ctx: DigestContext): MessagePayload {
  const [page] = layoutPages([emptyHeaderBlock(ctx)], { locale: ctx.locale, reserve: DELIVERY_MARKER_ROOM });
  if (page === undefined) throw new Error('layoutPages returned no page');
  return page;
}
