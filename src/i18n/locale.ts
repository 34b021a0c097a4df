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

const dayFormat = {
  en: new Intl.DateTimeFormat(INTL_LOCALE.en, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat(INTL_LOCALE.fr, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const monthFormat = {
  en: new Intl.DateTimeFormat(INTL_LOCALE.en, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  fr: new Intl.DateTimeFormat(INTL_LOCALE.fr, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/**
 * "22 July 2025" / "22 juillet 2025", "July 2025" / "juillet 2025", "2025": never more precise than the fact.
 * French writes the first day of a month as an ordinal: "1er novembre 2025".
 */
export function formatPartialDate(date: string, locale: Locale): string {
  const [year, month, day] = date.split('-').map(Number);
  if (year === undefined) return date;
  if (month === undefined) return String(year);
  const utc = new Date(Date.UTC(year, month - 1, day ?? 1));
  const text = (day === undefined ? monthFormat : dayFormat)[locale].format(utc);
  return locale === 'fr' && day === 1 ? text.replace(/^1(?=\s)/, '1er') : text;
}

// Built once: a new Intl.NumberFormat per call cost more than the digest's layout around it.
const numberFormat = { en: new Intl.NumberFormat(INTL_LOCALE.en), fr: new Intl.NumberFormat(INTL_LOCALE.fr) };

export function formatNumber(value: number, locale: Locale): string {
  return numberFormat[locale].format(value);
}
