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

/**
 * Splits text into words: runs of letters and digits. Any other character separates words, so
 * "US-China" is two words and "l'IA" is "l" and "IA".
 */
export function splitWords(text: string): Words {
  const written = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  return { written, folded: written.map(foldWord) };
}
