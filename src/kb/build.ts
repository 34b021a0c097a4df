import { compareNewestFirst } from './dates.ts';
import type { Balance, Company, Dimension, Feed, KbEvent, KbMeta, Source } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';
import { byCodeUnits } from '../order.ts';

export interface KnowledgeBaseData {
  sources: readonly Source[];
  companies: readonly Company[];
  events: readonly KbEvent[];
  dimensions: readonly Dimension[];
  balance: Balance;
  feeds: readonly Feed[];
  meta: KbMeta;
}

/** Indexes already-validated data. Pure; the loader validates and cross-checks before calling it. */
export function buildKnowledgeBase(data: KnowledgeBaseData): KnowledgeBase {
  const events = [...data.events].sort((a, b) => compareNewestFirst(a.date, b.date) || byCodeUnits(a.id, b.id));
  return Object.freeze({
    sources: new Map(data.sources.map((s) => [s.id, s])),
    companies: new Map(data.companies.map((c) => [c.id, c])),
    events: Object.freeze(events),
    dimensions: Object.freeze([...data.dimensions]),
    dimensionsById: new Map(data.dimensions.map((d) => [d.id, d])),
    balance: data.balance,
    feeds: Object.freeze([...data.feeds]),
    meta: data.meta,
  });
}
