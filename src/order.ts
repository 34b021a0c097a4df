/**
 * Orders two strings by their UTF-16 code units, the same on every machine and locale. For ids, ISO dates and keys;
 * `localeCompare` gives the same order for those (lowercase kebab-case, digits and dashes) but loads ICU's collation
 * data (a few MB) to do it.
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
