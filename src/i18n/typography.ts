import type { Locale } from '../i18n/locale.ts';

/** No-break space: inside « », before a French colon, between a number and its unit. */
export const NBSP = '\u00a0';
/** Narrow no-break space: before a French semicolon, question or exclamation mark. */
export const NARROW_NBSP = '\u202f';

/** "Label:" / « Label : » (non-breaking space before the colon in French). */
export function withColon(label: string, locale: Locale): string {
  return locale === 'fr' ? `${label}${NBSP}:` : `${label}:`;
}

/** ";" with French spacing. */
export function semicolon(locale: Locale): string {
  return locale === 'fr' ? `${NARROW_NBSP};` : ';';
}

/** “text” / « text » (no-break spaces inside the French quotes). */
export function quoted(text: string, locale: Locale): string {
  return locale === 'fr' ? `«${NBSP}${text}${NBSP}»` : `“${text}”`;
}

/** Singular or plural noun after a count; French treats 0 and 1 as singular. */
export function plural(count: number, forms: { readonly one: string; readonly other: string }, locale: Locale): string {
  const singular = locale === 'fr' ? count <= 1 : count === 1;
  return singular ? forms.one : forms.other;
}

/**
 * French spacing for text written with plain spaces (the knowledge base's French, titles of French articles):
 * a narrow no-break space before ; ? !, a no-break space before : and inside « ». Nothing else changes.
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ ([;?!])/g, `${NARROW_NBSP}$1`)
    .replace(/ :(?=\s|$)/g, `${NBSP}:`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`);
}
