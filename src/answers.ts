import { UserError } from './errors.ts';
import type { Locale } from './i18n/locale.ts';
import { foldText } from './kb/text.ts';
import { checkPeriod, parsePeriodBound } from './kb/period.ts';
import {
  companiesWithEvents,
  companyDimensions,
  companyEvents,
  filterEvents,
  isRetreatKind,
  KINDS_RETREATS_FIRST,
  knowledgeStats,
  relatedEvents,
  requireCompany,
  requireDimension,
  retreatsFilter,
  suggestCompanyChoices,
  type Choice,
} from './kb/query.ts';
import type { EventKind, KbEvent } from './kb/schema/index.ts';
import type { KnowledgeBase } from './kb/types.ts';
import { renderAbout } from './render/about.ts';
import { renderBalance } from './render/balance.ts';
import { renderCompany, type CompanyNews } from './render/company.ts';
import { renderDimension } from './render/dimension.ts';
import { KIND_LABELS } from './render/labels.ts';
import type { MessagePayload } from './render/payload.ts';
import { renderRetreats, type RetreatFilters } from './render/retreats.ts';

/**
 * The answers of the slash commands and the CLI, from raw user input to message pages.
 * Bad input throws a UserError; everything here is pure and synchronous.
 */

export { KINDS_RETREATS_FIRST, RETREAT_KINDS } from './kb/query.ts';

export interface RetreatsInput {
  readonly company?: string | undefined;
  readonly kind?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

/** An event kind from its id or its label in either language; undefined when none matches. */
function findKind(input: string): EventKind | undefined {
  const folded = foldText(input);
  return KINDS_RETREATS_FIRST.find(
    (k) => k === input.trim().toLowerCase() || foldText(KIND_LABELS[k].en) === folded || foldText(KIND_LABELS[k].fr) === folded,
  );
}

/** An event kind (a retreat kind or any other) from its id or its label in either language. */
export function parseRetreatKind(input: string): EventKind {
  const kind = findKind(input);
  if (kind) return kind;
  const list = (locale: Locale, retreat: boolean) =>
    KINDS_RETREATS_FIRST.filter((k) => isRetreatKind(k) === retreat).map((k) => `${k} (${KIND_LABELS[k][locale]})`).join(', ');
  throw new UserError({
    en: `Unknown kind “${input}”. Retreats: ${list('en', true)}. Other events: ${list('en', false)}.`,
    fr: `Type inconnu « ${input} ». Retraits : ${list('fr', true)}. Autres événements : ${list('fr', false)}.`,
  });
}

/**
 * Autocomplete for /retreats' company: only the companies the answer could list, those with retreats,
 * or with events of the kind already chosen (an unreadable kind is ignored).
 */
export function suggestRetreatsCompanies(kb: KnowledgeBase, input: string, locale: Locale, kindInput?: string): Choice[] {
  const kind = kindInput === undefined ? undefined : findKind(kindInput);
  return suggestCompanyChoices(kb, input, locale, companiesWithEvents(kb, retreatsFilter(kind)));
}

/** The events /retreats lists for this input, newest first, and the filters resolved from it. */
export function findRetreats(kb: KnowledgeBase, input: RetreatsInput): { events: readonly KbEvent[]; filters: RetreatFilters } {
  const company = input.company === undefined ? undefined : requireCompany(kb, input.company);
  const kind = input.kind === undefined ? undefined : parseRetreatKind(input.kind);
  const since = input.since === undefined ? undefined : parsePeriodBound(input.since, 'since');
  const until = input.until === undefined ? undefined : parsePeriodBound(input.until, 'until');
  checkPeriod(since, until);
  const events = filterEvents(kb, {
    ...retreatsFilter(kind),
    ...(company === undefined ? {} : { companyId: company.id }),
    ...(kind === undefined ? {} : { kind }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  });
  const filters = {
    ...(company === undefined ? {} : { company }),
    ...(kind === undefined ? {} : { kind }),
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
  };
  return { events, filters };
}

export function answerRetreats(kb: KnowledgeBase, input: RetreatsInput, locale: Locale): MessagePayload[] {
  const { events, filters } = findRetreats(kb, input);
  return renderRetreats(kb, events, { locale, filters });
}

/** `news`: the company's latest tagged items from the server's digest history, when there is one. */
export function answerCompany(kb: KnowledgeBase, name: string, locale: Locale, news?: CompanyNews): MessagePayload[] {
  const company = requireCompany(kb, name);
  const dimensions = companyDimensions(kb, company.id).flatMap((id) => kb.dimensionsById.get(id) ?? []);
  return renderCompany(kb, company, companyEvents(kb, company.id), dimensions, locale, news);
}

export function answerDimension(kb: KnowledgeBase, name: string, locale: Locale): MessagePayload[] {
  const dimension = requireDimension(kb, name);
  return renderDimension(kb, dimension, relatedEvents(kb, dimension.id), locale);
}

export function answerBalance(kb: KnowledgeBase, locale: Locale): MessagePayload[] {
  return renderBalance(kb, locale);
}

export function answerAbout(kb: KnowledgeBase, locale: Locale): MessagePayload[] {
  const stats = knowledgeStats(kb);
  return renderAbout(kb, {
    companies: stats.companiesByType.company,
    governments: stats.companiesByType.government,
    associations: stats.companiesByType.association,
    eventsByCategory: stats.eventsByCategory,
    dimensions: stats.dimensions,
    indicators: stats.indicators,
    sources: stats.sources,
    latestFactDate: stats.latestFact ?? '',
    foundingArticles: stats.foundingArticles,
  }, locale);
}
