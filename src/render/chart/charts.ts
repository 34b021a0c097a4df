import type { Locale } from '../../i18n/locale.ts';
import { perKnowledgeBase } from '../../kb/indexes.ts';
import type { Dimension } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { MessageFile } from '../payload.ts';
import { dimensionChartSpec } from './dimension-spec.ts';
import type { ChartJob } from './job.ts';
import { scorecardSpec } from './scorecard-spec.ts';

/**
 * The charts the answers attach, each drawn once per knowledge base and locale and cached with the kb
 * (the promise is cached, so concurrent first asks share one drawing; a failed drawing is not retried).
 * warm.ts fills the cache from a drawing process; what it has not filled is drawn here when asked.
 */

const ALT = {
  balance: { en: 'Chart: who leads each dimension of the US–China AI balance, and its trend', fr: 'Graphique : qui mène chaque dimension du rapport de force IA États-Unis–Chine, et sa tendance' },
  dimension: { en: 'Chart: the figures of this dimension’s indicators', fr: 'Graphique : les chiffres des indicateurs de cette dimension' },
} as const;

/** One chart an answer may attach: its file's name and alt text, and what to draw (none: the answer has no chart). */
export interface ChartEntry {
  readonly name: string;
  readonly description: string;
  readonly job: ChartJob | undefined;
}

/** The drawn charts of each knowledge base, by file name. */
export const chartCache = perKnowledgeBase(() => new Map<string, Promise<MessageFile | undefined>>());

export function balanceEntry(kb: KnowledgeBase, locale: Locale): ChartEntry {
  return { name: `balance-${locale}.png`, description: ALT.balance[locale], job: { kind: 'scorecard', spec: scorecardSpec(kb, locale) } };
}

export function dimensionEntry(dimension: Dimension, locale: Locale): ChartEntry {
  const spec = dimensionChartSpec(dimension, locale);
  return { name: `dimension-${dimension.id}-${locale}.png`, description: ALT.dimension[locale], job: spec && { kind: 'panels', spec } };
}

/** The entry's file once `png` is drawn. */
export async function chartFile(entry: ChartEntry, png: Promise<Buffer>): Promise<MessageFile> {
  return { name: entry.name, data: await png, description: entry.description };
}

async function drawHere(entry: ChartEntry): Promise<MessageFile | undefined> {
  if (entry.job === undefined) return undefined;
  // Loaded on first use only: the bot draws in a child process (warm.ts) and never loads the canvas itself.
  const { drawJob } = await import('./job.ts');
  return chartFile(entry, drawJob(entry.job));
}

function cached(kb: KnowledgeBase, name: string, entry: () => ChartEntry): Promise<MessageFile | undefined> {
  const cache = chartCache(kb);
  let file = cache.get(name);
  if (file === undefined) {
    file = drawHere(entry());
    cache.set(name, file);
  }
  return file;
}

/** The /balance scorecard as a PNG: every dimension, who leads it and where its trend heads. */
export function balanceChart(kb: KnowledgeBase, locale: Locale): Promise<MessageFile> {
  return cached(kb, `balance-${locale}.png`, () => balanceEntry(kb, locale)) as Promise<MessageFile>;
}

/** The dimension's indicators in figures as a PNG; undefined when no indicator compares two numbers. */
export function dimensionChart(kb: KnowledgeBase, dimension: Dimension, locale: Locale): Promise<MessageFile | undefined> {
  return cached(kb, `dimension-${dimension.id}-${locale}.png`, () => dimensionEntry(dimension, locale));
}
