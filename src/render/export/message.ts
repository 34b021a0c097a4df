import { formatNumber, type Locale } from '../../i18n/locale.ts';
import { plural } from '../../i18n/typography.ts';
import { noMentions, type MessagePayload } from '../payload.ts';

const WORDS = {
  row: { en: { one: 'event', other: 'events' }, fr: { one: 'événement', other: 'événements' } },
  attached: {
    en: (count: string) => `📎 The list as CSV (${count}; UTF-8, opens in Excel, LibreOffice or Google Sheets).`,
    fr: (count: string) => `📎 La liste en CSV (${count}\u202f; UTF-8, s’ouvre dans Excel, LibreOffice ou Google Sheets).`,
  },
  fileName: { en: 'retreats.csv', fr: 'retraits.csv' },
} as const;

/** A message carrying a CSV export of `count` events, with a line saying what it is. */
export function exportMessage(count: number, data: Buffer, locale: Locale): MessagePayload {
  const counted = `${formatNumber(count, locale)} ${plural(count, WORDS.row[locale], locale)}`;
  return { content: WORDS.attached[locale](counted), embeds: [], files: [{ name: WORDS.fileName[locale], data }], allowed_mentions: noMentions() };
}
