import type { PartialDate } from './schema/index.ts';
import { byCodeUnits } from '../order.ts';

/** First day of the period a partial date names, as YYYY-MM-DD ("2025" → "2025-01-01"). */
export function periodStart(date: PartialDate): string {
  const [year, month = '01', day = '01'] = date.split('-');
  return `${year}-${month}-${day}`;
}

/** Last day of the period a partial date names, as YYYY-MM-DD ("2025-02" → "2025-02-28"). */
export function periodEnd(date: PartialDate): string {
  const [year, month, day] = date.split('-');
  if (day !== undefined) return date;
  if (month === undefined) return `${year}-12-31`;
  const lastDay = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  return `${year}-${month}-${String(lastDay).padStart(2, '0')}`;
}

/** Newest first: later period starts first; at equal starts the more precise date first. */
export function compareNewestFirst(a: PartialDate, b: PartialDate): number {
  const byStart = byCodeUnits(periodStart(b), periodStart(a));
  return byStart !== 0 ? byStart : b.length - a.length;
}

/** Which part of a year or month a date without its finer parts names: "early 2025", "late October 2022". */
export type DatePrecision = 'early' | 'mid' | 'late';

/** Months of a year's thirds, and days of a month's: early, mid, late. */
const YEAR_THIRDS = { early: ['01', '04'], mid: ['05', '08'], late: ['09', '12'] } as const;
const MONTH_THIRDS = { early: ['01', '10'], mid: ['11', '20'], late: ['21', undefined] } as const;

/**
 * First and last day (YYYY-MM-DD) of the period a date names, narrowed by its precision: "2025" is the
 * whole year, "early 2025" January to April, "late 2022-10" 21 to 31 October. A day's precision is ignored.
 */
export function datePeriod(date: PartialDate, precision?: DatePrecision): readonly [string, string] {
  const [year, month, day] = date.split('-');
  if (precision === undefined || day !== undefined) return [periodStart(date), periodEnd(date)];
  if (month === undefined) {
    const [first, last] = YEAR_THIRDS[precision];
    return [`${year}-${first}-01`, periodEnd(`${year}-${last}`)];
  }
  const [first, last] = MONTH_THIRDS[precision];
  return [`${year}-${month}-${first}`, last === undefined ? periodEnd(date) : `${year}-${month}-${last}`];
}

/**
 * True when the whole period of `date` lies within [since, until] (either bound may be open): an event
 * known only as "2025" or "early 2025" did not surely happen "since April 2025", so it is left out.
 */
export function within(date: PartialDate, precision: DatePrecision | undefined, since?: PartialDate, until?: PartialDate): boolean {
  const [start, end] = datePeriod(date, precision);
  if (since !== undefined && start < periodStart(since)) return false;
  if (until !== undefined && end > periodEnd(until)) return false;
  return true;
}
