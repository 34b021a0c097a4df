import { compactQuery, ROLE_RANK, type NameIndex } from './name-index.ts';
import { matchNames, PART_PENALTY, type NameMatch } from './name-match.ts';
import { typoBudget } from './text.ts';

/** How a name lookup ended: one item, several equally good ones, or none (with the nearest names). */
export type Lookup<T> =
  | { readonly status: 'found'; readonly item: T }
  | { readonly status: 'ambiguous' | 'unknown'; readonly suggestions: readonly T[] };

export const MAX_SUGGESTIONS = 5;
const MIN_PREFIX_TO_RESOLVE = 3;
const SUGGESTION_LETTERS_PER_TYPO = 3;

/**
 * The match whose name every other match's name extends ("Talents et climat de recherche" against
 * "Talents et climat de recherche 2"), if there is one: the others only add words the user did not type.
 */
function baseName<T>(list: readonly NameMatch<T>[]): NameMatch<T> | undefined {
  const [shortest, ...others] = [...list].sort((x, y) => x.key.compact.length - y.key.compact.length);
  if (shortest === undefined) return undefined;
  const base = shortest.key.compact;
  return others.every((m) => m.key.compact.length > base.length && m.key.compact.startsWith(base)) ? shortest : undefined;
}

/**
 * Resolves typed text to one item: its exact id as stored, then an exact id, name or alias after
 * folding (an id beats a name beats an alias); then a prefix naming one item, or whole words of a
 * name that the other matching names only extend ("talents" → "Talents et climat de recherche", not
 * "Talents et climat de recherche 2"); then the single closest name within the typo budget, ties
 * within whole words settled the same way. Anything else is ambiguous (several equally good matches)
 * or unknown, with up to 5 suggestions, nearest first, each plausibly what was meant (see {@link plausible}).
 */
export function lookupName<T>(index: NameIndex<T>, text: string, byId: (id: string) => T | undefined): Lookup<T> {
  const direct = byId(text.trim());
  if (direct !== undefined) return { status: 'found', item: direct };
  const query = compactQuery(text);
  const found = (item: T): Lookup<T> => ({ status: 'found', item });
  const suggest = (status: 'ambiguous' | 'unknown', items: readonly T[]): Lookup<T> => ({
    status,
    suggestions: items.slice(0, MAX_SUGGESTIONS),
  });

  const exact = index.exact.get(query);
  if (exact !== undefined) {
    const bestRank = Math.min(...exact.map((hit) => ROLE_RANK[hit.key.role]));
    const best = exact.filter((hit) => ROLE_RANK[hit.key.role] === bestRank).sort((a, b) => a.entry.position - b.entry.position);
    const [only] = best;
    return best.length === 1 && only ? found(only.entry.item) : suggest('ambiguous', best.map((hit) => hit.entry.item));
  }

  // Typos are only looked for when nothing matches otherwise; one more than the budget, to suggest.
  const matches = matchNames(index, query, { looseness: 1, enough: 1 });
  const items = (list: readonly NameMatch<T>[]) => list.map((m) => m.item);
  const first = matches[0];
  if (first === undefined) return suggest('unknown', []);
  if (first.tier === 'prefix' || first.tier === 'word-prefix') {
    const prefixes = matches.filter((m) => m.tier === 'prefix' || m.tier === 'word-prefix');
    // The start of a later word ("intell" in "Baichuan Intelligence") is no better a guess than a whole
    // name one typo away ("Intel"): offer both rather than pick the word.
    const typos = first.tier === 'word-prefix' ? wholeNameTypos(index, query) : [];
    if (typos.length > 0) return suggest('ambiguous', items([...typos, ...prefixes]));
    if (query.length >= MIN_PREFIX_TO_RESOLVE) {
      if (prefixes.length === 1) return found(first.item);
      const base = baseName(prefixes);
      if (base?.wholeWords) return found(base.item);
    }
    return suggest(prefixes.length > 1 ? 'ambiguous' : 'unknown', items(prefixes));
  }
  if (first.tier === 'typo' && first.distance <= typoBudget(query.length) + PART_PENALTY) {
    const tied = matches.filter((m) => m.tier === 'typo' && m.distance === first.distance);
    if (tied.length === 1) return found(first.item);
    const base = Number.isInteger(first.distance) ? undefined : baseName(tied);
    return base ? found(base.item) : suggest('ambiguous', items(tied));
  }
  return suggest('unknown', items(matches.filter((m) => plausible(m, query.length))));
}

/** Items whose whole name (not a part of it) is within the typo budget of the query, closest first. */
function wholeNameTypos<T>(index: NameIndex<T>, query: string): NameMatch<T>[] {
  return matchNames(index, query).filter((m) => m.tier === 'typo' && Number.isInteger(m.distance) && m.distance <= typoBudget(query.length));
}

/**
 * Whether a match is plausibly what the user meant, to be offered as a suggestion: any match on the
 * text as typed (a prefix, a substring), or a typo match with at most one typo per three characters
 * typed, a typo in part of a name counting half a typo more ("amd" is not a typo of the "and" in
 * "Bureau of Industry and Security", nor "meta" of "MSRA").
 */
function plausible<T>(match: NameMatch<T>, queryLength: number): boolean {
  return match.tier !== 'typo' || match.distance <= Math.floor(queryLength / SUGGESTION_LETTERS_PER_TYPO);
}

/** An autocomplete choice as Discord takes it: at most 100 characters of name, the id as value. */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

export const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;

/** A choice showing `label`, with `context` in parentheses when given, cut to Discord's limit. */
export function toChoice(value: string, label: string, context?: string): Choice {
  const name = context === undefined ? label : `${label} (${context})`;
  if (name.length <= MAX_CHOICE_NAME) return { name, value };
  const cut = name.slice(0, MAX_CHOICE_NAME - 1).replace(/[\uD800-\uDBFF]$/, '');
  return { name: `${cut}…`, value };
}
