import type { Source } from '../schema/index.ts';
import { collector, type Finding } from './findings.ts';
import { reportDuplicateIds } from './refs.ts';

export function checkSources(sources: readonly Source[]): Finding[] {
  const out = collector('sources.json', sources);
  reportDuplicateIds(out, sources.map((s, i) => ({ id: s.id, at: [i] })));
  return out.findings;
}
