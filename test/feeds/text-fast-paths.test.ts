import { describe, expect, it } from 'vitest';
import { foldWord, splitWords } from '../../src/feeds/fold.ts';
import { collapseWhitespace } from '../../src/feeds/parse/html-text.ts';
import { buildPhraseIndex, findPhrases, firstWordsOf, phraseStarts } from '../../src/feeds/tag/phrase-index.ts';
import { CHINA, DECOUPLING, NOT_COMPANY, RETREAT } from '../../src/feeds/tag/vocabulary.ts';

/**
 * The digest's text work takes shortcuts for speed (issue 14): ASCII text skips the Unicode passes, single spaces are
 * not rewritten, phrase searches look only where a phrase may start. Each must give exactly what the plain way gives.
 */

/** splitWords as it is specified: NFKD, marks removed, split on anything but letters and digits, each word folded. */
function referenceSplit(text: string): { written: string[]; folded: string[] } {
  const written = text.normalize('NFKD').replace(/\p{M}+/gu, '').split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
  return { written, folded: written.map(foldWord) };
}

const TEXTS = [
  'US-China export_controls: Nvidia’s H20 (2025) & AT&T; l’IA, l\'IA',
  'snake_case_words and tabs\tand\nnewlines, 3.14 and x86-64 #hash @at ~tilde',
  'Pékin, Œuvre, STRAßE, Æsir, Łódź, Þór, ıstanbul, İstanbul, ΟΔΟΣ σοφός',
  'ﬁnance full-width ＡＢＣ１２３ and ligatures',
  'plain ascii only',
  '',
  '   ',
  '\u0000control\u0007chars\u007f',
];

describe('splitWords fast paths', () => {
  it('gives the words and folded words of the full Unicode treatment, ASCII or not', () => {
    for (const text of TEXTS) expect(splitWords(text), JSON.stringify(text)).toEqual(referenceSplit(text));
  });

  it('treats the underscore and other ASCII punctuation as separators, as \\p{L}\\p{N} does', () => {
    expect(splitWords('export_controls_2025').written).toEqual(['export', 'controls', '2025']);
  });
});

describe('collapseWhitespace', () => {
  /** The rule as written before: every run of white space becomes one space. */
  const reference = (text: string) =>
    text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\u2060\uFEFF]/g, '').replace(/\s+/g, ' ').trim();

  it('turns every run of white space, single tabs, newlines and no-break spaces included, into one space', () => {
    const texts = ['a b', 'a  b', 'a\tb', 'a\nb', 'a\u00a0b', 'a \n\t b', '  lead and trail  ', 'a\r\nb', 'x\u2003y', 'a \u200b b', 'one'];
    for (const text of texts) expect(collapseWhitespace(text), JSON.stringify(text)).toBe(reference(text));
    expect(collapseWhitespace('a\tb\u00a0c \n d')).toBe('a b c d');
  });
});

describe('findPhrases with phrase starts', () => {
  const index = buildPhraseIndex([
    { text: 'Amazon', value: 'amazon', caseRule: 'capitalised' as const },
    { text: 'Amazon Web Services', value: 'aws', caseRule: 'capitalised' as const },
    { text: 'GPU', value: 'gpu', caseRule: 'exact' as const, plural: true },
    { text: 'export control', value: 'export', plural: true },
    { text: 'Services', value: 'services', caseRule: 'capitalised' as const },
  ]);
  const indexes = [index, NOT_COMPANY, CHINA, DECOUPLING, RETREAT];
  const firstWords = firstWordsOf(indexes);

  it('finds the same hits as the search of every position, overlaps and plurals included', () => {
    const texts = [
      'Amazon Web Services sells GPUs to Amazon in Beijing under export controls',
      'amazon web services, GPUs, gpus, GPU, export control export controls',
      'Amazon Amazon Web Amazon Web Services closes its Shanghai lab; the entity list grows',
      'nothing here at all',
    ];
    for (const text of texts) {
      const words = splitWords(text);
      const starts = phraseStarts(firstWords, words);
      for (const each of indexes) expect(findPhrases(each, words, starts), text).toEqual(findPhrases(each, words));
      expect(starts.length).toBeLessThan(words.folded.length);
    }
    // "Services" inside "Amazon Web Services" is not a hit of its own; after it, it is.
    const words = splitWords('Amazon Web Services sells GPUs to Amazon Services');
    const hits = findPhrases(index, words, phraseStarts(firstWords, words));
    expect(hits.map((hit) => hit.values)).toEqual([['aws'], ['gpu'], ['amazon'], ['services']]);
  });
});
