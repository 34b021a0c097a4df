import { formatNumber, formatPartialDate, type Locale } from '../i18n/locale.ts';
import { compareNewestFirst } from '../kb/dates.ts';
import type { Dimension, Indicator, KbEvent, Leader } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { timelineLine } from './events.ts';
import { CONFIDENCE_LABELS, LEADER_LABELS, LEADER_SYMBOLS, TREND_LABELS } from './labels.ts';
import { layoutPages, section, type EmbedBlock } from './layout.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload } from './payload.ts';
import { articleReference, sourceLinks } from './sources.ts';
import { quoted, withColon } from '../i18n/typography.ts';

/** Embed colour of a dimension, by who leads it. */
export const LEADER_COLORS = {
  us: 0x3c3b6e,
  china: 0xde2910,
  contested: 0xf1c40f,
} as const satisfies Record<Leader, number>;

const WORDS = {
  lead: { en: 'Who leads', fr: 'Qui mène' },
  trend: { en: 'Trend', fr: 'Tendance' },
  indicators: { en: 'Indicators', fr: 'Indicateurs' },
  confidence: { en: 'confidence', fr: 'fiabilité' },
  articleView: { en: 'The founding article’s view', fr: 'La lecture de l’article fondateur' },
  accordingTo: { en: 'According to', fr: 'Selon' },
  outlook: { en: 'Outlook', fr: 'Perspectives' },
  related: { en: 'Related events', fr: 'Événements liés' },
  noRelated: { en: 'No event recorded for this dimension.', fr: 'Aucun événement enregistré pour cette dimension.' },
} as const;

/** "🇺🇸 United States · Gap narrowing" with its labels in bold. */
export function leaderAndTrend(dimension: Dimension, locale: Locale): string {
  const leader = `${LEADER_SYMBOLS[dimension.leader]} ${LEADER_LABELS[dimension.leader][locale]}`;
  return `**${withColon(WORDS.lead[locale], locale)}** ${leader} · **${withColon(WORDS.trend[locale], locale)}** ${TREND_LABELS[dimension.trend][locale]}`;
}

/** "**May 2025** — Share: 75% · confidence: high · [Source](url)", rendered once per kb and locale. */
export const indicatorLine = memoPerItem((kb, indicator: Indicator, locale): string => {
  const what = `${withColon(escapeLine(indicator.label[locale]), locale)} ${escapeLine(indicator.value[locale])}`;
  const confidence = `${withColon(WORDS.confidence[locale], locale)} ${CONFIDENCE_LABELS[indicator.confidence][locale]}`;
  return `**${formatPartialDate(indicator.date, locale)}** — ${what} · ${confidence} · ${sourceLinks(kb, indicator.sources, locale)}`;
});

/** Indicators newest first (stable for equal dates). */
export function indicatorsNewestFirst(dimension: Dimension): Indicator[] {
  return [...dimension.indicators].sort((a, b) => compareNewestFirst(a.date, b.date));
}

/**
 * One dimension: who leads, the trend, the summary, every indicator with its date and source, the founding
 * article's view (attributed), the outlook, then the related events.
 */
export function renderDimension(kb: KnowledgeBase, dimension: Dimension, relatedEvents: readonly KbEvent[], locale: Locale): MessagePayload[] {
  const color = LEADER_COLORS[dimension.leader];
  const view = `${withColon(`${WORDS.accordingTo[locale]} ${articleReference(kb, dimension.articleView.source, locale)}`, locale)} ${quoted(escapeLine(dimension.articleView.text[locale]), locale)}`;
  const blocks: EmbedBlock[] = [
    {
      title: `${LEADER_SYMBOLS[dimension.leader]} ${escapeLine(dimension.name[locale])}`,
      color,
      description: [
        leaderAndTrend(dimension, locale),
        '',
        escapeLine(dimension.summary[locale]),
        '',
        ...section(WORDS.indicators[locale], indicatorsNewestFirst(dimension).map((indicator) => indicatorLine(kb, indicator, locale))),
        '',
        ...section(WORDS.articleView[locale], [view]),
        '',
        ...section(WORDS.outlook[locale], [escapeLine(dimension.outlook[locale])]),
      ],
    },
    {
      title: `${WORDS.related[locale]} (${formatNumber(relatedEvents.length, locale)})`,
      color,
      description: relatedEvents.length === 0 ? [WORDS.noRelated[locale]] : relatedEvents.map((event) => timelineLine(kb, event, locale)),
    },
  ];
  return layoutPages(blocks, { locale });
}
