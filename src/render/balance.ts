import { formatPartialDate, type Locale } from '../i18n/locale.ts';
import type { Dimension, Dynamic } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { indicatorsNewestFirst } from './dimension.ts';
import { LEADER_LABELS, LEADER_SYMBOLS, TREND_LABELS } from './labels.ts';
import { layoutPages, section, type EmbedBlock } from './layout.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload } from './payload.ts';
import { sourceLinks } from './sources.ts';
import { withColon } from '../i18n/typography.ts';

const BALANCE_COLOR = 0x16a085;
const US_COLOR = 0x3c3b6e;
const CHINA_COLOR = 0xde2910;

const WORDS = {
  glance: { en: '⚖️ The US–China AI balance at a glance', fr: '⚖️ Le rapport de force IA États-Unis–Chine d’un coup d’œil' },
  latest: { en: 'Latest', fr: 'Dernier indicateur' },
  usDynamics: { en: '🇺🇸 The two US internal dynamics', fr: '🇺🇸 Les deux dynamiques internes américaines' },
  risk: { en: 'Risk', fr: 'Risque' },
  interaction: { en: 'How they interact', fr: 'Comment elles interagissent' },
  chinaStrategy: { en: '🇨🇳 China’s strategy', fr: '🇨🇳 La stratégie de la Chine' },
  outlook: { en: '🔭 Outlook', fr: '🔭 Perspectives' },
  thesis: { en: '📌 Thesis', fr: '📌 Thèse' },
  sources: { en: 'Sources', fr: 'Sources' },
} as const;

/** One dimension in three lines: name, leader and trend; its summary; its latest indicator with date and source. */
const dimensionItem = memoPerItem((kb, dimension: Dimension, locale): string => {
  const leader = `${LEADER_LABELS[dimension.leader][locale]} · ${TREND_LABELS[dimension.trend][locale]}`;
  const lines = [`${LEADER_SYMBOLS[dimension.leader]} **${escapeLine(dimension.name[locale])}** — ${leader}`];
  lines.push(escapeLine(dimension.summary[locale]));
  const latest = indicatorsNewestFirst(dimension)[0];
  if (latest !== undefined) {
    const value = `${withColon(escapeLine(latest.label[locale]), locale)} ${escapeLine(latest.value[locale])}`;
    lines.push(`↳ **${withColon(WORDS.latest[locale], locale)}** ${value} (${formatPartialDate(latest.date, locale)}, ${sourceLinks(kb, latest.sources, locale)})`);
  }
  return lines.join('\n');
});

const dynamicItem = memoPerItem((kb, dynamic: Dynamic, locale): string =>
  [
    `**${escapeLine(dynamic.title[locale])}**`,
    escapeLine(dynamic.summary[locale]),
    `⚠️ **${withColon(WORDS.risk[locale], locale)}** ${escapeLine(dynamic.risk[locale])} · ${sourceLinks(kb, dynamic.sources, locale)}`,
  ].join('\n'),
);

/** Blank lines between items, so each reads as a paragraph. */
function spaced(items: readonly string[]): string[] {
  return items.flatMap((item, i) => (i === 0 ? [item] : ['', item]));
}

/**
 * The whole balance: every dimension at a glance, then the two US internal dynamics and their interaction,
 * China's strategy, the outlook and the thesis, from kb.balance.
 */
export function renderBalance(kb: KnowledgeBase, locale: Locale): MessagePayload[] {
  const { balance } = kb;
  const blocks: EmbedBlock[] = [
    { title: WORDS.glance[locale], color: BALANCE_COLOR, description: spaced(kb.dimensions.map((d) => dimensionItem(kb, d, locale))) },
    {
      title: WORDS.usDynamics[locale],
      color: US_COLOR,
      description: spaced([
        ...balance.usDynamics.map((dynamic) => dynamicItem(kb, dynamic, locale)),
        ...section(WORDS.interaction[locale], [escapeLine(balance.interaction[locale])]),
      ]),
    },
    { title: WORDS.chinaStrategy[locale], color: CHINA_COLOR, description: [escapeLine(balance.chinaStrategy[locale])] },
    {
      title: `${WORDS.outlook[locale]} (${escapeLine(balance.outlook.horizon[locale])})`,
      color: BALANCE_COLOR,
      description: balance.outlook.points.map((point) => `• ${escapeLine(point[locale])}`),
    },
    {
      title: WORDS.thesis[locale],
      color: BALANCE_COLOR,
      description: [escapeLine(balance.thesis[locale]), '', `**${withColon(WORDS.sources[locale], locale)}** ${sourceLinks(kb, balance.sources, locale)}`],
    },
  ];
  return layoutPages(blocks, { locale });
}
