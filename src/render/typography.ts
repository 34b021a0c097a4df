import type { Locale } from '../i18n/locale.ts';

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

/** "Label:" / « Label : » (non-breaking space before the colon in French). */
export function withColon(label: string, locale: Locale): string {
  return locale === 'fr' ? `${label}${NBSP}:` : `${label}:`;
}

/** ";" with French spacing. */
export function semicolon(locale: Locale): string {
  return locale === 'fr' ? `${NARROW_NBSP};` : ';';
}

/** “text” / « text ». */
export function quoted(text: string, locale: Locale): string {
  return locale === 'fr' ? `«${NBSP}${text}${NBSP}»` : `“${text}”`;
}

/** Singular or plural noun after a count; French treats 0 and 1 as singular. */
export function plural(count: number, forms: { readonly one: string; readonly other: string }, locale: Locale): string {
  const singular = locale === 'fr' ? count <= 1 : count === 1;
  return singular ? forms.one : forms.other;
}
