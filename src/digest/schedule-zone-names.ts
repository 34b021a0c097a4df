import { compactFold, foldText, typoBudget, typoDistance } from '../kb/text.ts';

const MAX_SUGGESTIONS = 3;

interface ZoneName {
  readonly name: string;
  /** "europeparis" */
  readonly full: string;
  /** "paris", "newyork" */
  readonly city: string;
}

let zoneNames: readonly ZoneName[] | undefined;
let byLowerCase: ReadonlyMap<string, string> | undefined;

/** Folded, without separators: "America/New_York" and "america new york" both give "americanewyork". */
function key(text: string): string {
  return compactFold(foldText(text.replaceAll('_', ' ')));
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function knownZones(): readonly ZoneName[] {
  zoneNames ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'].map((name) => ({
    name,
    full: key(name),
    city: key(lastSegment(name)),
  }));
  return zoneNames;
}

/** The IANA spelling of a zone name typed in any case ("europe/paris" → "Europe/Paris"), if it is one. */
export function zoneNameSpelling(text: string): string | undefined {
  byLowerCase ??= new Map(knownZones().map((zone) => [zone.name.toLowerCase(), zone.name]));
  return byLowerCase.get(text.toLowerCase());
}

/**
 * Known zone names close to what was typed, best first: the same city ("paris", "New York"), or a few typos
 * away from the whole name or from its city ("Europe/Pariss", "Asia/Shangai").
 */
export function suggestTimeZones(text: string): string[] {
  const typed = key(text);
  const typedCity = key(lastSegment(text));
  if (typed === '') return [];
  const fullBudget = typoBudget(typed.length);
  const cityBudget = typoBudget(typedCity.length);
  const scored: { name: string; distance: number }[] = [];
  for (const zone of knownZones()) {
    const full = typoDistance(typed, zone.full, fullBudget);
    const city = typoDistance(typedCity, zone.city, cityBudget);
    const distance = Math.min(full <= fullBudget ? full : Infinity, city <= cityBudget ? city : Infinity);
    if (distance !== Infinity) scored.push({ name: zone.name, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map((entry) => entry.name);
}
