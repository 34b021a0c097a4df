import { compareNewestFirst, datePeriod, periodEnd, periodStart } from './dates.ts';
import { eventIndex, perKnowledgeBase } from './indexes.ts';
import { eventKind, type Company, type EventCategory, type EventKind, type KbEvent, type PartialDate, type Source } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';

/**
 * The query core over a knowledge base: pure, synchronous and fast (indexes are built once per kb).
 * Name lookups live in companies.ts and dimensions.ts and are re-exported here.
 */
export {
  companyDimensions,
  companyEvents,
  requireCompany,
  resolveCompany,
  suggestCompanyChoices,
  type CompanyResolution,
} from './companies.ts';
export {
  balanceOverview,
  relatedEvents,
  requireDimension,
  resolveDimension,
  suggestDimensionChoices,
  type BalanceOverview,
  type DimensionOverview,
  type DimensionResolution,
} from './dimensions.ts';
export type { Choice } from './name-lookup.ts';

/** The kinds that are ways a firm pulls back from China: what /retreats lists by default. */
export const RETREAT_KINDS = [
  'lab-closure',
  'layoffs',
  'relocation',
  'production-relocation',
  'product-exit',
  'project-ban',
  'work-ban',
  'sales-ban',
  'full-exit',
] as const satisfies readonly EventKind[];

/** Every kind, the retreat kinds first: the choices of /retreats' "kind" option. */
export const KINDS_RETREATS_FIRST: readonly EventKind[] = [
  ...RETREAT_KINDS,
  ...eventKind.options.filter((kind) => !(RETREAT_KINDS as readonly EventKind[]).includes(kind)),
];

export function isRetreatKind(kind: EventKind): boolean {
  return (RETREAT_KINDS as readonly EventKind[]).includes(kind);
}

/**
 * What /retreats lists: the retreats, or, given a kind, every event of that kind whatever its category
 * (so export controls or counter-measures are reachable by kind, while the default list stays retreats).
 */
export function retreatsFilter(kind?: EventKind): EventFilter {
  return kind === undefined ? { categories: ['retreat'] } : { kind };
}

/** Which events to list; every field narrows the list, an absent field does not. */
export interface EventFilter {
  /** Events where this company acts or is concerned. */
  readonly companyId?: string;
  /** Count the events of the company's subsidiaries, recursively (default true: Amazon includes AWS). */
  readonly includeSubsidiaries?: boolean;
  /** Events having this kind among theirs (not only as their main kind). */
  readonly kind?: EventKind;
  /** Events in one of these categories; an empty list does not narrow. */
  readonly categories?: readonly EventCategory[];
  /** Events whose whole period lies within [since, until]: a year-only event is not surely "since April" of its year. */
  readonly since?: PartialDate;
  readonly until?: PartialDate;
  readonly dimensionId?: string;
}

/** The events matching a filter, newest first. An unknown company or dimension id matches nothing. */
export function filterEvents(kb: KnowledgeBase, filter: EventFilter): KbEvent[] {
  const index = eventIndex(kb);
  const { companyId, kind, categories, since, until, dimensionId } = filter;
  let pool: readonly KbEvent[] = kb.events;
  if (companyId !== undefined) {
    pool = (filter.includeSubsidiaries === false ? index.byCompany : index.byCompanyFamily).get(companyId) ?? [];
  } else if (dimensionId !== undefined) {
    pool = index.byDimension.get(dimensionId) ?? [];
  }
  // The same test as `within` in dates.ts, with each event's period computed once per kb.
  const from = since === undefined ? undefined : periodStart(since);
  const to = until === undefined ? undefined : periodEnd(until);
  const anyCategory = categories === undefined || categories.length === 0;
  return pool.filter((event) => {
    if (kind !== undefined && !event.kinds.includes(kind)) return false;
    if (!anyCategory && !categories.includes(event.category)) return false;
    if (dimensionId !== undefined && companyId !== undefined && !event.dimensions.includes(dimensionId)) return false;
    if (from !== undefined || to !== undefined) {
      const [start, end] = index.periods.get(event) ?? datePeriod(event.date, event.datePrecision);
      if (from !== undefined && start < from) return false;
      if (to !== undefined && end > to) return false;
    }
    return true;
  });
}

const actorsWithEvents = perKnowledgeBase(() => new Map<string, ReadonlySet<string>>());

/**
 * Ids of the companies and governments that have at least one event matching `filter` (their
 * subsidiaries' counted), computed once per kb and filter.
 */
export function companiesWithEvents(kb: KnowledgeBase, filter: Omit<EventFilter, 'companyId'>): ReadonlySet<string> {
  const cache = actorsWithEvents(kb);
  const key = JSON.stringify(filter);
  let ids = cache.get(key);
  if (ids === undefined) {
    ids = new Set([...kb.companies.keys()].filter((companyId) => filterEvents(kb, { ...filter, companyId }).length > 0));
    cache.set(key, ids);
  }
  return ids;
}

/** What the knowledge base holds, for the /about answer. */
export interface KnowledgeStats {
  readonly companies: number;
  readonly companiesByType: Readonly<Record<Company['type'], number>>;
  readonly events: number;
  readonly eventsByCategory: Readonly<Record<EventCategory, number>>;
  readonly dimensions: number;
  readonly indicators: number;
  readonly sources: number;
  /** The date of the most recent event or indicator; undefined for an empty knowledge base. */
  readonly latestFact: PartialDate | undefined;
  /** The articles the project was founded on, in file order. */
  readonly foundingArticles: readonly Source[];
}

/** Counts and dates describing the knowledge base (computed once per kb). */
export const knowledgeStats = perKnowledgeBase((kb): KnowledgeStats => {
  const companiesByType: Record<Company['type'], number> = { company: 0, government: 0, association: 0 };
  for (const company of kb.companies.values()) companiesByType[company.type] += 1;
  const eventsByCategory: Record<EventCategory, number> = { retreat: 0, acceleration: 0, 'export-control': 0, countermeasure: 0, context: 0 };
  for (const event of kb.events) eventsByCategory[event.category] += 1;
  const indicators = kb.dimensions.flatMap((d) => d.indicators);
  const dates = [...kb.events.map((e) => e.date), ...indicators.map((i) => i.date)];
  const latestFact = dates.reduce<PartialDate | undefined>(
    (latest, date) => (latest === undefined || compareNewestFirst(date, latest) < 0 ? date : latest),
    undefined,
  );
  return {
    companies: kb.companies.size,
    companiesByType,
    events: kb.events.length,
    eventsByCategory,
    dimensions: kb.dimensions.length,
    indicators: indicators.length,
    sources: kb.sources.size,
    latestFact,
    foundingArticles: [...kb.sources.values()].filter((s) => s.foundingArticle === true),
  };
});
