import type { FeedTruncation } from '../digest/collect-fetch.ts';
import { formatNumber, type Locale } from '../i18n/locale.ts';
import type { LocalizedText } from '../kb/schema.ts';

/** A byte cap in mebibytes, one decimal only when needed: "20", "4,8" / "4.8". */
function megabyteCount(bytes: number, locale: Locale): string {
  return formatNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10, locale);
}

/** "20 MB" / "20 Mo". */
function megabytes(bytes: number, locale: Locale): string {
  return `${megabyteCount(bytes, locale)}\u00a0${locale === 'fr' ? 'Mo' : 'MB'}`;
}

/** Said after a reason when a feed cut at the byte cap could not be read: "Only its first 20 MB were read." */
export function byteCapNote(maxBytes: number): LocalizedText {
  return {
    en: `Only its first ${megabytes(maxBytes, 'en')} were read (the size cap).`,
    fr: `Seuls ses ${megabyteCount(maxBytes, 'fr')} premiers\u00a0Mo ont été lus (la limite de taille).`,
  };
}

function firstItems(items: number, locale: Locale): string {
  const count = formatNumber(items, locale);
  if (locale === 'fr') {
    if (items === 0) return 'aucun élément complet n’a pu être lu';
    return items === 1 ? 'seul le premier élément a été lu' : `seuls les ${count} premiers éléments ont été lus`;
  }
  if (items === 0) return 'no complete item could be read';
  return items === 1 ? 'only the first item was read' : `the first ${count} items were read`;
}

/**
 * One line on a feed read only in part, `items` being what was read: "truncated at 20 MB: the first 4,321 items were
 * read" / "tronqué à 20 Mo : seuls les 4 321 premiers éléments ont été lus". Plain text, no markdown.
 */
export function describeTruncation(truncation: FeedTruncation, items: number, locale: Locale): string {
  const what = firstItems(items, locale);
  if (truncation.by === 'bytes') {
    return locale === 'fr'
      ? `tronqué à ${megabytes(truncation.limit, 'fr')}\u00a0: ${what}`
      : `truncated at ${megabytes(truncation.limit, 'en')}: ${what}`;
  }
  const limit = formatNumber(truncation.limit, locale);
  return locale === 'fr' ? `plus de ${limit} éléments\u00a0: ${what}` : `more than ${limit} items: ${what}`;
}
