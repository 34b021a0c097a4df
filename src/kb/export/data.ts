import type { Balance, Company, Dimension, KbEvent, Source } from '../schema/index.ts';
import type { KnowledgeBase } from '../types.ts';
import { citedSourceIds } from './source-refs.ts';

/**
 * The knowledge base's answers as data, for scripts (`npm run cli -- … --json`): the records as the data files
 * hold them (texts in both languages, ids for references), plus `sources`, every source they cite, by id.
 */
export interface ExportedData {
  readonly sources: Readonly<Record<string, Source>>;
}

/** A company or government named by an event, with its id and name. */
export interface ActorRef {
  readonly id: string;
  readonly name: string;
}

function withCitedSources<T extends object>(kb: KnowledgeBase, data: T): T & ExportedData {
  const sources: Record<string, Source> = {};
  for (const id of citedSourceIds(data)) {
    const source = kb.sources.get(id);
    if (source !== undefined) sources[id] = source;
  }
  return { ...data, sources };
}

function actorRef(kb: KnowledgeBase, id: string): ActorRef {
  return { id, name: kb.companies.get(id)?.name ?? id };
}

/** Events with their actors resolved to names, so a reader needs no second lookup. */
function exportedEvents(kb: KnowledgeBase, events: readonly KbEvent[]) {
  return events.map((event) => ({ ...event, actorName: actorRef(kb, event.actor).name }));
}

export function exportEvents(kb: KnowledgeBase, events: readonly KbEvent[], filters: Readonly<Record<string, string>>) {
  return withCitedSources(kb, { filters, count: events.length, events: exportedEvents(kb, events) });
}

export function exportCompany(kb: KnowledgeBase, company: Company, events: readonly KbEvent[], dimensions: readonly Dimension[]) {
  const subsidiaries = [...kb.companies.values()].filter((other) => other.parent === company.id).map((other) => actorRef(kb, other.id));
  return withCitedSources(kb, {
    company,
    ...(company.parent === undefined ? {} : { parentCompany: actorRef(kb, company.parent) }),
    subsidiaries,
    dimensions: dimensions.map((dimension) => ({ id: dimension.id, name: dimension.name, leader: dimension.leader, trend: dimension.trend })),
    events: exportedEvents(kb, events),
  });
}

export function exportDimension(kb: KnowledgeBase, dimension: Dimension, events: readonly KbEvent[]) {
  return withCitedSources(kb, { dimension, events: exportedEvents(kb, events) });
}

export function exportBalance(kb: KnowledgeBase): { balance: Balance; dimensions: readonly Dimension[] } & ExportedData {
  return withCitedSources(kb, { balance: kb.balance, dimensions: kb.dimensions });
}
