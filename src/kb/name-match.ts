import { ROLE_RANK, type Entry, type NameIndex, type NameKey } from './name-index.ts';
import { typoBudget, typoDistance } from './text.ts';

/**
 * How a name matched, best first: the whole name, the start of the name, the start of a later word,
 * anywhere inside it, or within a few typos.
 */
export type MatchTier = 'exact' | 'prefix' | 'word-prefix' | 'substring' | 'typo';
const TIER_RANK: Readonly<Record<MatchTier, number>> = { exact: 0, prefix: 1, 'word-prefix': 2, substring: 3, typo: 4 };

export interface NameMatch<T> {
  readonly item: T;
  readonly tier: MatchTier;
  /** The name that matched. */
  readonly key: NameKey;
  /** Lower is closer: the role rank for an exact match, characters left for a prefix, typos otherwise. */
  readonly distance: number;
  /** The query covers whole words of the name ("calcul" in "Calcul et puces"; always so for typos). */
  readonly wholeWords: boolean;
  readonly position: number;
  readonly weight: number;
}

const MIN_SUBSTRING = 3;
/** A typo within part of a name counts half a typo more than one in the whole name. */
export const PART_PENALTY = 0.5;

function endsOnWord(lengths: readonly number[], from: number, queryLength: number): boolean {
  let length = 0;
  for (let i = from; i < lengths.length && length < queryLength; i++) {
    length += lengths[i] ?? 0;
    if (length === queryLength) return true;
  }
  return false;
}

/** The first index in [0, length) where `below` turns false (it must be true, then false, along the range). */
function lowerBound(length: number, below: (i: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (below(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Orders matches best first: tier, then closeness, then weight, then file order. */
export function compareMatches<T>(a: NameMatch<T>, b: NameMatch<T>): number {
  return (
    TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
    a.distance - b.distance ||
    b.weight - a.weight ||
    a.position - b.position
  );
}

export interface MatchOptions {
  /** Look for typos only while fewer items than this have matched otherwise. */
  readonly enough?: number;
  /** Extra typos allowed beyond the usual budget (for suggestions rather than answers). */
  readonly looseness?: number;
}

/**
 * Every item matching `query` (already compacted), with its best match, best first.
 * Typo matches count a typo in a part of a name (a word or a few words) as half a typo more than
 * one in the whole name, so "mckinsy" is closer to "McKinsey" than to "McKinsey 2".
 */
export function matchNames<T>(index: NameIndex<T>, query: string, options: MatchOptions = {}): NameMatch<T>[] {
  if (query.length === 0) return [];
  const best = new Map<Entry<T>, NameMatch<T>>();
  const offer = (entry: Entry<T>, key: NameKey, tier: MatchTier, distance: number, wholeWords: boolean) => {
    const match: NameMatch<T> = { item: entry.item, tier, key, distance, wholeWords, position: entry.position, weight: entry.weight };
    const current = best.get(entry);
    if (current === undefined || compareMatches(match, current) < 0) best.set(entry, match);
  };

  const { suffixes } = index;
  for (let i = lowerBound(suffixes.length, (k) => (suffixes[k]?.text ?? '') < query); i < suffixes.length; i++) {
    const suffix = suffixes[i];
    if (suffix === undefined || !suffix.text.startsWith(query)) break;
    const { entry, key, word } = suffix;
    if (word === 0 && key.compact.length === query.length) offer(entry, key, 'exact', ROLE_RANK[key.role], true);
    else offer(entry, key, word === 0 ? 'prefix' : 'word-prefix', key.compact.length - query.length, endsOnWord(key.wordLengths, word, query.length));
  }

  if (query.length >= MIN_SUBSTRING) {
    const { haystack, haystackKeys } = index;
    for (let at = haystack.indexOf(query); at !== -1; ) {
      const hit = haystackKeys[lowerBound(haystackKeys.length, (k) => (haystackKeys[k]?.start ?? 0) <= at) - 1];
      if (hit === undefined) break;
      offer(hit.entry, hit.key, 'substring', hit.key.compact.length - query.length, false);
      at = haystack.indexOf(query, hit.start + hit.key.compact.length);
    }
  }

  const budget = typoBudget(query.length) + (options.looseness ?? 0);
  if (budget > 0 && best.size < (options.enough ?? Number.POSITIVE_INFINITY)) {
    const lengths = index.spansByLength;
    for (let length = Math.max(1, query.length - budget); length <= query.length + budget && length < lengths.length; length++) {
      for (const [text, spans] of lengths[length] ?? []) {
        const distance = typoDistance(query, text, budget);
        if (distance > budget) continue;
        for (const { entry, key, partial } of spans) {
          const current = best.get(entry);
          if (current === undefined || current.tier === 'typo') offer(entry, key, 'typo', distance + (partial ? PART_PENALTY : 0), true);
        }
      }
    }
  }
  return [...best.values()].sort(compareMatches);
}
