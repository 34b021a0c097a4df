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
import { retreatsCsv } from './render/export/retreats-csv.ts';
import { renderEventCard, renderRetreats, type RetreatFilters } from './render/retreats.ts';
import { renderRetreatsOverview, type OverviewControls } from './render/retreats-overview.ts';

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

/** The events /retreats lists for this input, newest first, and the filters as resolved. */
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

/** Every retreat with every fact and its sources, one card per event (the CLI's timeline). */
export function answerRetreats(kb: KnowledgeBase, input: RetreatsInput, locale: Locale): MessagePayload[] {
  const { events, filters } = findRetreats(kb, input);
  return renderRetreats(kb, events, { locale, filters });
}

/** /retreats: counts, one line per event, and (with `controls`) menus opening each card and an export button. */
export function answerRetreatsOverview(kb: KnowledgeBase, input: RetreatsInput, locale: Locale, controls?: OverviewControls): MessagePayload[] {
  const { events, filters } = findRetreats(kb, input);
  return renderRetreatsOverview(kb, events, { locale, filters, ...(controls === undefined ? {} : { controls }) });
}

/** The events /retreats lists for this input, as a CSV file in the reader's language. */
export function exportRetreatsCsv(kb: KnowledgeBase, input: RetreatsInput, locale: Locale): { count: number; data: Buffer } {
  const { events } = findRetreats(kb, input);
  return { count: events.length, data: retreatsCsv(kb, events, locale) };
}

/** One event's full card, by id; a UserError when the knowledge base no longer holds it. */
export function answerEventCard(kb: KnowledgeBase, eventId: string, locale: Locale): MessagePayload[] {
  const event = kb.events.find((candidate) => candidate.id === eventId);
  if (event === undefined) {
    throw new UserError({
      en: 'This event is no longer in the knowledge base. Run the command again for the current list.',
      fr: 'Cet événement ne figure plus dans la base de connaissances. Relancez la commande pour la liste à jour.',
    });
  }
  return renderEventCard(kb, event, locale);
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

/** With `menuId`, every page has a menu opening each dimension. */
export function answerBalance(kb: KnowledgeBase, locale: Locale, menuId?: string): MessagePayload[] {
  return renderBalance(kb, locale, menuId);
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
