import { formatPartialDate, type Locale } from '../i18n/locale.ts';
import type { Dimension, Dynamic } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { headlineIndicator } from '../kb/dimensions.ts';
import { LEADER_LABELS, LEADER_SYMBOLS, TREND_LABELS } from './labels.ts';
import { layoutPages, section, type EmbedBlock } from './layout.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload } from './payload.ts';
import { selectRow } from './select.ts';
import { sourceLinks } from './sources.ts';
import { withColon } from '../i18n/typography.ts';

const BALANCE_COLOR = 0x16a085;
const US_COLOR = 0x3c3b6e;
const CHINA_COLOR = 0xde2910;

const WORDS = {
  glance: { en: '⚖️ The US–China AI balance at a glance', fr: '⚖️ Le rapport de force IA États-Unis–Chine d’un coup d’œil' },
  scorecard: { en: 'Scorecard: who leads, the trend, the telling figure', fr: 'Tableau de bord\u00a0: qui mène, la tendance, le chiffre parlant' },
  openDimension: { en: 'Open a dimension: indicators, sources, outlook', fr: 'Ouvrir une dimension\u00a0: indicateurs, sources, perspectives' },
  usDynamics: { en: '🇺🇸 The two US internal dynamics', fr: '🇺🇸 Les deux dynamiques internes américaines' },
  risk: { en: 'Risk', fr: 'Risque' },
  interaction: { en: 'How they interact', fr: 'Comment elles interagissent' },
  chinaStrategy: { en: '🇨🇳 China’s strategy', fr: '🇨🇳 La stratégie de la Chine' },
  outlook: { en: '🔭 Outlook', fr: '🔭 Perspectives' },
  thesis: { en: '📌 Thesis', fr: '📌 Thèse' },
  sources: { en: 'Sources', fr: 'Sources' },
} as const;

/** One dimension on one line: name · who leads · trend · its most telling indicator and when. */
const scorecardLine = memoPerItem((_kb, dimension: Dimension, locale): string => {
  const parts = [
    `${LEADER_SYMBOLS[dimension.leader]} **${escapeLine(dimension.name[locale])}**`,
    LEADER_LABELS[dimension.leader][locale],
    TREND_LABELS[dimension.trend][locale],
  ];
  const telling = headlineIndicator(dimension);
  if (telling !== undefined) {
    parts.push(`${withColon(escapeLine(telling.label[locale]), locale)} ${escapeLine(telling.value[locale])} (${formatPartialDate(telling.date, locale)})`);
  }
  return parts.join(' · ');
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
 * The whole balance, overview first: the thesis and a one-line-per-dimension scorecard, then the two US
 * internal dynamics and their interaction, China's strategy and the outlook, from kb.balance. With `menuId`,
 * every page carries a menu opening each dimension as /dimension shows it.
 */
export function renderBalance(kb: KnowledgeBase, locale: Locale, menuId?: string): MessagePayload[] {
  const { balance } = kb;
  const blocks: EmbedBlock[] = [
    {
      title: WORDS.glance[locale],
      color: BALANCE_COLOR,
      description: [
        ...section(WORDS.thesis[locale], [escapeLine(balance.thesis[locale])]),
        '',
        ...section(WORDS.scorecard[locale], kb.dimensions.map((d) => scorecardLine(kb, d, locale))),
        '',
        `**${withColon(WORDS.sources[locale], locale)}** ${sourceLinks(kb, balance.sources, locale)}`,
      ],
    },
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
  ];
  const pages = layoutPages(blocks, { locale });
  if (menuId === undefined) return pages;
  const menu = selectRow(menuId, WORDS.openDimension[locale], kb.dimensions.slice(0, 25).map((d) => ({
    label: `${LEADER_SYMBOLS[d.leader]} ${d.name[locale]}`,
    value: d.id,
    description: `${LEADER_LABELS[d.leader][locale]} · ${TREND_LABELS[d.trend][locale]}`,
  })));
  return pages.map((page) => ({ ...page, components: [menu] }));
}
