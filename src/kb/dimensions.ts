import type { Locale } from '../i18n/locale.ts';
import { compareNewestFirst } from './dates.ts';
import { eventIndex, perKnowledgeBase } from './indexes.ts';
import { lookupError, type LookupNouns } from './lookup-error.ts';
import { buildNameIndex, compactQuery, type NameKey } from './name-index.ts';
import { lookupName, MAX_CHOICES, toChoice, type Choice } from './name-lookup.ts';
import { matchNames } from './name-match.ts';
import type { Balance, Dimension, Indicator, KbEvent } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';

/** The outcome of looking a dimension up by what a user typed. */
export type DimensionResolution =
  | { readonly status: 'found'; readonly dimension: Dimension }
  /** Several dimensions match equally well, or none does; the nearest come first (at most 5). */
  | { readonly status: 'ambiguous' | 'unknown'; readonly suggestions: readonly Dimension[] };

const NOUNS: LookupNouns = {
  en: { one: 'dimension', many: 'dimensions' },
  fr: { one: 'dimension', many: 'dimensions' },
};

const dimensionNames = perKnowledgeBase((kb) =>
  buildNameIndex(kb.dimensions, (dimension) => [
    { text: dimension.id, role: 'id' },
    { text: dimension.name.en, role: 'name', locale: 'en' },
    { text: dimension.name.fr, role: 'name', locale: 'fr' },
    ...dimension.aliases.map((alias) => ({ text: alias, role: 'alias' as const })),
  ]),
);

/**
 * Finds the dimension a user means by its id, its name in either language or an alias, ignoring
 * case, accents and punctuation ("compute", "Calcul", "puces", "chips"), with typo tolerance.
 */
export function resolveDimension(kb: KnowledgeBase, text: string): DimensionResolution {
  const lookup = lookupName(dimensionNames(kb), text, (id) => kb.dimensionsById.get(id));
  return lookup.status === 'found' ? { status: 'found', dimension: lookup.item } : lookup;
}

/** The dimension a user means; a UserError naming the nearest dimensions when there is no single one. */
export function requireDimension(kb: KnowledgeBase, text: string): Dimension {
  const resolution = resolveDimension(kb, text);
  if (resolution.status === 'found') return resolution.dimension;
  const names = (list: readonly Dimension[], locale: Locale) => list.map((d) => d.name[locale]);
  throw lookupError(NOUNS, {
    text,
    status: resolution.status,
    suggestions: { en: names(resolution.suggestions, 'en'), fr: names(resolution.suggestions, 'fr') },
    examples: { en: names(kb.dimensions, 'en'), fr: names(kb.dimensions, 'fr') },
  });
}

const compactNames = perKnowledgeBase(
  (kb) => new Map(kb.dimensions.map((d) => [d.id, { en: compactQuery(d.name.en), fr: compactQuery(d.name.fr) }])),
);

/** The dimension's name in the user's language, with the alias or foreign name that matched in parentheses. */
function dimensionChoice(kb: KnowledgeBase, dimension: Dimension, locale: Locale, matched?: NameKey): Choice {
  const label = dimension.name[locale];
  const shown = compactNames(kb).get(dimension.id)?.[locale] ?? '';
  const foreign = matched !== undefined && matched.role !== 'id' && matched.locale !== locale && !shown.includes(matched.compact);
  return toChoice(dimension.id, label, foreign ? matched.text : undefined);
}

/**
 * Autocomplete for a dimension option: up to 25 choices named in the user's language, best first;
 * a match on an alias or on the other language's name shows it in parentheses. Nothing typed: all
 * dimensions in file order.
 */
export function suggestDimensionChoices(kb: KnowledgeBase, input: string, locale: Locale): Choice[] {
  const query = compactQuery(input);
  if (query.length === 0) return kb.dimensions.slice(0, MAX_CHOICES).map((d) => dimensionChoice(kb, d, locale));
  return matchNames(dimensionNames(kb), query, { enough: MAX_CHOICES })
    .slice(0, MAX_CHOICES)
    .map((match) => dimensionChoice(kb, match.item, locale, match.key));
}

/** Events touching a dimension, newest first. */
export function relatedEvents(kb: KnowledgeBase, dimensionId: string): readonly KbEvent[] {
  return eventIndex(kb).byDimension.get(dimensionId) ?? [];
}

/** One line of the balance overview. */
export interface DimensionOverview {
  readonly dimension: Dimension;
  /** The most recent indicator (the first in file order among equally recent ones). */
  readonly latestIndicator: Indicator | undefined;
  readonly eventCount: number;
}

/** The balance dimension by dimension, in file order, with the overall reading. */
export interface BalanceOverview {
  readonly dimensions: readonly DimensionOverview[];
  readonly balance: Balance;
}

function latestIndicator(dimension: Dimension): Indicator | undefined {
  return dimension.indicators.reduce<Indicator | undefined>(
    (latest, indicator) => (latest === undefined || compareNewestFirst(indicator.date, latest.date) < 0 ? indicator : latest),
    undefined,
  );
}

/** Each dimension with its latest indicator and its event count, plus the overall reading (computed once per kb). */
export const balanceOverview = perKnowledgeBase(
  (kb): BalanceOverview => ({
    dimensions: kb.dimensions.map((dimension) => ({
      dimension,
      latestIndicator: latestIndicator(dimension),
      eventCount: relatedEvents(kb, dimension.id).length,
    })),
    balance: kb.balance,
  }),
);

/** The dimension's most telling indicator: the one marked `headline`, else the newest. */
export function headlineIndicator(dimension: Dimension): Indicator | undefined {
  return dimension.indicators.find((indicator) => indicator.headline === true)
    ?? [...dimension.indicators].sort((a, b) => compareNewestFirst(a.date, b.date))[0];
}
