import type { Locale } from '../../i18n/locale.ts';
import { NBSP } from '../../i18n/typography.ts';
import type { SeriesPoint, SeriesUnit } from '../../kb/schema/index.ts';

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

function number(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 1 }).format(value);
}

/** "75%" / « 75 % », "$109.1bn" / « 109,1 Md$ », "17.5 pts", "38,000" / « 38 000 ». */
export function formatValue(value: number, unit: SeriesUnit, locale: Locale): string {
  const n = number(value, locale);
  switch (unit) {
    case 'percent':
      return locale === 'fr' ? `${n}${NBSP}%` : `${n}%`;
    case 'usd-billion':
      return locale === 'fr' ? `${n}${NBSP}Md$` : `$${n}bn`;
    case 'percentage-points':
      return `${n}${NBSP}pts`;
    case 'count':
      return n;
  }
}

/** A point's value as its source words it: "≈ 75%", "> 38,000". */
export function formatPoint(point: SeriesPoint, locale: Locale): string {
  const value = formatValue(point.value, point.unit, locale);
  if (point.qualifier === 'about') return `≈${NBSP}${value}`;
  if (point.qualifier === 'more-than') return `>${NBSP}${value}`;
  return value;
}

/** Words cut into lines of at most `width` characters (a longer word stays whole), for chart titles. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
