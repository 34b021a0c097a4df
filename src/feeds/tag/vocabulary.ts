import { appendWords, splitWords, type WordLists, type Words } from '../fold.ts';
import type { FeedItem } from '../item.ts';
import { buildPhraseIndex, type CaseRule, type PhraseEntry } from './phrase-index.ts';
import {
  CHINA_ACRONYMS, CHINA_TERMS, DECOUPLING_ACRONYMS, DECOUPLING_TERMS, NOT_COMPANY_NAMES, NOT_COMPANY_PHRASES,
  RETREAT_ACTIONS,
} from './terms.ts';

function termEntries(terms: readonly string[], caseRule: CaseRule): PhraseEntry<string>[] {
  return terms.map((text) => ({ text, value: text, caseRule, plural: caseRule === 'any' }));
}

/** The fixed vocabularies of terms.ts as phrase indexes; NOT_NAMES: folded words that are never part of a name. */
export const CHINA = buildPhraseIndex([...termEntries(CHINA_TERMS, 'any'), ...termEntries(CHINA_ACRONYMS, 'exact')]);
export const DECOUPLING = buildPhraseIndex([...termEntries(DECOUPLING_TERMS, 'any'), ...termEntries(DECOUPLING_ACRONYMS, 'exact')]);
export const RETREAT = buildPhraseIndex(RETREAT_ACTIONS.map((text) => ({ text, value: text })));
export const NOT_COMPANY = buildPhraseIndex(NOT_COMPANY_PHRASES.map((text) => ({ text, value: text })));
export const NOT_NAMES = new Set([...NOT_COMPANY_NAMES, ...CHINA_TERMS.flatMap((term) => splitWords(term).folded)]);

/** A word no phrase matches, between title and summary so that no phrase spans both. */
export const BREAK = '\u0000';

/** The words of the title, BREAK, then the words of the summary. */
export function wordsOf(item: Pick<FeedItem, 'title' | 'summary'>): Words {
  const words: WordLists = { written: [], folded: [] };
  appendWords(item.title, words);
  words.written.push(BREAK);
  words.folded.push(BREAK);
  appendWords(item.summary, words);
  return words;
}
