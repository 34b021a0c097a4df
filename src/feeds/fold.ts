/** Letters that Unicode decomposition leaves whole but are written as plain Latin when folded. */
const PLAIN_LATIN: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};

/** Words of a text, each in its written case and folded (lower case, no accents). */
export interface Words {
  /** As written, accents removed: case tells "AWS" from "aws" and "Oracle" from "oracle". */
  readonly written: readonly string[];
  readonly folded: readonly string[];
}

/** A word in lower case without accents: "Pékin" → "pekin", "Œuvre" → "oeuvre". */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  return /[ßæœøłđðþı]/.test(lower) ? lower.replace(/[ßæœøłđðþı]/g, (letter) => PLAIN_LATIN[letter] ?? letter) : lower;
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
