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
  /** Its words as the text's are compared with them: as written for `exact`, folded otherwise. */
  readonly words: readonly string[];
  readonly caseRule: CaseRule;
  readonly plural: boolean;
  readonly values: T[];
}

/**
 * Phrases indexed by the folded word of a text that may start them, for one left-to-right pass over a text's words:
 * their first word ("gpu" → GPU), then, for the one-word phrases that take a plural, their word plus "s" ("gpus" →
 * GPU). So a text word is looked up once, as it is: none is cut to look up its singular.
 */
export interface PhraseIndex<T> {
  readonly byStartWord: ReadonlyMap<string, readonly Phrase<T>[]>;
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

function addTo<T>(map: Map<string, Phrase<T>[]>, word: string, phrase: Phrase<T>): void {
  const list = map.get(word);
  if (list) list.push(phrase);
  else map.set(word, [phrase]);
}

export function buildPhraseIndex<T>(entries: Iterable<PhraseEntry<T>>): PhraseIndex<T> {
  const byKey = new Map<string, Phrase<T>>();
  const byFirstWord = new Map<string, Phrase<T>[]>();
  const byPluralWord = new Map<string, Phrase<T>[]>();
  for (const entry of entries) {
    const words = splitWords(entry.text);
    const first = words.folded[0];
    if (first === undefined) continue;
    const caseRule = entry.caseRule ?? 'any';
    const plural = entry.plural ?? false;
    const compared = caseRule === 'exact' ? words.written : words.folded;
    const key = `${caseRule}|${plural}|${compared.join(' ')}`;
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.values.includes(entry.value)) existing.values.push(entry.value);
      continue;
    }
    const phrase: Phrase<T> = { text: entry.text, words: compared, caseRule, plural, values: [entry.value] };
    byKey.set(key, phrase);
    addTo(byFirstWord, first, phrase);
    if (plural && compared.length === 1) addTo(byPluralWord, `${first}s`, phrase);
  }
  // A word's phrases by first word come before its plural ones: where two as long match, the first is the hit's text.
  const byStartWord = new Map(byFirstWord);
  for (const [word, phrases] of byPluralWord) byStartWord.set(word, [...(byFirstWord.get(word) ?? []), ...phrases]);
  return { byStartWord };
}

function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  return first !== first.toLowerCase();
}

function isPluralOf(word: string, singular: string): boolean {
  return word.length === singular.length + 1 && word.endsWith('s') && word.startsWith(singular);
}

function matchesAt<T>(phrase: Phrase<T>, words: Words, start: number): boolean {
  const length = phrase.words.length;
  if (start + length > words.folded.length) return false;
  const text = phrase.caseRule === 'exact' ? words.written : words.folded;
  for (let j = 0; j < length; j++) {
    const word = text[start + j] ?? '';
    const expected = phrase.words[j] ?? '';
    if (word !== expected && !(phrase.plural && j === length - 1 && isPluralOf(word, expected))) return false;
  }
  return phrase.caseRule !== 'capitalised' || isCapitalised(words.written[start] ?? '');
}

/** The folded words that may start a phrase of the indexes: a word outside it starts no phrase of any of them. */
export function startWordsOf(indexes: readonly PhraseIndex<unknown>[]): ReadonlySet<string> {
  return new Set(indexes.flatMap((index) => [...index.byStartWord.keys()]));
}

/**
 * The positions of `words` where a phrase may start: its word is one of `startWords` (from startWordsOf, over
 * indexes that include the ones searched). Computed once for a text searched with several indexes (see findPhrases).
 */
export function phraseStarts(startWords: ReadonlySet<string>, words: Words): number[] {
  const starts: number[] = [];
  for (let i = 0; i < words.folded.length; i++) {
    if (startWords.has(words.folded[i] ?? '')) starts.push(i);
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
    const candidates = index.byStartWord.get(words.folded[i] ?? '');
    // Most words start no phrase: nothing is allocated for them.
    if (candidates === undefined) continue;
    let best: Phrase<T> | undefined;
    const values: T[] = [];
    for (const phrase of candidates) {
      if (!matchesAt(phrase, words, i)) continue;
      if (!best || phrase.words.length > best.words.length) {
        best = phrase;
        values.length = 0;
      }
      if (phrase.words.length === best.words.length) for (const value of phrase.values) if (!values.includes(value)) values.push(value);
    }
    if (best) {
      hits.push({ text: best.text, values, start: i, end: i + best.words.length });
      next = i + best.words.length;
    }
  }
  return hits;
}
