import type { PartialDate } from './schema/index.ts';

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
  const byStart = periodStart(b).localeCompare(periodStart(a));
  return byStart !== 0 ? byStart : b.length - a.length;
}

/** True when the period of `date` overlaps [since, until] (either bound may be open). */
export function overlaps(date: PartialDate, since?: PartialDate, until?: PartialDate): boolean {
  if (since !== undefined && periodEnd(date) < periodStart(since)) return false;
  if (until !== undefined && periodStart(date) > periodEnd(until)) return false;
  return true;
}
