import type { KbEvent } from '../schema/index.ts';
import { collector, type Finding, type ParsedFiles } from './findings.ts';
import { firstById, listRefs, prefixed, reportDuplicateIds, reportUnknown, type Ref } from './refs.ts';
import { reportEarlierSources, reportUnlinked } from './sourcing.ts';

function eventSourceRefs(event: KbEvent): Ref[] {
  return [
    ...listRefs(['sources'], event.sources),
    ...listRefs(['statedReason', 'sources'], event.statedReason?.sources),
    ...listRefs(['reportedReason', 'sources'], event.reportedReason?.sources),
    ...listRefs(['people', 'sources'], event.people?.sources),
    ...(event.quotes ?? []).map((q, k) => ({ at: ['quotes', k, 'source'], id: q.source })),
    ...(event.figures ?? []).map((f, k) => ({ at: ['figures', k, 'source'], id: f.source })),
    ...(event.corrections ?? []).flatMap((c, k) => [{ at: ['corrections', k, 'article'], id: c.article }, ...listRefs(['corrections', k, 'sources'], c.sources)]),
  ];
}

export function checkEvents(files: ParsedFiles, events: readonly KbEvent[]): Finding[] {
  const out = collector('events.json', events);
  reportDuplicateIds(out, events.map((e, i) => ({ id: e.id, at: [i] })));
  const companies = files['companies.json'] && firstById(files['companies.json']);
  const dimensions = files['dimensions.json'] && firstById(files['dimensions.json']);
  const sources = files['sources.json'] && firstById(files['sources.json']);
  const foundingIds = [...(sources?.values() ?? [])].filter((s) => s.foundingArticle === true).map((s) => `"${s.id}"`);
  events.forEach((event, i) => {
    if (event.datePrecision !== undefined && event.date.length > 7) {
      out.add([i, 'datePrecision'], `"${event.datePrecision}" narrows a year or a month, not a day (${event.date}); remove it`);
    }
    if (companies !== undefined) {
      reportUnknown(out, [{ at: [i, 'actor'], id: event.actor }], companies, 'actor (company or government)', 'companies.json');
      reportUnknown(out, listRefs([i, 'companies'], event.companies), companies, 'company', 'companies.json');
    }
    if (dimensions !== undefined) reportUnknown(out, listRefs([i, 'dimensions'], event.dimensions), dimensions, 'dimension', 'dimensions.json');
    if (sources === undefined) return;
    reportUnknown(out, prefixed(i, eventSourceRefs(event)), sources, 'source', 'sources.json');
    event.corrections?.forEach((correction, k) => {
      const article = sources.get(correction.article);
      if (article !== undefined && article.foundingArticle !== true) {
        const founding = foundingIds.length === 0 ? 'none is marked' : `founding articles: ${foundingIds.join(', ')}`;
        out.add([i, 'corrections', k, 'article'], `source "${article.id}" is not a founding article (foundingArticle: true; ${founding})`);
      }
    });
    reportUnlinked(out, [i, 'sources'], event.sources, sources, 'the event');
    reportEarlierSources(out, i, event, sources);
  });
  return out.findings;
}
