import type { Locale } from '../../i18n/locale.ts';
import { perKnowledgeBase } from '../../kb/indexes.ts';
import type { Dimension } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { memoPerItem } from '../memo.ts';
import type { MessageFile } from '../payload.ts';
import { dimensionChartSpec } from './dimension-spec.ts';
import { drawPanels, drawScorecard } from './draw.ts';
import { loadChartKit } from './kit.ts';
import { scorecardSpec } from './scorecard-spec.ts';

/**
 * The charts the answers attach, each drawn once per knowledge base and locale and cached with the kb
 * (the promise is cached, so concurrent first asks share one drawing; a failed drawing is not retried).
 */

const ALT = {
  balance: { en: 'Chart: who leads each dimension of the US–China AI balance, and its trend', fr: 'Graphique : qui mène chaque dimension du rapport de force IA États-Unis–Chine, et sa tendance' },
  dimension: { en: 'Chart: the figures of this dimension’s indicators', fr: 'Graphique : les chiffres des indicateurs de cette dimension' },
} as const;

const balanceCharts = perKnowledgeBase((kb) => {
  const draw = async (locale: Locale): Promise<MessageFile> => ({
    name: `balance-${locale}.png`,
    data: await drawScorecard(await loadChartKit(), scorecardSpec(kb, locale)),
    description: ALT.balance[locale],
  });
  const cache: Partial<Record<Locale, Promise<MessageFile>>> = {};
  return (locale: Locale) => (cache[locale] ??= draw(locale));
});

/** The /balance scorecard as a PNG: every dimension, who leads it and where its trend heads. */
export function balanceChart(kb: KnowledgeBase, locale: Locale): Promise<MessageFile> {
  return balanceCharts(kb)(locale);
}

/** The dimension's indicators in figures as a PNG; undefined when no indicator compares two numbers. */
export const dimensionChart = memoPerItem(async (_kb, dimension: Dimension, locale): Promise<MessageFile | undefined> => {
  const spec = dimensionChartSpec(dimension, locale);
  if (spec === undefined) return undefined;
  return { name: `dimension-${dimension.id}-${locale}.png`, data: await drawPanels(await loadChartKit(), spec), description: ALT.dimension[locale] };
});
