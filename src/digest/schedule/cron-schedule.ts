import type { Locale } from '../../i18n/locale.ts';
import { cronFields, cronProblem, normalizeCron } from './cron.ts';
import { timeToCron, type DigestTime } from './input.ts';

function everyValue(values: ReadonlySet<number>, from: number, to: number): boolean {
  for (let value = from; value <= to; value++) if (!values.has(value)) return false;
  return true;
}

/** ISO 8601 weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const WEEKDAY_NAMES = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
} as const;

/** The name of ISO weekday `weekday` (1 = Monday): "Monday" / « lundi ». */
export function weekdayName(weekday: number, locale: Locale): string {
  return WEEKDAY_NAMES[locale][weekday - 1] ?? String(weekday);
}

/**
 * The cron expression of a digest at that time, every day or once a week on ISO weekday `weekday`
 * (1 = Monday … 7 = Sunday, which cron writes 0): { hour: 8, minute: 0 }, weekly, 1 → "0 8 * * 1".
 */
export function scheduleCron(time: DigestTime, frequency: 'daily' | 'weekly', weekday?: number): string {
  const daily = timeToCron(time);
  if (frequency === 'daily') return daily;
  if (weekday === undefined || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new RangeError(`not an ISO weekday: ${weekday}`);
  return `${daily.slice(0, -1)}${weekday % 7}`;
}

/** The one time of day of a cron that runs once on the days it runs (any days), on the minute; else undefined. */
export function cronTime(cron: string): DigestTime | undefined {
  if (cronProblem(cron) !== undefined) return undefined;
  const fields = cronFields(cron);
  const [second, ...otherSeconds] = fields.seconds;
  const [minute, ...otherMinutes] = fields.minutes;
  const [hour, ...otherHours] = fields.hours;
  if (second !== 0 || minute === undefined || hour === undefined) return undefined;
  return otherSeconds.length + otherMinutes.length + otherHours.length > 0 ? undefined : { hour, minute };
}

/** The time of a cron that runs once a day, every day, on the minute; undefined for any other cron. */
export function dailyTime(cron: string): DigestTime | undefined {
  const time = cronTime(cron);
  if (time === undefined) return undefined;
  const fields = cronFields(cron);
  const everyDay = everyValue(fields.daysOfMonth, 1, 31) && everyValue(fields.months, 1, 12) && everyValue(fields.daysOfWeek, 0, 6);
  return everyDay ? time : undefined;
}

/** The time and ISO weekday of a cron that runs once a week, on the minute; undefined for any other cron. */
export function weeklyTime(cron: string): { time: DigestTime; weekday: number } | undefined {
  const time = cronTime(cron);
  if (time === undefined) return undefined;
  const fields = cronFields(cron);
  const [day, ...otherDays] = fields.daysOfWeek;
  if (day === undefined || otherDays.length > 0 || !everyValue(fields.daysOfMonth, 1, 31) || !everyValue(fields.months, 1, 12)) return undefined;
  return { time, weekday: day === 0 ? 7 : day };
}

const clockOf = (time: DigestTime) => `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;

/**
 * The schedule in words: "every day at 08:00 (Europe/Paris)" / « tous les jours à 08:00 (Europe/Paris) » for a
 * daily cron, "every Monday at 08:00 (UTC)" / « tous les lundis à 08:00 (UTC) » for a weekly one, the expression
 * itself otherwise ("30 7 * * 1-5 (Europe/Paris)").
 */
export function describeSchedule(cron: string, tz: string, locale: Locale): string {
  const time = dailyTime(cron);
  if (time !== undefined) return locale === 'fr' ? `tous les jours à ${clockOf(time)} (${tz})` : `every day at ${clockOf(time)} (${tz})`;
  const weekly = weeklyTime(cron);
  if (weekly === undefined) return `${normalizeCron(cron)} (${tz})`;
  const day = weekdayName(weekly.weekday, locale);
  return locale === 'fr' ? `tous les ${day}s à ${clockOf(weekly.time)} (${tz})` : `every ${day} at ${clockOf(weekly.time)} (${tz})`;
}
