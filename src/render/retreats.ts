import { formatNumber, formatPartialDate, type Locale, type LocalizedText } from '../i18n/locale.ts';
import type { Company, EventKind, KbEvent } from '../kb/schema/index.ts';
import { isRetreatKind } from '../kb/query.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { CATEGORY_COLORS, eventFactLines, eventHeading } from './events.ts';
import { KIND_LABELS } from './labels.ts';
import { lastingBlock, layoutPages, type EmbedBlock } from './layout.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload } from './payload.ts';
import { plural, withColon } from '../i18n/typography.ts';

/** The filters the user gave /retreats, already resolved. */
export interface RetreatFilters {
  readonly company?: Company;
  readonly kind?: EventKind;
  /** A partial date: "2023", "2023-05" or "2023-05-17". */
  readonly since?: string;
  readonly until?: string;
}

export interface RetreatsContext {
  readonly locale: Locale;
  readonly filters: RetreatFilters;
}

const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const HEADER_COLOR = 0x992d22;

const WORDS = {
  retreat: { en: { one: 'retreat', other: 'retreats' }, fr: { one: 'retrait', other: 'retraits' } },
  event: { en: { one: 'event', other: 'events' }, fr: { one: 'événement', other: 'événements' } },
  newestFirst: {
    en: 'Newest first. The small numbers after a fact point to its sources, listed under each event; a source without a link is named in italics.',
    fr: 'Du plus récent au plus ancien. Les petits numéros après un fait renvoient à ses sources, listées sous chaque événement\u202f; une source sans lien est nommée en italique.',
  },
  noneTitle: { en: 'No retreat found', fr: 'Aucun retrait trouvé' },
  noEventTitle: { en: 'No event found', fr: 'Aucun événement trouvé' },
  nothingMatches: { en: 'Nothing matches', fr: 'Rien ne correspond' },
  noRetreatAtAll: { en: 'The knowledge base holds no retreat yet.', fr: 'La base de connaissances ne contient encore aucun retrait.' },
  toWiden: { en: 'To widen the search', fr: 'Pour élargir la recherche' },
  widenPeriod: {
    en: '• widen the period, or leave out `since` and `until`;',
    fr: '• élargissez la période, ou retirez `depuis` et `jusque`\u202f;',
  },
  dropKind: { en: '• leave out `kind`, or try another kind;', fr: '• retirez `type`, ou essayez un autre type\u202f;' },
  dropCompany: {
    en: '• leave out `company`, or see `/company` for all of its events (not only retreats).',
    fr: '• retirez `entreprise`, ou consultez `/entreprise` pour tous ses événements (pas seulement les retraits).',
  },
} as const;

function formatBound(date: string, locale: Locale): string {
  return PARTIAL_DATE.test(date) ? formatPartialDate(date, locale) : escapeLine(date);
}

function sinceText(date: string, locale: Locale): string {
  const formatted = formatBound(date, locale);
  if (locale === 'en') return `since ${formatted}`;
  return date.length === 10 ? `depuis le ${formatted}` : `depuis ${formatted}`;
}

function untilText(date: string, locale: Locale): string {
  const formatted = formatBound(date, locale);
  if (locale === 'en') return `until ${formatted}`;
  return date.length === 10 ? `jusqu’au ${formatted}` : `jusqu’en ${formatted}`;
}

/** The active filters as "Microsoft · Lab closure · since 2023", or an empty list. */
export function filterParts(filters: RetreatFilters, locale: Locale): string[] {
  const parts: string[] = [];
  if (filters.company !== undefined) parts.push(escapeLine(filters.company.name));
  if (filters.kind !== undefined) parts.push(KIND_LABELS[filters.kind][locale]);
  if (filters.since !== undefined) parts.push(sinceText(filters.since, locale));
  if (filters.until !== undefined) parts.push(untilText(filters.until, locale));
  return parts;
}

export function nothingFound(filters: RetreatFilters, locale: Locale): EmbedBlock {
  const parts = filterParts(filters, locale);
  if (parts.length === 0) return { title: WORDS.noneTitle[locale], color: HEADER_COLOR, description: [WORDS.noRetreatAtAll[locale]] };
  const title = filters.kind === undefined || isRetreatKind(filters.kind) ? WORDS.noneTitle[locale] : WORDS.noEventTitle[locale];
  const tips: LocalizedText[] = [];
  if (filters.since !== undefined || filters.until !== undefined) tips.push(WORDS.widenPeriod);
  if (filters.kind !== undefined) tips.push(WORDS.dropKind);
  if (filters.company !== undefined) tips.push(WORDS.dropCompany);
  return {
    title,
    color: HEADER_COLOR,
    description: [`${withColon(WORDS.nothingMatches[locale], locale)} ${parts.join(' · ')}.`, '', withColon(WORDS.toWiden[locale], locale), ...tips.map((tip) => tip[locale])],
  };
}

/** One event with every fact and its sources: built and laid out once per kb and locale. */
export const eventBlock = memoPerItem(
  (kb, event: KbEvent, locale): EmbedBlock =>
    lastingBlock({ title: eventHeading(event, locale), color: CATEGORY_COLORS[event.category], description: eventFactLines(kb, event, locale) }),
);

/** "28 retreats · Microsoft · since 2023"; a kind outside the retreats (an export control) counts events. */
export function retreatsTitle(events: readonly KbEvent[], filters: RetreatFilters, locale: Locale): string {
  const noun = events.every((event) => event.category === 'retreat') ? WORDS.retreat : WORDS.event;
  const count = `${formatNumber(events.length, locale)} ${plural(events.length, noun[locale], locale)}`;
  return [count, ...filterParts(filters, locale)].join(' · ');
}

/** One event as a card of its own: every fact and its sources (the card a /retreats menu opens). */
export function renderEventCard(kb: KnowledgeBase, event: KbEvent, locale: Locale): MessagePayload[] {
  return layoutPages([eventBlock(kb, event, locale)], { locale });
}

/**
 * The retreat timeline, in the order given (newest first): a header stating the filters and the count, then
 * one embed per event with every fact and its sources. No events: one page saying so, with ways to widen.
 */
export function renderRetreats(kb: KnowledgeBase, events: readonly KbEvent[], context: RetreatsContext): MessagePayload[] {
  const { locale, filters } = context;
  if (events.length === 0) return layoutPages([nothingFound(filters, locale)], { locale });
  const header: EmbedBlock = {
    title: retreatsTitle(events, filters, locale),
    color: HEADER_COLOR,
    description: [WORDS.newestFirst[locale]],
  };
  return layoutPages([header, ...events.map((event) => eventBlock(kb, event, locale))], { locale });
}
