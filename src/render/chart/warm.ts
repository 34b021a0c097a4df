import type { KnowledgeBase } from '../../kb/types.ts';
import { balanceChart, dimensionChart } from './charts.ts';

const LOCALES = ['en', 'fr'] as const;

/**
 * Draws every chart once, one at a time, into the per-kb cache, so that no user waits for the first drawing
 * (loading the canvas and chart.js, then drawing, takes up to a second on a busy host; Discord wants an answer
 * within three). The bot calls it in the background once it is ready.
 */
export async function warmCharts(kb: KnowledgeBase): Promise<void> {
  for (const locale of LOCALES) {
    await balanceChart(kb, locale);
    for (const dimension of kb.dimensions) await dimensionChart(kb, dimension, locale);
  }
}
