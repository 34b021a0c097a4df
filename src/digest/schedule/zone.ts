/**
 * Wall clock ↔ instant in an IANA time zone, with only the ICU data `Intl` carries.
 * Local days are numbered like UTC days: day `n` is the calendar date of `n × 24 h` after the epoch, and a wall
 * time is written as "wall milliseconds", the instant it would be if the zone were UTC.
 */

export const SECOND_MS = 1000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Wider than every UTC offset in use (−12 h to +14 h): a local day lies within this much of its UTC twin. */
export const OFFSET_SPAN_MS = 14 * HOUR_MS;

/** The offsets in force around one local day: `before` until `switchAt`, `after` from it (equal on most days). */
export interface DayZone {
  readonly before: number;
  readonly after: number;
  readonly switchAt: number;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The UTC offset (wall clock minus UTC, in milliseconds) in force at an instant. */
export function offsetAt(instantMs: number, timeZone: string): number {
  const wall = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
  for (const part of wallFormatter(timeZone).formatToParts(instantMs)) {
    if (part.type in wall) wall[part.type as keyof typeof wall] = Number(part.value);
  }
  const wallMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallMs - (instantMs - (((instantMs % SECOND_MS) + SECOND_MS) % SECOND_MS));
}

/**
 * The offsets around local day `day` and, when they differ, the first second of the new offset, found by
 * halving the interval. Assumes at most one offset change within a day and a half, which holds for every
 * zone today.
 */
export function dayZone(day: number, timeZone: string): DayZone {
  const from = day * DAY_MS - OFFSET_SPAN_MS;
  const to = (day + 1) * DAY_MS + OFFSET_SPAN_MS;
  const before = offsetAt(from, timeZone);
  const after = offsetAt(to, timeZone);
  if (before === after) return { before, after, switchAt: to };
  let low = from;
  let high = to;
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / (2 * SECOND_MS)) * SECOND_MS;
    if (offsetAt(middle, timeZone) === before) low = middle;
    else high = middle;
  }
  return { before, after: offsetAt(high, timeZone), switchAt: high };
}

/**
 * The instant a wall time stands for, or undefined when the clocks skip it (spring forward).
 * A wall time read twice (fall back) gives the instant node-cron fires at: the offset in force at the wall time
 * read as UTC decides, i.e. the later reading east of Greenwich (Paris: 02:30 CET) and the earlier west of it
 * (New York: 01:30 EDT). Agreeing with node-cron keeps the computed runs equal to the runs that happen.
 */
export function wallToInstant(wallMs: number, zone: DayZone): number | undefined {
  if (zone.before === zone.after) return wallMs - zone.before;
  const early = wallMs - zone.before;
  const late = wallMs - zone.after;
  const earlyExists = early < zone.switchAt;
  const lateExists = late >= zone.switchAt;
  if (earlyExists && lateExists) return wallMs < zone.switchAt ? early : late;
  if (earlyExists) return early;
  if (lateExists) return late;
  return undefined;
}
