import type { Source } from '../schema/index.ts';
import { collector, type Finding, type ParsedFiles } from './findings.ts';
import { listRefs, reportDuplicateIds, reportUnknown } from './refs.ts';

export function checkBalance(balance: NonNullable<ParsedFiles['balance.json']>, sources: ReadonlyMap<string, Source> | undefined): Finding[] {
  const out = collector('balance.json', balance);
  reportDuplicateIds(out, balance.usDynamics.map((d, i) => ({ id: d.id, at: ['usDynamics', i] })));
  if (sources !== undefined) {
    const refs = [...listRefs(['sources'], balance.sources), ...balance.usDynamics.flatMap((d, i) => listRefs(['usDynamics', i, 'sources'], d.sources))];
    reportUnknown(out, refs, sources, 'source', 'sources.json');
  }
  return out.findings;
}
