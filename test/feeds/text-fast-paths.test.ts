import { describe, expect, it } from 'vitest';
import { foldWord, splitWords } from '../../src/feeds/fold.ts';
import { collapseWhitespace } from '../../src/feeds/parse/html-text.ts';
import { buildPhraseIndex, findPhrases, phraseStarts, startWordsOf } from '../../src/feeds/tag/phrase-index.ts';
import { BREAK, CHINA, DECOUPLING, NOT_COMPANY, RETREAT, wordsOf } from '../../src/feeds/tag/vocabulary.ts';

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
  // Typographic punctuation alone is read without normalisation; any other non-ASCII character turns it on.
  'Nvidia’s “H20” — sold… in\u00a0China – ‘GPUs’ «Pékin»',
  'Acme™ — ™X', 'Nvidia’s ①②', 'l’e\u0301vé’ne\u0301ment',
  // Letters beyond ASCII inside, at the start and at the end of words; capitals anywhere in a word.
  'Huawei中国 café-Huawei œuvre ŒUVRE naïveTÉ iPhone AWS cloud ΟΔΟΣ\'Α',
  // Outside the Basic Multilingual Plane: letters (CJK extension B, mathematical bold), an emoji, lone surrogates.
  '𠀀𠀁 ext-b \uD835\uDC00\uD835\uDC01 a\uD83D\uDE00b x\uD800y a\uDC00b \uD83D',
  'ends with a separator. ', 'ends with a word', '?', 'x',
];

describe('splitWords fast paths', () => {
  it('gives the words and folded words of the full Unicode treatment, ASCII or not', () => {
    for (const text of TEXTS) expect(splitWords(text), JSON.stringify(text)).toEqual(referenceSplit(text));
  });

  it('gives the words of the full Unicode treatment around every character of the Basic Multilingual Plane', () => {
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      // Alone, between letters, and beside a letter beyond ASCII: each may take a different path.
      for (const text of [character, `Ab${character}cD ${character}`, `é${character}Z`]) {
        const words = splitWords(text);
        const expected = referenceSplit(text);
        // Compared by hand: toEqual would cost seconds over the 190,000 texts.
        if (words.written.join('|') !== expected.written.join('|') || words.folded.join('|') !== expected.folded.join('|')) {
          expect(words, `U+${code.toString(16)} in ${JSON.stringify(text)}`).toEqual(expected);
        }
      }
    }
  });

  it('treats the underscore and other ASCII punctuation as separators, as \\p{L}\\p{N} does', () => {
    expect(splitWords('export_controls_2025').written).toEqual(['export', 'controls', '2025']);
  });

  it('folds each word on its own: capitals anywhere, letters beyond ASCII at any place', () => {
    expect(splitWords('iPhone AWS cloud').folded).toEqual(['iphone', 'aws', 'cloud']);
    expect(splitWords('Œuvre naïveTÉ Huawei中国 STRAßE').folded).toEqual(['oeuvre', 'naivete', 'huawei中国', 'strasse']);
    expect(splitWords('a\uD83D\uDE00b 𠀀x').written).toEqual(['a', 'b', '𠀀x']);
  });

  it('reads typographic punctuation as separators, and compatibility characters as what they decompose to', () => {
    expect(splitWords('Nvidia’s “H20”… in\u00a0China').written).toEqual(['Nvidia', 's', 'H20', 'in', 'China']);
    expect(splitWords('Acme™ – ①').written).toEqual(['AcmeTM', '1']);
    expect(splitWords('Acme™ – X').written).toEqual(['AcmeTM', 'X']);
  });

  it('gives no word for empty text or text without letters and digits', () => {
    expect(splitWords('')).toEqual({ written: [], folded: [] });
    expect(splitWords(' “…” — ')).toEqual({ written: [], folded: [] });
  });
});

describe('wordsOf', () => {
  it('gives the title\'s words, BREAK, then the summary\'s, so that no phrase spans both', () => {
    expect(wordsOf({ title: 'Huawei’s Pékin lab', summary: 'Export controls.' })).toEqual({
      written: ['Huawei', 's', 'Pekin', 'lab', BREAK, 'Export', 'controls'],
      folded: ['huawei', 's', 'pekin', 'lab', BREAK, 'export', 'controls'],
    });
    expect(wordsOf({ title: '', summary: '' })).toEqual({ written: [BREAK], folded: [BREAK] });
    expect(findPhrases(DECOUPLING, wordsOf({ title: 'New export', summary: 'controls' }))).toEqual([]);
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
  const startWords = startWordsOf(indexes);

  it('finds the same hits as the search of every position, overlaps and plurals included', () => {
    const texts = [
      'Amazon Web Services sells GPUs to Amazon in Beijing under export controls',
      'amazon web services, GPUs, gpus, GPU, export control export controls',
      'Amazon Amazon Web Amazon Web Services closes its Shanghai lab; the entity list grows',
      'nothing here at all',
    ];
    for (const text of texts) {
      const words = splitWords(text);
      const starts = phraseStarts(startWords, words);
      for (const each of indexes) expect(findPhrases(each, words, starts), text).toEqual(findPhrases(each, words));
      expect(starts.length).toBeLessThan(words.folded.length);
    }
    // "Services" inside "Amazon Web Services" is not a hit of its own; after it, it is.
    const words = splitWords('Amazon Web Services sells GPUs to Amazon Services');
    const hits = findPhrases(index, words, phraseStarts(startWords, words));
    expect(hits.map((hit) => hit.values)).toEqual([['aws'], ['gpu'], ['amazon'], ['services']]);
  });

  it('takes a plural "s" only on the last word, and lists a word\'s own phrase before the plural of another', () => {
    const plurals = buildPhraseIndex([
      { text: 'export control', value: 'export control', plural: true },
      { text: 'chip', value: 'chip', plural: true },
      { text: 'chips', value: 'chips' },
      { text: 'ban', value: 'ban' },
    ]);
    const words = splitWords('exports control, export controls, chips, bans');
    const hits = findPhrases(plurals, words, phraseStarts(startWordsOf([plurals]), words));
    expect(hits.map(({ text, values }) => ({ text, values }))).toEqual([
      { text: 'export control', values: ['export control'] },
      { text: 'chips', values: ['chips', 'chip'] },
    ]);
  });
});
