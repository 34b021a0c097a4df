import { UserError } from '../errors.ts';
import { splitWords } from '../feeds/fold.ts';
import { NBSP, quoted } from '../i18n/typography.ts';
import type { DigestFilters } from './state.ts';

/** Words or phrases one filter list holds at most, and the longest one. */
export const MAX_FILTER_WORDS = 25;
export const MAX_FILTER_LENGTH = 60;

/** What a list is for, in the errors. */
const LIST = {
  include: { en: 'include', fr: 'inclure' },
  exclude: { en: 'exclude', fr: 'exclure' },
} as const;

export type FilterList = keyof typeof LIST;

/** A filter word as the matcher reads it: its words folded (case and accents), punctuation dropped. */
export function filterKey(word: string): string {
  return splitWords(word).folded.join(' ');
}

/**
 * The words or phrases of a comma-separated list as an admin types it ("Huawei, export controls, Pékin"): each
 * trimmed with its spaces collapsed, empty ones dropped, each kept once (the first spelling of those that read the
 * same once case, accents and punctuation are ignored). Throws a UserError, in both languages, for a list with no
 * word, a word with no letter or digit, a word longer than MAX_FILTER_LENGTH, or more than MAX_FILTER_WORDS words.
 */
export function parseFilterWords(input: string, list: FilterList): string[] {
  const name = LIST[list];
  const words: string[] = [];
  const keys = new Set<string>();
  for (const part of input.split(/[,，;\n]/)) {
    const word = part.trim().replace(/\s+/g, ' ');
    if (word === '') continue;
    if (word.length > MAX_FILTER_LENGTH) {
      const shown = `${word.slice(0, 40)}…`;
      throw new UserError({
        en: `${quoted(shown, 'en')} is longer than ${MAX_FILTER_LENGTH} characters: filter words are words or short phrases.`,
        fr: `${quoted(shown, 'fr')} dépasse ${MAX_FILTER_LENGTH} caractères${NBSP}: les filtres sont des mots ou de courtes expressions.`,
      });
    }
    const key = filterKey(word);
    if (key === '') {
      throw new UserError({
        en: `${quoted(word, 'en')} has no letter or digit: filters ignore punctuation, so it would match nothing.`,
        fr: `${quoted(word, 'fr')} ne contient ni lettre ni chiffre${NBSP}: les filtres ignorent la ponctuation, il ne correspondrait à rien.`,
      });
    }
    if (keys.has(key)) continue;
    keys.add(key);
    words.push(word);
  }
  if (words.length === 0) {
    throw new UserError({
      en: `Give the words to ${name.en}, separated by commas, e.g. Huawei, export controls. clear:True removes the filters.`,
      fr: `Indiquez les mots à ${name.fr}, séparés par des virgules, par ex. Huawei, contrôles à l’export. effacer:True retire les filtres.`,
    });
  }
  if (words.length > MAX_FILTER_WORDS) {
    throw new UserError({
      en: `${words.length} words to ${name.en}: at most ${MAX_FILTER_WORDS} are allowed.`,
      fr: `${words.length} mots à ${name.fr}${NBSP}: ${MAX_FILTER_WORDS} au plus sont permis.`,
    });
  }
  return words;
}

/**
 * The filters after a change: `clear` empties both lists first, a given list replaces the stored one. Throws a
 * UserError when a word would be both included and excluded (nothing of it could ever be kept).
 */
export function nextFilters(current: DigestFilters | undefined, change: { readonly include?: readonly string[]; readonly exclude?: readonly string[]; readonly clear: boolean }): DigestFilters {
  const base = change.clear || current === undefined ? { include: [], exclude: [] } : current;
  const next = { include: [...(change.include ?? base.include)], exclude: [...(change.exclude ?? base.exclude)] };
  const excluded = new Set(next.exclude.map(filterKey));
  const both = next.include.find((word) => excluded.has(filterKey(word)));
  if (both !== undefined) {
    throw new UserError({
      en: `${quoted(both, 'en')} cannot be both included and excluded.`,
      fr: `${quoted(both, 'fr')} ne peut pas être à la fois inclus et exclu.`,
    });
  }
  return next;
}

/** Whether the server filters anything. */
export function hasFilters(filters: DigestFilters | undefined): boolean {
  return filters !== undefined && filters.include.length + filters.exclude.length > 0;
}
