import type { Company, Source } from '../schema/index.ts';
import { reportAmbiguousNames } from './ambiguous-names.ts';
import { collector, type Finding } from './findings.ts';
import { firstById, listRefs, reportDuplicateIds, reportUnknown } from './refs.ts';

/** The companies whose parent chain loops, one list per loop, starting from its earliest member in file order. */
function parentLoops(companies: readonly Company[]): string[][] {
  const byId = firstById(companies);
  const settled = new Set<string>();
  const loops: string[][] = [];
  for (const company of companies) {
    const chain: string[] = [];
    let current: Company | undefined = company;
    while (current !== undefined && !settled.has(current.id)) {
      const seenAt = chain.indexOf(current.id);
      if (seenAt !== -1) {
        loops.push(chain.slice(seenAt));
        break;
      }
      chain.push(current.id);
      current = current.parent === undefined ? undefined : byId.get(current.parent);
    }
    for (const id of chain) settled.add(id);
  }
  return loops;
}

export function checkCompanies(companies: readonly Company[], sources: ReadonlyMap<string, Source> | undefined): Finding[] {
  const out = collector('companies.json', companies);
  reportDuplicateIds(out, companies.map((c, i) => ({ id: c.id, at: [i] })));
  const byId = firstById(companies);
  const indexOf = new Map(companies.map((c, i) => [c.id, i] as const).reverse());
  companies.forEach((company, i) => {
    if (company.parent !== undefined) reportUnknown(out, [{ at: [i, 'parent'], id: company.parent }], byId, 'company', 'companies.json');
    if (sources !== undefined) reportUnknown(out, listRefs([i, 'sources'], company.sources), sources, 'source', 'sources.json');
  });
  for (const loop of parentLoops(companies)) {
    const first = loop[0] ?? '';
    out.add([indexOf.get(first) ?? 0, 'parent'], `parent chain loops: ${[...loop, first].join(' → ')}`);
  }
  reportAmbiguousNames(
    out,
    companies.map((c, i) => ({ at: [i], names: [{ at: [i, 'name'], text: c.name }, ...c.aliases.map((text, k) => ({ at: [i, 'aliases', k], text }))] })),
    'company',
  );
  return out.findings;
}
