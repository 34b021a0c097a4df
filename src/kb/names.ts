import { compactFold, foldText, typoBudget, typoDistance } from './text.ts';

/**
 * Matching typed text against the names of things (companies, dimensions): the engine behind
 * resolution and autocomplete. An index is built once per knowledge base; a query folds its input once
 * and compares compact forms (no spaces), so "amazon web", "AmazonWeb" and "Amazon-Web" behave alike.
 * Prefixes are found by binary search, substrings by one scan of all names joined, typos by measuring
 * only the distinct words and names of a length within the typo budget.
 */

/** What a name is to its item; an id outranks a name, which outranks an alias. */
export type NameRole = 'id' | 'name' | 'alias';
export const ROLE_RANK: Readonly<Record<NameRole, number>> = { id: 0, name: 1, alias: 2 };

/** One way users may type an item. */
export interface NameSource {
  readonly text: string;
  readonly role: NameRole;
  /** Set when the name belongs to one language (a dimension's English or French name). */
  readonly locale?: 'en' | 'fr';
}

/** A name as the index compares it. */
export interface NameKey extends NameSource {
  /** Folded, without spaces. */
  readonly compact: string;
  readonly wordLengths: readonly number[];
}

interface Entry<T> {
  readonly item: T;
  readonly position: number;
  /** Higher first among otherwise equal matches (companies: how many events they have). */
  readonly weight: number;
}

/** A key of an entry, from the start of one of its words. */
interface Suffix<T> {
  readonly text: string;
  readonly entry: Entry<T>;
  readonly key: NameKey;
  readonly word: number;
}

/** A run of whole words of a key, for typo matching: the whole key, or a part of it. */
interface Span<T> {
  readonly entry: Entry<T>;
  readonly key: NameKey;
  readonly partial: boolean;
}

export interface NameIndex<T> {
  readonly exact: ReadonlyMap<string, readonly { readonly entry: Entry<T>; readonly key: NameKey }[]>;
  /** Every key from the start of each of its words, sorted by text. */
  readonly suffixes: readonly Suffix<T>[];
  /** All keys joined by newlines, and where each starts. */
  readonly haystack: string;
  readonly haystackKeys: readonly { readonly start: number; readonly entry: Entry<T>; readonly key: NameKey }[];
  /** Spans by compact length, then by text, so each distinct text is measured once. */
  readonly spansByLength: readonly (ReadonlyMap<string, readonly Span<T>[]> | undefined)[];
}

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

const MAX_SPAN_WORDS = 3;
const MIN_SUBSTRING = 3;
/** A typo within part of a name counts half a typo more than one in the whole name. */
export const PART_PENALTY = 0.5;

function buildKey(source: NameSource): NameKey | undefined {
  const words = foldText(source.text).split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return undefined;
  return { ...source, compact: words.join(''), wordLengths: words.map((w) => w.length) };
}

/** Start offset of each word in the key's compact text. */
function wordStarts(key: NameKey): number[] {
  let start = 0;
  return key.wordLengths.map((length) => {
    const at = start;
    start += length;
    return at;
  });
}

function keySpans<T>(entry: Entry<T>, key: NameKey): { text: string; span: Span<T> }[] {
  const spans = [{ text: key.compact, span: { entry, key, partial: false } }];
  const starts = wordStarts(key);
  const count = key.wordLengths.length;
  for (let i = 0; i < count; i++) {
    for (let j = i; j < Math.min(count, i + MAX_SPAN_WORDS); j++) {
      if (i === 0 && j === count - 1) break;
      const end = (starts[j] ?? 0) + (key.wordLengths[j] ?? 0);
      spans.push({ text: key.compact.slice(starts[i], end), span: { entry, key, partial: true } });
    }
  }
  return spans;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Indexes items by their names. `weight` orders otherwise equal matches (higher first). */
export function buildNameIndex<T>(
  items: readonly T[],
  namesOf: (item: T) => readonly NameSource[],
  weightOf: (item: T) => number = () => 0,
): NameIndex<T> {
  const exact = new Map<string, { entry: Entry<T>; key: NameKey }[]>();
  const suffixes: Suffix<T>[] = [];
  const haystackKeys: { start: number; entry: Entry<T>; key: NameKey }[] = [];
  const haystack: string[] = [];
  let offset = 0;
  const spansByLength: Map<string, Span<T>[]>[] = [];
  items.forEach((item, position) => {
    const entry: Entry<T> = { item, position, weight: weightOf(item) };
    for (const key of namesOf(item).flatMap((source) => buildKey(source) ?? [])) {
      if (!exact.get(key.compact)?.some((hit) => hit.entry === entry)) addTo(exact, key.compact, { entry, key });
      wordStarts(key).forEach((start, word) => suffixes.push({ text: key.compact.slice(start), entry, key, word }));
      haystackKeys.push({ start: offset, entry, key });
      haystack.push(key.compact);
      offset += key.compact.length + 1;
      for (const { text, span } of keySpans(entry, key)) addTo((spansByLength[text.length] ??= new Map()), text, span);
    }
  });
  suffixes.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  return { exact, suffixes, haystack: haystack.join('\n'), haystackKeys, spansByLength };
}

/** The query as the index compares it. */
export function compactQuery(text: string): string {
  return compactFold(foldText(text));
}

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
