import { z } from 'zod';
import type { LocalizedText } from '../../i18n/locale.ts';

/** Text users read, always in both languages. */
export const localizedText: z.ZodType<LocalizedText> = z.strictObject({
  en: z.string().trim().min(1, 'English text is empty'),
  fr: z.string().trim().min(1, 'French text is empty'),
});

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const id = z.string().regex(ID_PATTERN, 'must be a kebab-case id (a-z, 0-9, single dashes)');

/** True when y-m-d is a real calendar day. */
function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date at its true precision: "2025", "2025-07" or "2025-07-22".
 * Facts are only as precise as their sources; a year-only date means "some time that year".
 */
export const partialDate = z.string().superRefine((value, ctx) => {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)` });
    return;
  }
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || !isRealDay(year, month, day)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a real calendar date` });
  }
});
export type PartialDate = string;

export const confidence = z.enum(['high', 'medium-high', 'medium', 'low']);
export type Confidence = z.infer<typeof confidence>;

export const language = z.enum(['en', 'fr', 'zh']);
