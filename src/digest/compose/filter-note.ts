import { formatNumber, type Locale } from '../../i18n/locale.ts';
import { plural } from '../../i18n/typography.ts';
import { layoutPages } from '../../render/layout.ts';
import type { MessagePayload } from '../../render/payload.ts';
import { feedLine } from '../../render/untrusted.ts';
import type { FilteredOut, FilterRemoval } from './filters.ts';

const NOTE_COLOR = 0x7f8c8d;
/** Items named one per line at most; the others are counted. */
export const FILTER_NOTE_MAX_LINES = 10;
const TITLE_MAX = 120;
const WORD_MAX = 60;

const WORDS = {
  title: { en: 'Kept out by this server’s filters', fr: 'Écartées par les filtres de ce serveur' },
  intro: {
    en: { one: '{n} item would be in this digest without the filters (/digest filter):', other: '{n} items would be in this digest without the filters (/digest filter):' },
    fr: { one: '{n} actualité serait dans cette revue sans les filtres (/digest filter)\u202f:', other: '{n} actualités seraient dans cette revue sans les filtres (/digest filter)\u202f:' },
  },
  exclude: { en: 'excluded word “{word}”', fr: 'mot exclu «\u202f{word}\u202f»' },
  include: { en: 'matches no included word', fr: 'ne contient aucun mot inclus' },
  more: { en: '+{n} more', fr: '+{n} autres' },
} as const;

/** Why the filters keep an item out, in a few words: "excluded word “huawei”", "matches no included word". */
export function describeRemoval(removal: FilterRemoval, locale: Locale): string {
  return removal.rule === 'exclude' ? WORDS.exclude[locale].replace('{word}', feedLine(removal.word, WORD_MAX)) : WORDS.include[locale];
}

/** For /digest preview: which items the server's filters kept out of the digest, and why. None: undefined. */
export function filteredNote(filtered: readonly FilteredOut[], locale: Locale): MessagePayload | undefined {
  if (filtered.length === 0) return undefined;
  const n = formatNumber(filtered.length, locale);
  const lines = filtered.slice(0, FILTER_NOTE_MAX_LINES).map(({ item, removal }) => `🚫 **${feedLine(item.title, TITLE_MAX)}** — ${describeRemoval(removal, locale)}`);
  const hidden = filtered.length - FILTER_NOTE_MAX_LINES;
  if (hidden > 0) lines.push(WORDS.more[locale].replace('{n}', formatNumber(hidden, locale)));
  const [page] = layoutPages([{ title: WORDS.title[locale], color: NOTE_COLOR, description: [plural(filtered.length, WORDS.intro[locale], locale).replace('{n}', n), ...lines] }], { locale });
  return page;
}
