import { periodEnd, periodStart } from '../dates.ts';
import type { KbEvent, Source } from '../schema/index.ts';
import type { Collector } from './findings.ts';
import type { Segments } from './path.ts';

/**
 * Reports each source on an event's own list that was published before the event began: it cannot report
 * the event. Such a source backs a fact of the event (a figure, a quote, a reason) and is cited there.
 * Sources of facts are not checked: a figure may rightly come from older background reporting.
 */
export function reportEarlierSources(out: Collector, index: number, event: KbEvent, sources: ReadonlyMap<string, Source>): void {
  event.sources.forEach((id, k) => {
    const source = sources.get(id);
    if (source === undefined || periodEnd(source.published) >= periodStart(event.date)) return;
    out.add(
      [index, 'sources', k],
      `source "${id}" was published (${source.published}) before the event (${event.date}), so it cannot report it; cite it on the fact it supports instead`,
    );
  });
}

/** Reports an entry whose cited sources are all known yet none has a URL. */
export function reportUnlinked(out: Collector, at: Segments, ids: readonly string[], sources: ReadonlyMap<string, Source>, what: string): void {
  const cited = ids.map((id) => sources.get(id));
  if (cited.some((s) => s === undefined) || cited.some((s) => s?.url !== undefined)) return;
  out.add(at, `${what} cites no source with a URL (${ids.map((id) => `"${id}"`).join(', ')} ${ids.length === 1 ? 'has' : 'have'} none); cite at least one linked source`);
}
