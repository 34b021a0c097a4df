import { datePeriod } from './dates.ts';
import type { KbEvent } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';

/**
 * Wraps an index builder so it runs once per knowledge base: the result is cached on the (immutable)
 * kb object and dropped with it.
 */
export function perKnowledgeBase<T>(build: (kb: KnowledgeBase) => T): (kb: KnowledgeBase) => T {
  const cache = new WeakMap<KnowledgeBase, T>();
  return (kb) => {
    let value = cache.get(kb);
    if (value === undefined) {
      value = build(kb);
      cache.set(kb, value);
    }
    return value;
  };
}

/** Events grouped for fast filtering; every list keeps the knowledge base order (newest first). */
export interface EventIndex {
  /** Events whose actor or concerned companies include the company itself. */
  readonly byCompany: ReadonlyMap<string, readonly KbEvent[]>;
  /** The same, counting the events of its subsidiaries, recursively (Amazon gathers AWS). */
  readonly byCompanyFamily: ReadonlyMap<string, readonly KbEvent[]>;
  readonly byDimension: ReadonlyMap<string, readonly KbEvent[]>;
  /** First and last day of each event's period, as YYYY-MM-DD. */
  readonly periods: ReadonlyMap<KbEvent, readonly [start: string, end: string]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The company and its parents up the chain (a parent cycle, which the loader rejects, stops the walk). */
function withAncestors(kb: KnowledgeBase, companyId: string): string[] {
  const chain: string[] = [];
  for (let id: string | undefined = companyId; id !== undefined && !chain.includes(id); id = kb.companies.get(id)?.parent) {
    chain.push(id);
  }
  return chain;
}

export const eventIndex = perKnowledgeBase((kb): EventIndex => {
  const byCompany = new Map<string, KbEvent[]>();
  const byCompanyFamily = new Map<string, KbEvent[]>();
  const byDimension = new Map<string, KbEvent[]>();
  const periods = new Map<KbEvent, readonly [string, string]>();
  for (const event of kb.events) {
    const involved = new Set([event.actor, ...(event.companies ?? [])]);
    for (const id of involved) push(byCompany, id, event);
    for (const id of new Set([...involved].flatMap((id) => withAncestors(kb, id)))) push(byCompanyFamily, id, event);
    for (const id of new Set(event.dimensions)) push(byDimension, id, event);
    periods.set(event, datePeriod(event.date, event.datePrecision));
  }
  return { byCompany, byCompanyFamily, byDimension, periods };
});
