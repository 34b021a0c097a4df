import { formatNumber, type Locale, type LocalizedText } from '../../i18n/locale.ts';
import { NBSP } from '../../i18n/typography.ts';

/**
 * Only the start of a feed was read: its body went on past the byte cap (`by: 'bytes'`, `limit` in bytes), or it held
 * more items than are read (`by: 'items'`). Feeds list newest first, so the items read are its newest.
 */
export interface FeedTruncation {
  readonly by: 'bytes' | 'items';
  readonly limit: number;
}

const MB = 1024 * 1024;

/** A byte cap as a count and a unit: 20 MB, 4.8 MB, 20 KB below a megabyte (binary units, one decimal when needed). */
function size(bytes: number, locale: Locale): { count: string; unit: string } {
  if (bytes < MB) return { count: formatNumber(Math.round(bytes / 1024), locale), unit: locale === 'fr' ? 'Ko' : 'KB' };
  return { count: formatNumber(Math.round((bytes / MB) * 10) / 10, locale), unit: locale === 'fr' ? 'Mo' : 'MB' };
}

/** "20 MB" / "20 Mo". */
function sizeText(bytes: number, locale: Locale): string {
  const { count, unit } = size(bytes, locale);
  return `${count}${NBSP}${unit}`;
}

/** Said after a reason when a feed cut at the byte cap could not be read: "Only its first 20 MB were read." */
export function byteCapNote(maxBytes: number): LocalizedText {
  const fr = size(maxBytes, 'fr');
  return {
    en: `Only its first ${sizeText(maxBytes, 'en')} were read (the size cap).`,
    fr: `Seuls ses ${fr.count} premiers${NBSP}${fr.unit} ont été lus (la limite de taille).`,
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
      ? `tronqué à ${sizeText(truncation.limit, 'fr')}${NBSP}: ${what}`
      : `truncated at ${sizeText(truncation.limit, 'en')}: ${what}`;
  }
  const limit = formatNumber(truncation.limit, locale);
  return locale === 'fr' ? `plus de ${limit} éléments${NBSP}: ${what}` : `more than ${limit} items: ${what}`;
}
