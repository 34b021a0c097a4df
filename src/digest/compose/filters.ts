import { buildPhraseIndex, findPhrases, type PhraseIndex } from '../../feeds/tag/phrase-index.ts';
import { wordsOf } from '../../feeds/tag/vocabulary.ts';
import type { DigestFilters } from '../state.ts';
import type { DigestItem } from '../types.ts';

/** Why a server's filters keep an item out: a word it excludes (as the admin typed it), or no word it includes. */
export type FilterRemoval = { readonly rule: 'exclude'; readonly word: string } | { readonly rule: 'include' };

/** The server's filters, ready to judge items: undefined when an item passes, else why it is kept out. */
export type ItemFilter = (item: Pick<DigestItem, 'title' | 'summary'>) => FilterRemoval | undefined;

function phraseIndex(words: readonly string[]): PhraseIndex<string> | undefined {
  const index = buildPhraseIndex(words.map((word) => ({ text: word, value: word, plural: true })));
  return index.byStartWord.size === 0 ? undefined : index;
}

/**
 * The filters as one matcher, matching like the relevance tagger: whole words of the title or the summary, case,
 * accents and punctuation ignored, a trailing plural "s" allowed ("export control" matches "Export-Controls").
 * An item is kept only if it matches an include (when any is set) and no exclude; an exclude wins over an include.
 * Words with no letter or digit match nothing. No filters (or only such words): undefined, every item passes.
 */
export function compileFilters(filters: DigestFilters | undefined): ItemFilter | undefined {
  const include = phraseIndex(filters?.include ?? []);
  const exclude = phraseIndex(filters?.exclude ?? []);
  if (include === undefined && exclude === undefined) return undefined;
  return (item) => {
    const words = wordsOf(item);
    const excluded = exclude === undefined ? undefined : findPhrases(exclude, words)[0];
    if (excluded !== undefined) return { rule: 'exclude', word: excluded.values[0] ?? excluded.text };
    if (include !== undefined && findPhrases(include, words).length === 0) return { rule: 'include' };
    return undefined;
  };
}

/** An item the server's filters kept out of its digest, and why. */
export interface FilteredOut {
  readonly item: DigestItem;
  readonly removal: FilterRemoval;
}

/** The items the filters keep, in their order, and those they keep out. */
export function applyFilters(filter: ItemFilter | undefined, items: readonly DigestItem[]): { kept: DigestItem[]; filtered: FilteredOut[] } {
  if (filter === undefined) return { kept: [...items], filtered: [] };
  const kept: DigestItem[] = [];
  const filtered: FilteredOut[] = [];
  for (const item of items) {
    const removal = filter(item);
    if (removal === undefined) kept.push(item);
    else filtered.push({ item, removal });
  }
  return { kept, filtered };
}
