/** Cutting text to a length limit without breaking a fact, a link or an escape. */

const ELLIPSIS = '…';
/** Masked links `[label](url)`: never cut inside one. */
const MASKED_LINK = /\[(?:\\.|[^\]\\])*\]\([^)\s]*\)/g;
/** A sentence (or clause) ends here: punctuation then a space, or CJK punctuation. */
const SENTENCE_END = /[.!?;:](?=\s)|[。！？；]/g;

function protectedRanges(text: string): [number, number][] {
  return [...text.matchAll(MASKED_LINK)].map((m) => [m.index, m.index + m[0].length]);
}

function isInside(position: number, ranges: readonly [number, number][]): boolean {
  return ranges.some(([start, end]) => position > start && position < end);
}

/** A safe hard-cut position at or before `position`: not between a backslash and what it escapes, not inside a surrogate pair. */
function safeHardCut(text: string, position: number): number {
  let cut = position;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  if (text[cut - 1] === '\\') cut -= 1;
  return Math.max(cut, 1);
}

/** Where to end the first piece of `text` so it holds at most `budget` characters: a sentence end, else a space, else a hard cut. */
function findCut(text: string, budget: number): number {
  const ranges = protectedRanges(text);
  let sentence = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    if (end > budget) break;
    if (!isInside(end, ranges)) sentence = end;
  }
  if (sentence >= budget / 2) return sentence;
  for (let i = Math.min(budget, text.length - 1); i > budget / 4; i -= 1) {
    if (/\s/.test(text[i] ?? '') && !isInside(i, ranges)) return i;
  }
  if (sentence > 0) return sentence;
  // A link longer than the budget, or no space at all: cut before the link if possible, else hard.
  const straddling = ranges.find(([start, end]) => budget > start && budget < end);
  if (straddling !== undefined && text.slice(0, straddling[0]).trim() !== '') return straddling[0];
  return safeHardCut(text, budget);
}

/**
 * Splits one line (a fact) longer than `limit` into pieces of at most `limit` characters, marked "…" where
 * cut. A multi-line item is first split at its own line breaks; a single line at a sentence end, else at a
 * space, and only as the last resort in the middle of a word.
 */
export function splitLongLine(line: string, limit: number): string[] {
  if (line.length <= limit) return [line];
  if (line.includes('\n')) return packLines(line.split('\n'), limit);
  const pieces: string[] = [];
  let rest = line;
  const marks = 2; // "… " before a continued piece, " …" after a cut one
  while ((pieces.length > 0 ? marks : 0) + rest.length > limit) {
    const budget = limit - marks - (pieces.length > 0 ? marks : 0);
    const cut = findCut(rest, budget);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(rest);
  const last = pieces.length - 1;
  return pieces.map((piece, i) => `${i > 0 ? `${ELLIPSIS} ` : ''}${piece}${i < last ? ` ${ELLIPSIS}` : ''}`);
}

/**
 * Packs lines into chunks of at most `limit` characters (lines joined by "\n"), breaking only between
 * lines; blank lines at the edges of a chunk are dropped.
 */
export function packLines(lines: readonly string[], limit: number): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 0;
  const flush = () => {
    while (current.length > 0 && current[0]?.trim() === '') current.shift();
    while (current.length > 0 && current.at(-1)?.trim() === '') current.pop();
    if (current.length > 0) chunks.push(current.join('\n'));
    current = [];
    size = 0;
  };
  for (const raw of lines) {
    for (const line of splitLongLine(raw, limit)) {
      if (current.length > 0 && size + 1 + line.length > limit) flush();
      size = current.length === 0 ? line.length : size + 1 + line.length;
      current.push(line);
    }
  }
  flush();
  return chunks;
}

/** Text cut to `max` characters at a word boundary, ending in "…" when cut. */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - ELLIPSIS.length;
  const space = text.lastIndexOf(' ', room);
  const cut = space > room / 2 ? space : safeHardCut(text, room);
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}
