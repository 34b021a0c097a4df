import type { Locale } from '../i18n/locale.ts';
import { eventIndex, perKnowledgeBase } from './indexes.ts';
import { lookupError, type LookupNouns } from './lookup-error.ts';
import { buildNameIndex, compactQuery, type NameKey } from './name-index.ts';
import { lookupName, MAX_CHOICES, toChoice, type Choice } from './name-lookup.ts';
import { matchNames } from './name-match.ts';
import type { Company, KbEvent } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';

/** The outcome of looking a company up by what a user typed. */
export type CompanyResolution =
  | { readonly status: 'found'; readonly company: Company }
  /** Several companies match equally well, or none does; the nearest come first (at most 5). */
  | { readonly status: 'ambiguous' | 'unknown'; readonly suggestions: readonly Company[] };

const NOUNS: LookupNouns = {
  en: { one: 'company', many: 'companies' },
  fr: { one: 'entreprise', many: 'entreprises' },
};
const EXAMPLE_COUNT = 5;
const MAX_CONTEXT = 12;
const LATIN = /^[\p{Script=Latin}\p{N}\p{P}\p{S}\s]+$/u;

/** Events of a company and of its subsidiaries (recursively), newest first. */
export function companyEvents(kb: KnowledgeBase, companyId: string): readonly KbEvent[] {
  return eventIndex(kb).byCompanyFamily.get(companyId) ?? [];
}

const companyNames = perKnowledgeBase((kb) =>
  buildNameIndex(
    [...kb.companies.values()],
    (company) => [
      { text: company.id, role: 'id' },
      { text: company.name, role: 'name' },
      ...company.aliases.map((alias) => ({ text: alias, role: 'alias' as const })),
    ],
    (company) => companyEvents(kb, company.id).length,
  ),
);

/** Companies with the most events (their subsidiaries' included) first, then in file order. */
const companiesByActivity = perKnowledgeBase((kb) =>
  [...kb.companies.values()]
    .map((company, position) => ({ company, position, count: companyEvents(kb, company.id).length }))
    .sort((a, b) => b.count - a.count || a.position - b.position)
    .map(({ company }) => company),
);

/**
 * Finds the company a user means by its id, name or an alias, ignoring case, accents and punctuation
 * ("I.B.M.", "aws", "Amazon Web Services"), then by prefix, then despite a typo ("mckinsy").
 */
export function resolveCompany(kb: KnowledgeBase, text: string): CompanyResolution {
  const lookup = lookupName(companyNames(kb), text, (id) => kb.companies.get(id));
  return lookup.status === 'found' ? { status: 'found', company: lookup.item } : lookup;
}

/** The company a user means; a UserError naming the nearest companies when there is no single one. */
export function requireCompany(kb: KnowledgeBase, text: string): Company {
  const resolution = resolveCompany(kb, text);
  if (resolution.status === 'found') return resolution.company;
  const names = resolution.suggestions.map((c) => c.name);
  const examples = companiesByActivity(kb).slice(0, EXAMPLE_COUNT).map((c) => c.name);
  throw lookupError(NOUNS, {
    text,
    status: resolution.status,
    suggestions: { en: names, fr: names },
    examples: { en: examples, fr: examples },
  });
}

/** Short aliases that say something the name does not ("AWS" for Amazon Web Services, not "Amazon.com" for Amazon). */
const tellingAliases = perKnowledgeBase(
  (kb) =>
    new Map(
      [...kb.companies.values()].map((company) => {
        const name = compactQuery(company.name);
        const telling = company.aliases.filter((alias) => {
          const compact = compactQuery(alias);
          return alias.length <= MAX_CONTEXT && !name.includes(compact) && !compact.includes(name);
        });
        return [company.id, telling];
      }),
    ),
);

/**
 * The company's name, with the alias that matched, or else its first telling alias in Latin script,
 * in parentheses: "Amazon Web Services (AWS)"; "Microsoft (微软)" only for someone who typed 微软.
 */
function companyChoice(kb: KnowledgeBase, company: Company, matched?: NameKey): Choice {
  const telling = tellingAliases(kb).get(company.id) ?? [];
  const context = matched?.role === 'alias' && telling.includes(matched.text) ? matched.text : telling.find((alias) => LATIN.test(alias));
  return toChoice(company.id, company.name, context);
}

/**
 * Autocomplete for a company option: up to 25 choices, best first (name and alias prefixes, then
 * words inside names, then typos); with nothing typed, the companies with the most events.
 * `among`, when given, holds the ids of the only companies to offer (those with retreats, for /retreats).
 * Company names are not translated, so the locale does not change them.
 */
export function suggestCompanyChoices(kb: KnowledgeBase, input: string, _locale: Locale, among?: ReadonlySet<string>): Choice[] {
  const offered = (company: Company) => among === undefined || among.has(company.id);
  const query = compactQuery(input);
  if (query.length === 0) {
    return companiesByActivity(kb).filter(offered).slice(0, MAX_CHOICES).map((company) => companyChoice(kb, company));
  }
  return matchNames(companyNames(kb), query, { enough: MAX_CHOICES })
    .filter((match) => offered(match.item))
    .slice(0, MAX_CHOICES)
    .map((match) => companyChoice(kb, match.item, match.key));
}

/** Ids of the dimensions a company's events (its subsidiaries' included) touch, most frequent first. */
export function companyDimensions(kb: KnowledgeBase, companyId: string): string[] {
  const counts = new Map<string, number>();
  for (const event of companyEvents(kb, companyId)) {
    for (const id of new Set(event.dimensions)) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const order = (id: string) => {
    const position = kb.dimensions.findIndex((d) => d.id === id);
    return position === -1 ? kb.dimensions.length : position;
  };
  return [...counts].sort(([a, x], [b, y]) => y - x || order(a) - order(b)).map(([id]) => id);
}
