import { compactFold, foldText, typoBudget, typoDistance } from '../../kb/text.ts';

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

/** What the autocomplete offers before anything is typed: zones of the bot's readers first. */
const COMMON_ZONES = [
  'UTC', 'Europe/Paris', 'Europe/Brussels', 'Europe/Zurich', 'Europe/London', 'America/Toronto', 'America/New_York',
  'America/Los_Angeles', 'Africa/Dakar', 'Africa/Abidjan', 'Africa/Casablanca', 'Asia/Shanghai', 'Asia/Hong_Kong',
  'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Australia/Sydney',
];

/** Zone names for autocomplete (at most `limit`): names containing what was typed, city matches first; else near misses. */
export function completeTimeZones(text: string, limit = 25): string[] {
  const typed = key(text);
  if (typed === '') return COMMON_ZONES.slice(0, limit);
  const matches = knownZones()
    .filter((zone) => zone.full.includes(typed))
    .sort((a, b) => Number(!b.city.startsWith(typed)) - Number(!a.city.startsWith(typed)) || a.name.localeCompare(b.name))
    .map((zone) => zone.name);
  return (matches.length > 0 ? matches : suggestTimeZones(text)).slice(0, limit);
}
