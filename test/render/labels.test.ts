import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/i18n/locale.ts';
import { confidence, country, eventCategory, eventKind, leader, trend } from '../../src/kb/schema/index.ts';
import {
  CATEGORY_LABELS, CONFIDENCE_LABELS, COUNTRY_FLAGS, COUNTRY_LABELS, formatHeadcount, HEADCOUNT_LABELS, KIND_LABELS,
  ICONS, LEADER_LABELS, LEADER_SYMBOLS, TREND_LABELS,
} from '../../src/render/labels.ts';

describe('labels', () => {
  const tables = [
    ['category', CATEGORY_LABELS, eventCategory.options],
    ['kind', KIND_LABELS, eventKind.options],
    ['leader', LEADER_LABELS, leader.options],
    ['trend', TREND_LABELS, trend.options],
    ['confidence', CONFIDENCE_LABELS, confidence.options],
    ['country', COUNTRY_LABELS, country.options],
    ['headcount', HEADCOUNT_LABELS, ['exact', 'about', 'more-than', 'range', 'undisclosed']],
  ] as const;

  it.each(tables)('has an English and a French %s label for every value of the schema', (_, table, values) => {
    expect(Object.keys(table).sort()).toEqual([...values].sort());
    for (const label of Object.values(table) as { en: string; fr: string }[]) {
      expect(label.en.trim()).not.toBe('');
      expect(label.fr.trim()).not.toBe('');
    }
  });

  it('has a symbol for every leader and country, with the flags the brief names', () => {
    expect(LEADER_SYMBOLS).toEqual({ us: '🔵', china: '🔴', contested: '🟡' });
    expect(Object.keys(COUNTRY_FLAGS).sort()).toEqual([...country.options].sort());
  });

  it('keeps kind labels usable as slash-command choice names (unique, at most 100 characters)', () => {
    for (const locale of ['en', 'fr'] as const) {
      const names = Object.values(KIND_LABELS).map((label) => label[locale]);
      expect(new Set(names).size).toBe(names.length);
      for (const name of names) expect(name.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('formatHeadcount', () => {
  it('states each qualifier in English and French with localized numbers', () => {
    const sources = ['src-a'];
    expect(formatHeadcount({ qualifier: 'more-than', count: 1000, sources }, 'en')).toBe('more than 1,000');
    expect(formatHeadcount({ qualifier: 'more-than', count: 1000, sources }, 'fr')).toBe(`plus de ${formatNumber(1000, 'fr')}`);
    expect(formatNumber(1000, 'fr')).toMatch(/^1\s000$/u);
    expect(formatHeadcount({ qualifier: 'about', count: 150, sources }, 'en')).toBe('about 150');
    expect(formatHeadcount({ qualifier: 'about', count: 150, sources }, 'fr')).toBe('environ 150');
    expect(formatHeadcount({ qualifier: 'range', count: 700, max: 800, sources }, 'en')).toBe('700–800');
    expect(formatHeadcount({ qualifier: 'range', count: 700, max: 800, sources }, 'fr')).toBe('700 à 800');
    expect(formatHeadcount({ qualifier: 'exact', count: 2500, sources }, 'en')).toBe('2,500');
    expect(formatHeadcount({ qualifier: 'undisclosed', sources }, 'en')).toBe('undisclosed');
    expect(formatHeadcount({ qualifier: 'undisclosed', sources }, 'fr')).toBe('non communiqué');
  });

  it('gives each icon one meaning: no two facts share one, and none is a flag or a leader’s symbol', () => {
    const icons = Object.values(ICONS);
    expect(new Set(icons).size).toBe(icons.length);
    const symbols = new Set<string>([...Object.values(COUNTRY_FLAGS), ...Object.values(LEADER_SYMBOLS)]);
    expect(icons.filter((icon) => symbols.has(icon))).toEqual([]);
    const flags = new Set<string>(Object.values(COUNTRY_FLAGS));
    expect(Object.values(LEADER_SYMBOLS).filter((symbol) => flags.has(symbol))).toEqual([]);
  });
});
