import { compactFold, foldText } from './text.ts';

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

export interface Entry<T> {
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

const MAX_SPAN_WORDS = 3;

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
