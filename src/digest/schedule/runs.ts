import { cronFields, matchesDay, timesOfDayFrom, timesOfDayUpTo } from './cron.ts';
import { DAY_MS, HOUR_MS, OFFSET_SPAN_MS, SECOND_MS, dayZone, wallToInstant } from './zone.ts';
import { validateCron } from './input.ts';

/** How far `previousRun` looks back unless told otherwise. */
export const DEFAULT_RUN_LOOKBACK_MS = 48 * HOUR_MS;

/** How far `nextRun` looks ahead: "0 0 29 2 1" (a 29 February that is a Monday) may be decades away. */
const MAX_DAYS_AHEAD = 100 * 366;

const SECONDS_PER_DAY = 86_400;

/**
 * The first run of `cron` in `timeZone` strictly after `after`, the instant node-cron fires at: wall times the
 * clocks skip (spring forward) never run, a wall time read twice (fall back) runs once.
 * Throws a UserError for an invalid cron expression and a RangeError for an unknown time zone.
 */
export function nextRun(cron: string, timeZone: string, after: Date): Date {
  const fields = cronFields(validateCron(cron));
  const afterMs = after.getTime();
  const firstDay = Math.floor((afterMs - OFFSET_SPAN_MS) / DAY_MS);
  for (let day = firstDay; day < firstDay + MAX_DAYS_AHEAD; day++) {
    if (!matchesDay(fields, day)) continue;
    const zone = dayZone(day, timeZone);
    const dayStart = day * DAY_MS;
    const from = Math.floor((afterMs + Math.min(zone.before, zone.after) - dayStart) / SECOND_MS);
    if (from >= SECONDS_PER_DAY) continue;
    for (const time of timesOfDayFrom(fields, Math.max(0, from))) {
      const instant = wallToInstant(dayStart + time * SECOND_MS, zone);
      if (instant !== undefined && instant > afterMs) return new Date(instant);
    }
  }
  throw new Error(`“${cron}” has no run in the ${MAX_DAYS_AHEAD} days after ${after.toISOString()}`);
}

/**
 * The latest run of `cron` in `timeZone` at or before `before`, if it is no older than `maxLookbackMs`
 * (48 h by default). A run exactly at `before` counts: it is one `nextRun(before)` would not give.
 */
export function previousRun(
  cron: string,
  timeZone: string,
  before: Date,
  options: { maxLookbackMs?: number } = {},
): Date | undefined {
  const fields = cronFields(validateCron(cron));
  const beforeMs = before.getTime();
  const earliest = beforeMs - (options.maxLookbackMs ?? DEFAULT_RUN_LOOKBACK_MS);
  const lastDay = Math.floor((beforeMs + OFFSET_SPAN_MS) / DAY_MS);
  const firstDay = Math.floor((earliest - OFFSET_SPAN_MS) / DAY_MS);
  for (let day = lastDay; day >= firstDay; day--) {
    if (!matchesDay(fields, day)) continue;
    const zone = dayZone(day, timeZone);
    const dayStart = day * DAY_MS;
    const to = Math.floor((beforeMs + Math.max(zone.before, zone.after) - dayStart) / SECOND_MS);
    if (to < 0) continue;
    for (const time of timesOfDayUpTo(fields, Math.min(SECONDS_PER_DAY - 1, to))) {
      const instant = wallToInstant(dayStart + time * SECOND_MS, zone);
      if (instant === undefined || instant > beforeMs) continue;
      return instant >= earliest ? new Date(instant) : undefined;
    }
  }
  return undefined;
}

/**
 * The run to catch up after downtime, if any: the latest slot at or before `now`, provided it is no older than
 * `maxLookbackMs` and later than the last run (any such slot when there was none). Older misses are dropped and
 * several missed slots give one run, never a burst.
 */
export function missedRun(
  cron: string,
  timeZone: string,
  lastRunAt: Date | undefined,
  now: Date,
  maxLookbackMs: number,
): Date | undefined {
  const slot = previousRun(cron, timeZone, now, { maxLookbackMs });
  if (slot === undefined) return undefined;
  if (lastRunAt !== undefined && slot.getTime() <= lastRunAt.getTime()) return undefined;
  return slot;
}
