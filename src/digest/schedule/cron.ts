import { parse, validateDetailed } from 'node-cron';
import type { LocalizedText } from '../../i18n/locale.ts';
import { DAY_MS } from './zone.ts';
import { quoted } from '../../i18n/typography.ts';

/** A cron expression's fields as node-cron reads them: seconds, minutes and hours ascending, days as sets. */
export interface CronFields {
  readonly seconds: readonly number[];
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 is Sunday. */
  readonly daysOfWeek: ReadonlySet<number>;
}

const FIELD_NAMES: Readonly<Record<string, { en: string; fr: string; range: string }>> = {
  second: { en: 'the seconds', fr: 'les secondes', range: '0-59' },
  minute: { en: 'the minutes', fr: 'les minutes', range: '0-59' },
  hour: { en: 'the hour', fr: 'l’heure', range: '0-23' },
  dayOfMonth: { en: 'the day of the month', fr: 'le jour du mois', range: '1-31' },
  month: { en: 'the month', fr: 'le mois', range: '1-12, jan-dec' },
  dayOfWeek: { en: 'the day of the week', fr: 'le jour de la semaine', range: '0-7, sun-sat' },
};

/** Collapses runs of spaces: "0  8 * * *" → "0 8 * * *". */
export function normalizeCron(expression: string): string {
  return expression.trim().replace(/\s+/g, ' ');
}

function fieldCount(expression: string): number {
  return expression === '' ? 0 : expression.split(' ').length;
}

/**
 * Why node-cron would refuse the expression, in both languages, or undefined when it is fine.
 * The L, W and # day forms are refused too: the run arithmetic here does not model them.
 */
export function cronProblem(expression: string): LocalizedText | undefined {
  const normalized = normalizeCron(expression);
  const result = validateDetailed(normalized);
  const error = result.errors[0];
  if (result.valid && result.fields !== undefined) {
    const special = [...result.fields.dayOfMonth, ...result.fields.dayOfWeek].some((day) => typeof day !== 'number');
    if (!special) return undefined;
    return {
      en: 'the L, W and # day forms are not supported for digests.',
      fr: 'les formes de jour L, W et # ne sont pas prises en charge pour les résumés.',
    };
  }
  if (error === undefined || error.field === 'expression') {
    const count = fieldCount(normalized);
    if (count === 5 || count === 6) {
      return {
        en: 'it contains characters cron does not use.',
        fr: 'elle contient des caractères que cron n’utilise pas.',
      };
    }
    return {
      en: `it needs 5 fields (minute hour day month weekday), or 6 with the seconds first, not ${count}.`,
      fr: `il faut 5 champs (minute heure jour mois jour-de-semaine), ou 6 avec les secondes en tête, pas ${count}.`,
    };
  }
  const value = error.value ?? '';
  const name = FIELD_NAMES[error.field];
  if (/impossible day of month/.test(error.message)) {
    return {
      en: `the day ${quoted(value, 'en')} never occurs in the months chosen.`,
      fr: `le jour ${quoted(value, 'fr')} n’existe dans aucun des mois choisis.`,
    };
  }
  if (name === undefined) return { en: `${error.message}.`, fr: `${error.message}.` };
  return {
    en: `${quoted(value, 'en')} is not valid for ${name.en} (${name.range}).`,
    fr: `${quoted(value, 'fr')} n’est pas valide pour ${name.fr} (${name.range}).`,
  };
}

function numbers(values: readonly (number | string)[]): number[] {
  return values.filter((value): value is number => typeof value === 'number');
}

function ascending(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The fields of an expression `cronProblem` accepts (node-cron's own parse: names, ranges, steps, nicknames). */
export function cronFields(expression: string): CronFields {
  const fields = parse(normalizeCron(expression));
  return {
    seconds: ascending(fields.second),
    minutes: ascending(fields.minute),
    hours: ascending(fields.hour),
    daysOfMonth: new Set(numbers(fields.dayOfMonth)),
    months: new Set(fields.month),
    daysOfWeek: new Set(numbers(fields.dayOfWeek)),
  };
}

/** Whether the calendar date of local day `day` matches; node-cron requires both day fields to match. */
export function matchesDay(fields: CronFields, day: number): boolean {
  const date = new Date(day * DAY_MS);
  return (
    fields.months.has(date.getUTCMonth() + 1) &&
    fields.daysOfMonth.has(date.getUTCDate()) &&
    fields.daysOfWeek.has(date.getUTCDay())
  );
}

/** The matching times of day (seconds since midnight) at or after `from`, earliest first. */
export function* timesOfDayFrom(fields: CronFields, from: number): Generator<number> {
  for (const hour of fields.hours) {
    if (hour * 3600 + 3599 < from) continue;
    for (const minute of fields.minutes) {
      if (hour * 3600 + minute * 60 + 59 < from) continue;
      for (const second of fields.seconds) {
        const time = hour * 3600 + minute * 60 + second;
        if (time >= from) yield time;
      }
    }
  }
}

/** The matching times of day (seconds since midnight) at or before `to`, latest first. */
export function* timesOfDayUpTo(fields: CronFields, to: number): Generator<number> {
  for (const hour of fields.hours.toReversed()) {
    if (hour * 3600 > to) continue;
    for (const minute of fields.minutes.toReversed()) {
      if (hour * 3600 + minute * 60 > to) continue;
      for (const second of fields.seconds.toReversed()) {
        const time = hour * 3600 + minute * 60 + second;
        if (time <= to) yield time;
      }
    }
  }
}
