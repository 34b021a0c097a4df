import { plainLatin } from '../kb/text.ts';

/** Words of a text, each in its written case and folded (lower case, no accents). */
export interface Words {
  /** As written, accents removed: case tells "AWS" from "aws" and "Oracle" from "oracle". */
  readonly written: readonly string[];
  readonly folded: readonly string[];
}

/** A word in lower case without accents: "Pékin" → "pekin", "Œuvre" → "oeuvre". */
export function foldWord(word: string): string {
  return plainLatin(word.toLowerCase());
}

const NON_ASCII = /[^\u0000-\u007f]/;
/** What separates words in ASCII text: anything but letters and digits, as [^\p{L}\p{N}] there. */
const ASCII_SEPARATORS = /[^A-Za-z0-9]+/;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

/**
 * Splits text into words: runs of letters and digits. Any other character separates words, so
 * "US-China" is two words and "l'IA" is "l" and "IA".
 */
export function splitWords(text: string): Words {
  // Most feed text is ASCII, or nearly: the Unicode passes run only where they can change something.
  const ascii = !NON_ASCII.test(text);
  const normalized = ascii ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
  const written = normalized.split(ascii ? ASCII_SEPARATORS : SEPARATORS).filter((word) => word !== '');
  // Without a letter that plainLatin rewrites, folding a word is lower-casing it.
  const lower = ascii ? '' : normalized.toLowerCase();
  const onlyCase = ascii || plainLatin(lower) === lower;
  return { written, folded: written.map(onlyCase ? lowerCase : foldWord) };
}

function lowerCase(word: string): string {
  return word.toLowerCase();
}
