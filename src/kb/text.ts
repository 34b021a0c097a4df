/**
 * Text folding and typo distance for matching what users type against names.
 * Pure and allocation-light: these run on every autocomplete keystroke.
 */

/** Letters that Unicode decomposition leaves whole but users type as plain Latin. */
const PLAIN_LATIN: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i',
};
const NOT_DECOMPOSED = /[ßæœøłđðþı]/g;

/** Lower-case text with the letters decomposition leaves whole written as plain Latin ("œuvre" → "oeuvre"). */
export function plainLatin(lower: string): string {
  return lower.replace(NOT_DECOMPOSED, (letter) => PLAIN_LATIN[letter] ?? letter);
}

/**
 * The form of a name used for matching: lower case, no accents, no punctuation, single spaces.
 *
 * Dots vanish so abbreviations join ("I.B.M." → "ibm", "Amazon.com" → "amazoncom"); every other
 * punctuation mark, apostrophes included, separates words ("McKinsey & Company" → "mckinsey company",
 * "l’Oréal" → "l oreal", "semi-conducteurs" → "semi conducteurs"). Compatibility forms are unified too
 * (NFKD: full-width letters, ligatures). Letters and digits of any script are kept.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/\p{M}+/gu, '')
    .replace(NOT_DECOMPOSED, (letter) => PLAIN_LATIN[letter] ?? letter)
    .replace(/\./g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A folded text without its spaces, so "open ai", "Open-AI" and "OpenAI" meet: "openai". */
export function compactFold(folded: string): string {
  return folded.replaceAll(' ', '');
}

/**
 * How many typos a query of this length may carry and still name something: none up to 3 characters,
 * one up to 7, two up to 11, three beyond. Short words are too close to each other to guess.
 */
export function typoBudget(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}

let previousRow = new Int32Array(64);
let row = new Int32Array(64);
let nextRow = new Int32Array(64);

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters
 * (optimal string alignment), so "nvidea" is 1 from "nvidia" and "micorsoft" 1 from "microsoft".
 * Bounded: only the band of cells within `max` of the diagonal is computed, and it stops as soon as
 * the distance must exceed `max`; any distance above `max` is returned as `max + 1`.
 */
export function typoDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (a === b) return 0;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  const width = b.length + 1;
  if (row.length < width + 1) {
    previousRow = new Int32Array(width * 2);
    row = new Int32Array(width * 2);
    nextRow = new Int32Array(width * 2);
  }
  for (let j = 0; j < width; j++) row[j] = j;
  row[width] = over;
  for (let i = 1; i <= a.length; i++) {
    const swap = previousRow;
    previousRow = row;
    row = nextRow;
    nextRow = swap;
    const low = Math.max(1, i - max);
    const high = Math.min(b.length, i + max);
    row[low - 1] = low === 1 ? i : over;
    let rowMin = over;
    const ca = a.charCodeAt(i - 1);
    for (let j = low; j <= high; j++) {
      const cb = b.charCodeAt(j - 1);
      let cost = (previousRow[j - 1] ?? over) + (ca === cb ? 0 : 1);
      const deletion = (previousRow[j] ?? over) + 1;
      const insertion = (row[j - 1] ?? over) + 1;
      if (deletion < cost) cost = deletion;
      if (insertion < cost) cost = insertion;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const transposition = (nextRow[j - 2] ?? over) + 1;
        if (transposition < cost) cost = transposition;
      }
      row[j] = cost;
      if (cost < rowMin) rowMin = cost;
    }
    row[high + 1] = over;
    if (rowMin > max) return over;
  }
  const distance = row[b.length] ?? over;
  return distance > max ? over : distance;
}
