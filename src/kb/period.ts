import { UserError } from '../errors.ts';
import { formatPartialDate } from '../i18n/locale.ts';
import { periodEnd, periodStart } from './dates.ts';
import { partialDate, type PartialDate } from './schema/index.ts';
import { quoted } from '../i18n/typography.ts';

/** Which end of a period a date bounds; it only changes the wording of errors. */
export type PeriodBound = 'since' | 'until';

/** The years the schema accepts. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
const BOUND_NAMES: Readonly<Record<PeriodBound, { en: string; fr: string }>> = {
  since: { en: 'start date', fr: 'date de début' },
  until: { en: 'end date', fr: 'date de fin' },
};
const FORMS = {
  en: 'a year (2023), a month (2023-05 or 05/2023) or a day (2023-05-17 or 17/05/2023)',
  fr: `une année (2023), un mois (2023-05 ou 05/2023) ou un jour (2023-05-17 ou 17/05/2023)`,
};

/** Year first, ISO style: 2023, 2023-05, 2023-05-17 (also with / or . between the parts). */
const YEAR_FIRST = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;
/** Year last, French order: 05/2023, 17/05/2023 (also with - or .). */
const YEAR_LAST = /^(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})$/;

function toPartialDate(year: string, month?: string, day?: string): PartialDate {
  const parts = [year, month?.padStart(2, '0'), day?.padStart(2, '0')].filter((p) => p !== undefined);
  return parts.join('-');
}

/**
 * Reads a period bound typed by a user, keeping its precision: "2023", "2023-05", "2023-05-17",
 * "05/2023", "17/05/2023" → "2023", "2023-05", "2023-05-17", "2023-05", "2023-05-17".
 * Anything else, or a day that does not exist (2023-02-30), is a UserError listing the accepted forms.
 */
export function parsePeriodBound(text: string, bound: PeriodBound): PartialDate {
  const trimmed = text.trim();
  const yearFirst = YEAR_FIRST.exec(trimmed);
  const yearLast = yearFirst ? null : YEAR_LAST.exec(trimmed);
  const date = yearFirst
    ? toPartialDate(yearFirst[1] ?? '', yearFirst[2], yearFirst[3])
    : yearLast
      ? toPartialDate(yearLast[3] ?? '', yearLast[2], yearLast[1])
      : undefined;
  if (date !== undefined && partialDate.safeParse(date).success) return date;
  const name = BOUND_NAMES[bound];
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed;
  const year = Number(date?.slice(0, 4));
  const problem =
    date === undefined
      ? { en: `${quoted(shown, 'en')} is not a valid ${name.en}.`, fr: `${quoted(shown, 'fr')} n’est pas une ${name.fr} valide.` }
      : year < MIN_YEAR || year > MAX_YEAR
        ? { en: `${year} is outside the years covered (${MIN_YEAR}–${MAX_YEAR}).`, fr: `${year} est hors des années couvertes (${MIN_YEAR}–${MAX_YEAR}).` }
        : { en: `${quoted(shown, 'en')} is not a real calendar date.`, fr: `${quoted(shown, 'fr')} n’est pas une date qui existe.` };
  throw new UserError({
    en: `${problem.en} Give ${FORMS.en}.`,
    fr: `${problem.fr} Indiquez ${FORMS.fr}.`,
  });
}

/** Throws a UserError when the period is empty: its start comes after its end. */
export function checkPeriod(since?: PartialDate, until?: PartialDate): void {
  if (since === undefined || until === undefined || periodStart(since) <= periodEnd(until)) return;
  throw new UserError({
    en: `The start date (${formatPartialDate(since, 'en')}) is after the end date (${formatPartialDate(until, 'en')}).`,
    fr: `La date de début (${formatPartialDate(since, 'fr')}) est postérieure à la date de fin (${formatPartialDate(until, 'fr')}).`,
  });
}
