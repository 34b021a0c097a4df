import { z } from 'zod';
import { confidence, id, localizedText, partialDate } from './primitives.ts';
import { series } from './series.ts';

export const leader = z.enum(['us', 'china', 'contested']);
export type Leader = z.infer<typeof leader>;
export const trend = z.enum(['gap-narrowing', 'gap-widening', 'stable', 'shifting-to-china', 'shifting-to-us']);
export type Trend = z.infer<typeof trend>;

export const indicator = z.strictObject({
  id,
  date: partialDate,
  label: localizedText,
  value: localizedText,
  /** The numbers of `value`, where the sources give numbers; every point is sourced by the indicator's sources. */
  series: series.optional(),
  sources: z.array(id).min(1),
  confidence,
  /** The dimension's most telling indicator, shown in the /balance scorecard (at most one per dimension). */
  headline: z.literal(true).optional(),
});
export type Indicator = z.infer<typeof indicator>;

export const dimension = z.strictObject({
  id,
  name: localizedText,
  /** Other names users type, in either language. */
  aliases: z.array(z.string().trim().min(1)),
  leader,
  trend,
  summary: localizedText,
  indicators: z.array(indicator).min(1),
  outlook: localizedText,
  /** How the second founding article reads this dimension. */
  articleView: z.strictObject({ text: localizedText, source: id }),
  /** Words that tie a news item to this dimension. */
  keywords: z.strictObject({ en: z.array(z.string().trim().min(1)).min(1), fr: z.array(z.string().trim().min(1)).min(1) }),
});
export type Dimension = z.infer<typeof dimension>;
