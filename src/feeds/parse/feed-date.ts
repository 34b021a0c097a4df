/**
 * Dates as feeds write them: RFC 822 ("Tue, 22 Jul 2025 10:00:00 GMT"), ISO 8601 ("2025-07-22T10:00:00Z"),
 * and the usual variants (no seconds, two-digit years, "July 22, 2025", named zones, French month names).
 * Deliberately not `Date.parse`, which reads almost anything ("1" is a date in 2001).
 */

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, janv: 1, janvier: 1, feb: 2, february: 2, fev: 2, fevr: 2, fevrier: 2,
  mar: 3, march: 3, mars: 3, apr: 4, april: 4, avr: 4, avril: 4, may: 5, mai: 5,
  jun: 6, june: 6, juin: 6, jul: 7, july: 7, juil: 7, juillet: 7, aug: 8, august: 8, aou: 8, aout: 8,
  sep: 9, sept: 9, september: 9, septembre: 9, oct: 10, october: 10, octobre: 10,
  nov: 11, november: 11, novembre: 11, dec: 12, december: 12, decembre: 12,
};

/** Offsets in minutes; RFC 822 zones plus the ones European and Asian feeds use. */
const ZONES: Readonly<Record<string, number>> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, bst: 60, cet: 60, met: 60, west: 60, cest: 120, mest: 120, eet: 120, eest: 180,
  msk: 180, hkt: 480, sgt: 480, awst: 480, jst: 540, kst: 540, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:t|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/;
const TIME = String.raw`(?:,?\s+(?:at\s+|a\s+)?(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(am|pm)?)?`;
const ZONE = String.raw`\s*([a-z]{1,5})?\s*([+-]\d{1,2}(?::?\d{2})?)?\s*(?:\([^)]*\))?$`;
/** "Tue, 22 Jul 2025 10:00:00 +0200", "22 juillet 2025 à 10h00". */
const DAY_MONTH_YEAR = new RegExp(String.raw`^(?:[a-z]+\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th|er)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})${TIME}${ZONE}`);
/** "July 22, 2025 10:00 AM EDT". */
const MONTH_DAY_YEAR = new RegExp(String.raw`^(?:[a-z]+\.?,?\s+)?([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}${ZONE}`);

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
}

function offsetOf(numeric: string | undefined, named: string | undefined): number | undefined {
  if (numeric !== undefined) {
    const match = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(numeric);
    if (!match) return undefined;
    const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
    return match[1] === '-' ? -minutes : minutes;
  }
  // An unknown zone name still leaves a date right to within a day: read it as UTC.
  return named === undefined ? 0 : (ZONES[named] ?? 0);
}

function fullYear(year: string): number {
  const value = Number(year);
  if (year.length === 4) return value;
  return value < 50 ? 2000 + value : 1900 + value;
}

function hour24(hour: string | undefined, meridiem: string | undefined): number {
  const value = Number(hour ?? 0);
  if (meridiem === 'pm' && value < 12) return value + 12;
  if (meridiem === 'am' && value === 12) return 0;
  return value;
}

function toIso(parts: DateParts): string | undefined {
  const { year, month, day, hour, minute, second, offsetMinutes } = parts;
  if (year < 1970 || year > 2100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  const check = new Date(local);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return new Date(local - offsetMinutes * 60_000).toISOString();
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');
}

function parseIso(text: string): string | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const zone = m[7];
  return toIso({
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0),
    offsetMinutes: zone === undefined || zone === 'z' ? 0 : (offsetOf(zone, undefined) ?? 0),
  });
}

function parseWritten(text: string): string | undefined {
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  const monthFirst = dayFirst ? null : MONTH_DAY_YEAR.exec(text);
  const m = dayFirst ?? monthFirst;
  if (!m) return undefined;
  const [day, monthName, year] = dayFirst ? [m[1], m[2], m[3]] : [m[2], m[1], m[3]];
  const month = MONTHS[monthName ?? ''];
  const offsetMinutes = offsetOf(m[9], m[8]);
  if (month === undefined || offsetMinutes === undefined || year === undefined) return undefined;
  return toIso({
    year: fullYear(year), month, day: Number(day),
    hour: hour24(m[4], m[7]), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0), offsetMinutes,
  });
}

/** A feed's date as ISO 8601 in UTC, or undefined when it cannot be read. */
export function parseFeedDate(value: string): string | undefined {
  if (value.length > 100) return undefined;
  const text = fold(value);
  if (text === '') return undefined;
  return parseIso(text) ?? parseWritten(text);
}
