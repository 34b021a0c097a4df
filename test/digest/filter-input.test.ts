import { describe, expect, it } from 'vitest';
import { filterKey, MAX_FILTER_LENGTH, MAX_FILTER_WORDS, nextFilters, parseFilterWords } from '../../src/digest/filter-input.ts';
import { userError } from '../support/user-error.ts';

describe('parseFilterWords (the words of /digest filter include: and exclude:)', () => {
  it('trims, collapses spaces and drops empty entries', () => {
    expect(parseFilterWords('  Huawei ,export   controls,, ,Pékin,', 'include')).toEqual(['Huawei', 'export controls', 'Pékin']);
  });

  it('keeps each word once, by its folded form (case, accents and punctuation ignored), first spelling first', () => {
    expect(parseFilterWords('Pékin, pekin, PEKIN, Export-Controls, export controls, U.S.', 'exclude')).toEqual(['Pékin', 'Export-Controls', 'U.S.']);
  });

  it('folds a word as the tagger splits words', () => {
    expect(filterKey('  Export-Controls! ')).toBe('export controls');
    expect(filterKey('Œuvre')).toBe('oeuvre');
    expect(filterKey('?!')).toBe('');
  });

  it('refuses a list with no word, in both languages, naming clear:True', () => {
    const error = userError(() => parseFilterWords(' , ,', 'include'));
    expect(error.userMessage.en).toBe('Give the words to include, separated by commas, e.g. Huawei, export controls. clear:True removes the filters.');
    expect(error.userMessage.fr).toContain('Indiquez les mots à inclure');
  });

  it('refuses a word made of punctuation only: it would match nothing', () => {
    const error = userError(() => parseFilterWords('Huawei, ?!', 'exclude'));
    expect(error.userMessage.en).toBe('“?!” has no letter or digit: filters ignore punctuation, so it would match nothing.');
    expect(error.userMessage.fr).toBe('«\u00a0?!\u00a0» ne contient ni lettre ni chiffre\u00a0: les filtres ignorent la ponctuation, il ne correspondrait à rien.');
  });

  it('bounds the length of a word and the number of words', () => {
    const long = 'x'.repeat(MAX_FILTER_LENGTH + 1);
    expect(parseFilterWords('x'.repeat(MAX_FILTER_LENGTH), 'include')).toHaveLength(1);
    expect(userError(() => parseFilterWords(`ok, ${long}`, 'include')).userMessage.en).toContain(`is longer than ${MAX_FILTER_LENGTH} characters`);
    const many = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(',');
    expect(parseFilterWords(many(MAX_FILTER_WORDS), 'exclude')).toHaveLength(MAX_FILTER_WORDS);
    const error = userError(() => parseFilterWords(many(MAX_FILTER_WORDS + 1), 'exclude'));
    expect(error.userMessage.en).toBe(`${MAX_FILTER_WORDS + 1} words to exclude: at most ${MAX_FILTER_WORDS} are allowed.`);
    // Duplicates do not count against the bound.
    expect(parseFilterWords(`${many(MAX_FILTER_WORDS)},WORD0,word1`, 'exclude')).toHaveLength(MAX_FILTER_WORDS);
  });
});

describe('nextFilters', () => {
  const stored = { include: ['Huawei'], exclude: ['sports'] };

  it('replaces only the list given, and clear empties both first', () => {
    expect(nextFilters(stored, { include: ['TSMC'], clear: false })).toEqual({ include: ['TSMC'], exclude: ['sports'] });
    expect(nextFilters(stored, { exclude: ['football'], clear: false })).toEqual({ include: ['Huawei'], exclude: ['football'] });
    expect(nextFilters(stored, { clear: true })).toEqual({ include: [], exclude: [] });
    expect(nextFilters(stored, { exclude: ['football'], clear: true })).toEqual({ include: [], exclude: ['football'] });
    expect(nextFilters(undefined, { include: ['TSMC'], clear: false })).toEqual({ include: ['TSMC'], exclude: [] });
  });

  it('refuses a word both included and excluded, against the stored other list too', () => {
    expect(userError(() => nextFilters(stored, { exclude: ['HUAWEI'], clear: false })).userMessage.en).toBe('“Huawei” cannot be both included and excluded.');
    expect(userError(() => nextFilters(undefined, { include: ['Pékin'], exclude: ['pekin'], clear: false })).userMessage.fr).toBe('«\u00a0Pékin\u00a0» ne peut pas être à la fois inclus et exclu.');
  });
});
