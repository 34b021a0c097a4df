import type { Dimension } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { itemTime, unixSeconds } from '../../render/timestamp.ts';
import type { DigestItem } from '../types.ts';
import { byCodeUnits } from '../../order.ts';

/**
 * The items of one section, best first: the possible new retreats (`retreats`), or one dimension's, or those of no
 * known dimension (neither set: "Other news").
 */
export interface DigestGroup {
  readonly retreats?: true;
  readonly dimension?: Dimension;
  readonly items: readonly DigestItem[];
}

function scoreOf(item: DigestItem): number {
  return Number.isFinite(item.score) ? item.score : 0;
}

/** Possible new retreats first, then higher score, then newer, then id: a total order, so output is deterministic. */
export function compareItems(a: DigestItem, b: DigestItem): number {
  return compareTimed(a, timeOf(a), b, timeOf(b));
}

function timeOf(item: DigestItem): number {
  return unixSeconds(itemTime(item)) ?? -Infinity;
}

/** `compareItems` with each item's time given (`timeOf`). */
function compareTimed(a: DigestItem, aTime: number, b: DigestItem, bTime: number): number {
  if (a.possibleRetreat !== b.possibleRetreat) return a.possibleRetreat ? -1 : 1;
  const score = scoreOf(b) - scoreOf(a);
  if (score !== 0) return score;
  const time = bTime - aTime;
  if (time !== 0 && !Number.isNaN(time)) return time;
  return byCodeUnits(a.id, b.id);
}

/** The items ranked best first, each id once (a repeated id keeps its best-ranked copy). */
export function rankItems(items: readonly DigestItem[]): DigestItem[] {
  // Each item's dates parsed once, not twice per comparison.
  const times = new Map(items.map((item) => [item, timeOf(item)]));
  const time = (item: DigestItem) => times.get(item) ?? -Infinity;
  const seen = new Set<string>();
  return [...items].sort((a, b) => compareTimed(a, time(a), b, time(b))).filter((item) => !seen.has(item.id) && seen.add(item.id));
}

/** The dimension an item is filed under: its first dimension the knowledge base knows. */
export function primaryDimension(kb: KnowledgeBase, item: DigestItem): Dimension | undefined {
  for (const id of item.dimensions) {
    const dimension = kb.dimensionsById.get(id);
    if (dimension !== undefined) return dimension;
  }
  return undefined;
}

/**
 * Ranked items in sections: the possible new retreats first (the items that matter most), then the others by primary
 * dimension in the knowledge base's order, "Other news" last; no empty section.
 */
export function groupItems(kb: KnowledgeBase, items: readonly DigestItem[]): DigestGroup[] {
  const retreats: DigestItem[] = [];
  const byDimension = new Map<string | undefined, DigestItem[]>();
  for (const item of rankItems(items)) {
    if (item.possibleRetreat) {
      retreats.push(item);
      continue;
    }
    const key = primaryDimension(kb, item)?.id;
    const group = byDimension.get(key);
    if (group === undefined) byDimension.set(key, [item]);
    else group.push(item);
  }
  const groups: DigestGroup[] = retreats.length === 0 ? [] : [{ retreats: true, items: retreats }];
  for (const dimension of kb.dimensions) {
    const grouped = byDimension.get(dimension.id);
    if (grouped !== undefined) groups.push({ dimension, items: grouped });
  }
  const other = byDimension.get(undefined);
  if (other !== undefined) groups.push({ items: other });
  return groups;
}
