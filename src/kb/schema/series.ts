import { z } from 'zod';
import { localizedText, partialDate } from './primitives.ts';

/** What a series' numbers count. One unit per series, so its points can share one axis. */
export const seriesUnit = z.enum(['percent', 'count', 'usd-billion', 'percentage-points']);
export type SeriesUnit = z.infer<typeof seriesUnit>;
/** Whose number a point is: a power, a region, or the world as a reference. */
export const seriesParty = z.enum(['us', 'china', 'europe', 'uae', 'world']);
export type SeriesParty = z.infer<typeof seriesParty>;

/** One number of an indicator, at the date it describes (not the date it was published). */
export const seriesPoint = z.strictObject({
  date: partialDate,
  value: z.number().finite().nonnegative(),
  unit: seriesUnit,
  party: seriesParty,
  /** What the number measures when one indicator holds several series (a benchmark's name). */
  label: localizedText.optional(),
  /** As the source words it: "about 75%", "more than 38,000". Absent: the source's own figure. */
  qualifier: z.enum(['about', 'more-than']).optional(),
});
export type SeriesPoint = z.infer<typeof seriesPoint>;

/** The series key of a point: its party and label. A series holds one point per key and date, all in one unit. */
export const series = z
  .array(seriesPoint)
  .min(1)
  .superRefine((points, ctx) => {
    const seen = new Set<string>();
    points.forEach((point, i) => {
      if (point.unit !== points[0]?.unit) ctx.addIssue({ code: 'custom', path: [i, 'unit'], message: `one unit per series: "${points[0]?.unit}" then "${point.unit}"` });
      const key = `${point.date}|${point.party}|${point.label?.en ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `two points for ${point.party}${point.label ? ` (${point.label.en})` : ''} on ${point.date}` });
      seen.add(key);
    });
  });
