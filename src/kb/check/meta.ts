import { periodEnd, periodStart } from '../dates.ts';
import { collector, type Finding, type ParsedFiles } from './findings.ts';
import { firstById, listRefs, reportUnknown } from './refs.ts';

export function checkMeta(files: ParsedFiles, meta: NonNullable<ParsedFiles['meta.json']>): Finding[] {
  const out = collector('meta.json', meta);
  const { recentlyAdded } = meta;
  const companies = files['companies.json'] && firstById(files['companies.json']);
  const events = files['events.json'] && firstById(files['events.json']);
  if (companies !== undefined) reportUnknown(out, listRefs(['recentlyAdded', 'companies'], recentlyAdded.companies), companies, 'company', 'companies.json');
  if (events !== undefined) reportUnknown(out, listRefs(['recentlyAdded', 'events'], recentlyAdded.events), events, 'event', 'events.json');
  if (periodStart(recentlyAdded.date) > periodEnd(meta.reviewed)) {
    out.add(['recentlyAdded', 'date'], `additions dated ${recentlyAdded.date} come after the last review (${meta.reviewed}); move "reviewed" forward`);
  }
  return out.findings;
}
