import { UserError } from '../../errors.ts';
import type { LocalizedText } from '../../i18n/locale.ts';
import { cronProblem, normalizeCron } from './cron.ts';
import { suggestTimeZones, zoneNameSpelling } from './zone-names.ts';
import { NARROW_NBSP, NBSP, quoted } from '../../i18n/typography.ts';

/** A time of day on the 24-hour clock. */
export interface DigestTime {
  readonly hour: number;
  readonly minute: number;
}

const MAX_ECHO = 60;

const TIME_EXAMPLES = { en: '08:00, 8h30, 20:15 or 8 pm', fr: '08:00, 8h30, 20:15 ou 8 pm' };
const ZONE_EXAMPLES = { en: 'Europe/Paris, America/New_York, Asia/Shanghai or UTC', fr: 'Europe/Paris, America/New_York, Asia/Shanghai ou UTC' };
const CRON_EXAMPLES = {
  en: '0 8 * * * (every day at 08:00) or 30 7 * * 1-5 (Monday to Friday at 07:30)',
  fr: '0 8 * * * (tous les jours à 08:00) ou 30 7 * * 1-5 (du lundi au vendredi à 07:30)',
};

function echo(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_ECHO ? `${trimmed.slice(0, MAX_ECHO - 1)}…` : trimmed;
}

/** "08:00", "8:00", "20:15", with an optional "am"/"pm" ("8:30 pm", "8:30p.m."). */
const CLOCK = /^(\d{1,2}):(\d{2})(?:\s*([ap])\.?m\.?)?$/;
/** The French way: "8h", "8h30", "08 h 30". */
const FRENCH = /^(\d{1,2})\s*h\s*(\d{2})?$/;
/** A bare hour, with an optional "am"/"pm": "8", "8am", "8 pm". */
const HOUR = /^(\d{1,2})(?:\s*([ap])\.?m\.?)?$/;

function timeError(input: string, outOfRange: boolean): UserError {
  const typed = echo(input);
  if (typed === '') {
    return new UserError({
      en: `Give a time of day, for example ${TIME_EXAMPLES.en}.`,
      fr: `Indiquez une heure, par exemple ${TIME_EXAMPLES.fr}.`,
    });
  }
  const en = outOfRange
    ? `${quoted(typed, 'en')} is not a valid time: hours go from 0 to 23 (1 to 12 with am or pm) and minutes from 00 to 59.`
    : `${quoted(typed, 'en')} is not a time of day.`;
  const fr = outOfRange
    ? `${quoted(typed, 'fr')} n’est pas une heure valide${NBSP}: les heures vont de 0 à 23 (de 1 à 12 avec am ou pm) et les minutes de 00 à 59.`
    : `${quoted(typed, 'fr')} n’est pas une heure.`;
  return new UserError({
    en: `${en} Write it like ${TIME_EXAMPLES.en}.`,
    fr: `${fr} Écrivez-la par exemple ${TIME_EXAMPLES.fr}.`,
  });
}

/**
 * Reads a time of day as people type it: "08:00", "8:00", "20:15", "8h", "8h30", "08h30", "8am", "8 pm", "12am".
 * Throws a UserError, in both languages with examples, for anything else or for an impossible time (25:00, 12:60).
 */
export function parseDigestTime(input: string): DigestTime {
  const text = input.trim().toLowerCase();
  const match = CLOCK.exec(text) ?? FRENCH.exec(text);
  const bare = match === null ? HOUR.exec(text) : null;
  if (match === null && bare === null) throw timeError(input, false);
  const hourText = match?.[1] ?? bare?.[1] ?? '';
  const minuteText = match === null ? undefined : match[2];
  const meridiem = match === null ? bare?.[2] : match[3];
  let hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) throw timeError(input, true);
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw timeError(input, true);
  return { hour, minute };
}

/** The cron expression of a daily run at that time: { hour: 8, minute: 0 } → "0 8 * * *". */
export function timeToCron(time: DigestTime): string {
  const { hour, minute } = time;
  if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    throw new RangeError(`not a time of day: ${hour}:${minute}`);
  }
  return `${minute} ${hour} * * *`;
}

/**
 * The IANA name of a time zone typed in any case, as the runtime spells it: "europe/paris" → "Europe/Paris",
 * "utc" → "UTC", "US/Eastern" → "America/New_York". Throws a UserError suggesting close names otherwise.
 */
export function validateTimeZone(tz: string): string {
  const text = tz.trim();
  let resolved: string | undefined;
  try {
    if (text !== '') resolved = new Intl.DateTimeFormat(undefined, { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    resolved = undefined;
  }
  if (resolved !== undefined) return zoneNameSpelling(text) ?? resolved;
  throw new UserError(unknownZoneMessage(tz));
}

function unknownZoneMessage(tz: string): LocalizedText {
  const typed = echo(tz);
  if (typed === '') {
    return {
      en: `Give a time zone, for example ${ZONE_EXAMPLES.en}.`,
      fr: `Indiquez un fuseau horaire, par exemple ${ZONE_EXAMPLES.fr}.`,
    };
  }
  const suggestions = suggestTimeZones(typed).join(', ');
  if (suggestions !== '') {
    return {
      en: `${quoted(typed, 'en')} is not a time zone I know. Did you mean: ${suggestions}?`,
      fr: `${quoted(typed, 'fr')} n’est pas un fuseau horaire connu. Vouliez-vous dire${NBSP}: ${suggestions}${NARROW_NBSP}?`,
    };
  }
  return {
    en: `${quoted(typed, 'en')} is not a time zone I know. Use an IANA name such as ${ZONE_EXAMPLES.en}.`,
    fr: `${quoted(typed, 'fr')} n’est pas un fuseau horaire connu. Indiquez un nom IANA comme ${ZONE_EXAMPLES.fr}.`,
  };
}

/**
 * Checks a cron expression the way node-cron reads it (5 fields, or 6 with the seconds first; names, ranges,
 * steps, @daily…) and returns it with single spaces. Throws a UserError giving the reason and examples.
 */
export function validateCron(expr: string): string {
  const problem = cronProblem(expr);
  if (problem === undefined) return normalizeCron(expr);
  const typed = echo(expr);
  throw new UserError({
    en: `${quoted(typed, 'en')} is not a valid cron expression: ${problem.en} For example: ${CRON_EXAMPLES.en}.`,
    fr: `${quoted(typed, 'fr')} n’est pas une expression cron valide${NBSP}: ${problem.fr} Par exemple${NBSP}: ${CRON_EXAMPLES.fr}.`,
  });
}
