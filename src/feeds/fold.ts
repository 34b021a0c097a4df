import { plainLatin } from '../kb/text.ts';

/** Words of a text, each in its written case and folded (lower case, no accents). */
export interface Words {
  /** As written, accents removed: case tells "AWS" from "aws" and "Oracle" from "oracle". */
  readonly written: readonly string[];
  readonly folded: readonly string[];
}

/** Lists that splitting appends words to, so the words of several texts can share them (see wordsOf). */
export interface WordLists {
  readonly written: string[];
  readonly folded: string[];
}

/** A word in lower case without accents: "Pékin" → "pekin", "Œuvre" → "oeuvre". */
export function foldWord(word: string): string {
  return plainLatin(word.toLowerCase());
}

/**
 * Characters that NFKD and the removal of marks can change: anything outside ASCII but the typographic punctuation
 * of feed text. That punctuation (apostrophes, quotes, dashes, ellipsis, no-break space) is left as it is or becomes
 * ASCII punctuation, a separator either way, so it changes no word.
 */
const MAY_NORMALIZE = /[^\u0000-\u007f\u00a0\u00ab\u00bb\u2013\u2014\u2018\u2019\u201c\u201d\u2026]/;
const MARKS = /\p{M}+/gu;
/** A letter or digit of any script at `lastIndex`. */
const WORD_CHARACTER = /[\p{L}\p{N}]/uy;

const SEPARATOR = 0;
const LOWER_OR_DIGIT = 1;
const UPPER = 2;
/** A letter or digit beyond ASCII: its word is folded by foldWord. */
const OTHER_LETTER = 3;
/** The kind of each ASCII character: only letters and digits make words, as [\p{L}\p{N}] there. */
const ASCII_KINDS = Uint8Array.from({ length: 128 }, (_, code) => {
  if (code >= 0x41 && code <= 0x5a) return UPPER;
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) ? LOWER_OR_DIGIT : SEPARATOR;
});

/**
 * Splits text into words: runs of letters and digits. Any other character separates words, so
 * "US-China" is two words and "l'IA" is "l" and "IA".
 */
export function splitWords(text: string): Words {
  const words: WordLists = { written: [], folded: [] };
  appendWords(text, words);
  return words;
}

/** splitWords, appending the text's words to `words`. */
export function appendWords(text: string, words: WordLists): void {
  // Most feed text is ASCII, or nearly: the Unicode passes run only where they can change something.
  const normalized = MAY_NORMALIZE.test(text) ? text.normalize('NFKD').replace(MARKS, '') : text;
  let start = -1;
  let upper = false;
  let ascii = true;
  let i = 0;
  while (i < normalized.length) {
    const code = normalized.charCodeAt(i);
    let kind = SEPARATOR;
    let next = i + 1;
    if (code < 0x80) {
      kind = ASCII_KINDS[code] ?? SEPARATOR;
    } else {
      WORD_CHARACTER.lastIndex = i;
      // A letter outside the Basic Multilingual Plane is two code units; any other symbol's halves are separators.
      if (WORD_CHARACTER.test(normalized)) {
        kind = OTHER_LETTER;
        next = WORD_CHARACTER.lastIndex;
      }
    }
    if (kind === SEPARATOR) {
      if (start !== -1) pushWord(normalized.slice(start, i), upper, ascii, words);
      start = -1;
    } else {
      if (start === -1) {
        start = i;
        upper = false;
        ascii = true;
      }
      if (kind === UPPER) upper = true;
      else if (kind === OTHER_LETTER) ascii = false;
    }
    i = next;
  }
  if (start !== -1) pushWord(normalized.slice(start), upper, ascii, words);
}

/** Adds a word and its folded form; an ASCII word without capitals is its own folded form. */
function pushWord(word: string, upper: boolean, ascii: boolean, words: WordLists): void {
  words.written.push(word);
  words.folded.push(ascii ? (upper ? word.toLowerCase() : word) : foldWord(word));
}
