import { splitWords, type Words } from '../fold.ts';

/**
 * How a phrase must be written in the text to count:
 * - `any`: any case ("export control", "Export Controls");
 * - `capitalised`: first letter upper case, so the name "Oracle" is not the noun "oracle";
 * - `exact`: letter for letter, for acronyms that are also words ("AWS", "BIS", "IA" ≠ French "ai").
 */
export type CaseRule = 'any' | 'capitalised' | 'exact';

export interface PhraseEntry<T> {
  /** The phrase as written in the data. */
  readonly text: string;
  readonly value: T;
  readonly caseRule?: CaseRule;
  /** Also matches with an "s" added to its last word ("GPU" → "GPUs"). */
  readonly plural?: boolean;
}

interface Phrase<T> {
  readonly text: string;
  readonly written: readonly string[];
  readonly folded: readonly string[];
  readonly caseRule: CaseRule;
  readonly plural: boolean;
  readonly values: T[];
}

/** Phrases indexed by their first folded word, for one left-to-right pass over a text's words. */
export interface PhraseIndex<T> {
  readonly byFirstWord: ReadonlyMap<string, readonly Phrase<T>[]>;
}

/** A phrase found in a text, with every value attached to it. */
export interface PhraseHit<T> {
  readonly text: string;
  readonly values: readonly T[];
  /** Index of its first word. */
  readonly start: number;
  readonly end: number;
}

/** Acronym-like: a single word of at most five characters whose letters are all upper case. */
export function looksLikeAcronym(text: string): boolean {
  return /^[\p{Lu}\p{N}]{2,5}$/u.test(text) && /\p{Lu}/u.test(text);
}

export function buildPhraseIndex<T>(entries: Iterable<PhraseEntry<T>>): PhraseIndex<T> {
  const byKey = new Map<string, Phrase<T>>();
  const byFirstWord = new Map<string, Phrase<T>[]>();
  for (const entry of entries) {
    const words = splitWords(entry.text);
    const first = words.folded[0];
    if (first === undefined) continue;
    const caseRule = entry.caseRule ?? 'any';
    const plural = entry.plural ?? false;
    const key = `${caseRule}|${plural}|${caseRule === 'exact' ? words.written.join(' ') : words.folded.join(' ')}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.values.includes(entry.value)) existing.values.push(entry.value);
      continue;
    }
    const phrase: Phrase<T> = { text: entry.text, written: words.written, folded: words.folded, caseRule, plural, values: [entry.value] };
    byKey.set(key, phrase);
    const list = byFirstWord.get(first);
    if (list) list.push(phrase);
    else byFirstWord.set(first, [phrase]);
  }
  return { byFirstWord };
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

function matchesAt<T>(phrase: Phrase<T>, words: Words, start: number): boolean {
  const length = phrase.folded.length;
  if (start + length > words.folded.length) return false;
  for (let j = 0; j < length; j++) {
    const word = phrase.caseRule === 'exact' ? words.written[start + j] : words.folded[start + j];
    const expected = phrase.caseRule === 'exact' ? phrase.written[j] : phrase.folded[j];
    if (word !== expected && !(phrase.plural && j === length - 1 && word === `${expected}s`)) return false;
  }
  return phrase.caseRule !== 'capitalised' || isCapitalised(words.written[start] ?? '');
}

/** Every first word of the indexes' phrases: a word outside it starts no phrase of any of them. */
export function firstWordsOf(indexes: readonly PhraseIndex<unknown>[]): ReadonlySet<string> {
  return new Set(indexes.flatMap((index) => [...index.byFirstWord.keys()]));
}

/**
 * The positions of `words` where a phrase whose first word is in `firstWords` may start: the word, or the word
 * without a plural "s", is one of them. Computed once for a text searched with several indexes (see findPhrases).
 */
export function phraseStarts(firstWords: ReadonlySet<string>, words: Words): number[] {
  const starts: number[] = [];
  for (let i = 0; i < words.folded.length; i++) {
    const word = words.folded[i] ?? '';
    if (firstWords.has(word) || (word.length > 1 && word.endsWith('s') && firstWords.has(word.slice(0, -1)))) starts.push(i);
  }
  return starts;
}

/**
 * Every phrase of the index found in the words, left to right; where phrases overlap, the longest
 * starting first wins ("Amazon Web Services" is not also "Amazon"). `starts` (from phraseStarts, over first words
 * that include the index's) limits the search to the positions where a phrase may start: the same hits, fewer looks.
 */
export function findPhrases<T>(index: PhraseIndex<T>, words: Words, starts?: readonly number[]): PhraseHit<T>[] {
  const hits: PhraseHit<T>[] = [];
  const count = starts === undefined ? words.folded.length : starts.length;
  let next = 0;
  for (let s = 0; s < count; s++) {
    const i = starts === undefined ? s : (starts[s] ?? 0);
    // Inside the phrase found last.
    if (i < next) continue;
    const word = words.folded[i] ?? '';
    const exact = index.byFirstWord.get(word);
    // "gpus" looks up "gpu" too: a one-word phrase may take a plural "s".
    const singular = word.length > 1 && word.endsWith('s') ? index.byFirstWord.get(word.slice(0, -1)) : undefined;
    // Most words start no phrase: nothing is allocated for them.
    if (exact === undefined && singular === undefined) continue;
    let best: Phrase<T> | undefined;
    const values: T[] = [];
    for (const candidates of [exact, singular]) {
      for (const phrase of candidates ?? []) {
        if (!matchesAt(phrase, words, i)) continue;
        if (!best || phrase.folded.length > best.folded.length) {
          best = phrase;
          values.length = 0;
        }
        if (phrase.folded.length === best.folded.length) for (const value of phrase.values) if (!values.includes(value)) values.push(value);
      }
    }
    if (best) {
      hits.push({ text: best.text, values, start: i, end: i + best.folded.length });
      next = i + best.folded.length;
    }
  }
  return hits;
}
