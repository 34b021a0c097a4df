import type { Words } from '../fold.ts';
import type { FeedItem } from '../item.ts';
import { findPhrases } from './phrase-index.ts';
import { BREAK, CHINA, NOT_NAMES, RETREAT, wordsOf } from './vocabulary.ts';

/** A capitalised word that is not a known non-name: part of a company's name, maybe. */
function isNameWord(words: Words, i: number): boolean {
  const written = words.written[i] ?? BREAK;
  const first = written.charAt(0);
  return written !== BREAK && written.length >= 2 && first !== first.toLowerCase() && !NOT_NAMES.has(words.folded[i] ?? '');
}

/** The index of the last name word just before the action (at most four words back): an unknown company, maybe. */
export function nameBefore(words: Words, start: number): number | undefined {
  for (let i = start - 1; i >= Math.max(0, start - 4); i--) {
    if ((words.written[i] ?? BREAK) === BREAK) return undefined;
    if (isNameWord(words, i)) return i;
  }
  return undefined;
}

/**
 * Who seems to be retreating when the item names no company of the knowledge base: the run of name words just
 * before its first retreat action in a Chinese context ("Acme Robotics" in "Acme Robotics closes its Shanghai
 * lab"), as written less accents; undefined when there is none. A guess from untrusted text, for /leads.
 */
export function retreatSubject(item: Pick<FeedItem, 'title' | 'summary'>): string | undefined {
  const words = wordsOf(item);
  if (findPhrases(CHINA, words).length === 0) return undefined;
  for (const hit of findPhrases(RETREAT, words)) {
    const last = nameBefore(words, hit.start);
    if (last === undefined) continue;
    let first = last;
    while (first > 0 && isNameWord(words, first - 1)) first -= 1;
    return words.written.slice(first, last + 1).join(' ');
  }
  return undefined;
}
