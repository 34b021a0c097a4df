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
import { Footnotes } from './footnotes.ts';
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
  accordingTo: { en: 'According to the article', fr: 'Selon l’article' },
  outlook: { en: 'Outlook', fr: 'Perspectives' },
  related: { en: 'Related events', fr: 'Événements liés' },
  noRelated: { en: 'No event recorded for this dimension.', fr: 'Aucun événement enregistré pour cette dimension.' },
} as const;

/** "🇺🇸 United States · Gap narrowing" with its labels in bold. */
export function leaderAndTrend(dimension: Dimension, locale: Locale): string {
  const leader = `${LEADER_SYMBOLS[dimension.leader]} ${LEADER_LABELS[dimension.leader][locale]}`;
  return `**${withColon(WORDS.lead[locale], locale)}** ${leader} · **${withColon(WORDS.trend[locale], locale)}** ${TREND_LABELS[dimension.trend][locale]}`;
}

/** "**May 2025** — Share: 75%", with " · confidence: medium" when it is not high; rendered once per kb and locale. */
const indicatorText = memoPerItem((_kb, indicator: Indicator, locale): string => {
  const what = `${withColon(escapeLine(indicator.label[locale]), locale)} ${escapeLine(indicator.value[locale])}`;
  const confidence = indicator.confidence === 'high' ? '' : ` · ${withColon(WORDS.confidence[locale], locale)} ${CONFIDENCE_LABELS[indicator.confidence][locale]}`;
  return `**${formatPartialDate(indicator.date, locale)}** — ${what}${confidence}`;
});

/** An indicator with the markers of its sources in `notes`. */
export function indicatorLine(kb: KnowledgeBase, indicator: Indicator, locale: Locale, notes: Footnotes): string {
  return notes.after(indicatorText(kb, indicator, locale), indicator.sources);
}

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
  const notes = new Footnotes(kb, locale);
  const indicators = indicatorsNewestFirst(dimension).map((indicator) => indicatorLine(kb, indicator, locale, notes));
  // The article's reading is a paraphrase, so it is attributed but never put in quotation marks.
  const article = kb.sources.get(dimension.articleView.source);
  const title = article === undefined ? escapeLine(dimension.articleView.source) : quoted(escapeLine(article.title), locale);
  const view = `${withColon(`${WORDS.accordingTo[locale]} ${notes.after(title, [dimension.articleView.source])}`, locale)} ${escapeLine(dimension.articleView.text[locale])}`;
  const indicatorSources = notes.lines();
  const related = relatedEvents.map((event) => timelineLine(kb, event, locale, undefined, notes));
  const blocks: EmbedBlock[] = [
    {
      title: `${LEADER_SYMBOLS[dimension.leader]} ${escapeLine(dimension.name[locale])}`,
      color,
      description: [
        leaderAndTrend(dimension, locale),
        '',
        escapeLine(dimension.summary[locale]),
        '',
        ...section(WORDS.indicators[locale], indicators),
        '',
        ...section(WORDS.articleView[locale], [view]),
        '',
        ...section(WORDS.outlook[locale], [escapeLine(dimension.outlook[locale])]),
        '',
        ...indicatorSources,
      ],
    },
    {
      title: `${WORDS.related[locale]} (${formatNumber(relatedEvents.length, locale)})`,
      color,
      description: relatedEvents.length === 0 ? [WORDS.noRelated[locale]] : [...related, '', ...notes.lines()],
    },
  ];
  return layoutPages(blocks, { locale });
}
