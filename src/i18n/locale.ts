/** Text users read, always in both languages. */
export interface LocalizedText {
  en: string;
  fr: string;
}

export type Locale = 'en' | 'fr';
export const LOCALES: readonly Locale[] = ['en', 'fr'];

/** French for any French Discord locale ("fr", "fr-FR"…), English otherwise. */
export function toLocale(discordLocale: string | null | undefined): Locale {
  return discordLocale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function pick(text: LocalizedText, locale: Locale): string {
  return text[locale];
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR' };

/**
 * One formatter per locale, built at its first use and kept: building one per call cost more than the digest's
 * layout around it, and building them all at start-up brought ICU's locale data into memory (about 8 MB) before
 * anyone asked for a date or a number.
 */
function formatterPerLocale<F>(build: (intlLocale: string) => F): (locale: Locale) => F {
  const built: Partial<Record<Locale, F>> = {};
  return (locale) => (built[locale] ??= build(INTL_LOCALE[locale]));
}

const dayFormat = formatterPerLocale((intl) => new Intl.DateTimeFormat(intl, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));
const monthFormat = formatterPerLocale((intl) => new Intl.DateTimeFormat(intl, { month: 'long', year: 'numeric', timeZone: 'UTC' }));

/**
 * "22 July 2025" / "22 juillet 2025", "July 2025" / "juillet 2025", "2025": never more precise than the fact.
 * French writes the first day of a month as an ordinal: "1er novembre 2025".
 */
export function formatPartialDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined) return date;
  if (month === undefined) return String(year);
  const utc = new Date(Date.UTC(year, month - 1, day ?? 1));
  const text = (day === undefined ? monthFormat : dayFormat)(locale).format(utc);
  return locale === 'fr' && day === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
}

const numberFormat = formatterPerLocale((intl) => new Intl.NumberFormat(intl));

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat(locale).format(value);
}
