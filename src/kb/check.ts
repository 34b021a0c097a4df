import type { z } from 'zod';
import { periodEnd, periodStart } from './dates.ts';
import type { Company, DataFileName, Dimension, KbEvent, Source, dataFiles } from './schema.ts';

/** Keys and array indexes leading from a data file's root to a value. */
export type Segments = readonly (string | number)[];

/** A problem the cross-reference checks found in one data file. `path` is formatted by {@link formatPath}. */
export interface Finding {
  readonly file: DataFileName;
  readonly path: string;
  readonly message: string;
}

/** The data files that passed their schema. A file that did not is absent, and references into or out of it go unchecked. */
export type ParsedFiles = { readonly [N in DataFileName]?: z.output<(typeof dataFiles)[N]> };

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Formats a path inside a data file, JSONPath-like from the file's root, without a leading `$`:
 * `[3] (id "aws-lab").people.count`, `usDynamics[1] (id "alignment").title.fr`, `[0].aliases["odd key"]`.
 * An array entry that is an object with a string `id` is followed by ` (id "…")`, read from `root`.
 * The empty path (`""`) stands for the whole file.
 */
export function formatPath(root: unknown, segments: readonly PropertyKey[]): string {
  let out = '';
  let node = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      node = Array.isArray(node) ? (node as unknown[])[segment] : undefined;
      out += `[${segment}]`;
      if (isRecord(node) && typeof node.id === 'string') out += ` (id ${JSON.stringify(node.id)})`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return out;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The candidate closest to `wanted` (ignoring case), when it is close enough to be a likely typo:
 * at most one edit per three characters (so a two-letter code only matches by case). Ties go to the earlier candidate.
 */
export function closest(wanted: string, candidates: Iterable<string>): string | undefined {
  const target = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const limit = Math.floor(Math.max(target.length, candidate.length) / 3);
    if (Math.abs(target.length - candidate.length) > Math.min(limit, bestDistance)) continue;
    const distance = editDistance(target, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** A name as lookups compare it: case, accents, spaces and punctuation folded away ("Écosystème & co." → "ecosystemeco"). */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface Ref {
  readonly at: Segments;
  readonly id: string;
}

function listRefs(at: Segments, ids: readonly string[] | undefined): Ref[] {
  return (ids ?? []).map((id, i) => ({ at: [...at, i], id }));
}

/** Collects findings for one file, formatting paths against that file's data. */
function collector(file: DataFileName, root: unknown) {
  const findings: Finding[] = [];
  return {
    findings,
    add(at: Segments, message: string): void {
      findings.push({ file, path: formatPath(root, at), message });
    },
    pathOf(at: Segments): string {
      return formatPath(root, at);
    },
  };
}
type Collector = ReturnType<typeof collector>;

function firstById<T extends { id: string }>(entries: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return byId;
}

function reportDuplicateIds(out: Collector, entries: readonly { id: string; at: Segments }[]): void {
  const first = new Map<string, Segments>();
  for (const { id, at } of entries) {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, at);
    else out.add([...at, 'id'], `duplicate id "${id}": already used at ${out.pathOf(earlier)}`);
  }
}

/** Reports each reference to an id missing from `known`, suggesting the closest existing id. */
function reportUnknown(out: Collector, refs: readonly Ref[], known: ReadonlyMap<string, unknown>, kind: string, file: DataFileName): void {
  for (const { at, id } of refs) {
    if (known.has(id)) continue;
    const guess = closest(id, known.keys());
    out.add(at, `unknown ${kind} "${id}" (not in ${file}${guess === undefined ? '' : `; did you mean "${guess}"?`})`);
  }
}

/**
 * Reports each source on an event's own list that was published before the event began: it cannot report
 * the event. Such a source backs a fact of the event (a figure, a quote, a reason) and is cited there.
 * Sources of facts are not checked: a figure may rightly come from older background reporting.
 */
function reportEarlierSources(out: Collector, index: number, event: KbEvent, sources: ReadonlyMap<string, Source>): void {
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
function reportUnlinked(out: Collector, at: Segments, ids: readonly string[], sources: ReadonlyMap<string, Source>, what: string): void {
  const cited = ids.map((id) => sources.get(id));
  if (cited.some((s) => s === undefined) || cited.some((s) => s?.url !== undefined)) return;
  out.add(at, `${what} cites no source with a URL (${ids.map((id) => `"${id}"`).join(', ')} ${ids.length === 1 ? 'has' : 'have'} none); cite at least one linked source`);
}

interface NamedEntry {
  readonly at: Segments;
  readonly names: readonly { at: Segments; text: string }[];
}

/** Reports names or aliases of different entries that fold to the same lookup key. */
function reportAmbiguousNames(out: Collector, entries: readonly NamedEntry[], kind: string): void {
  const owners = new Map<string, { entry: NamedEntry; at: Segments; text: string }>();
  for (const entry of entries) {
    for (const { at, text } of entry.names) {
      const key = foldName(text);
      if (key === '') continue;
      const owner = owners.get(key);
      if (owner === undefined) owners.set(key, { entry, at, text });
      else if (owner.entry !== entry) {
        out.add(at, `${kind} name "${text}" is ambiguous: it matches "${owner.text}" at ${out.pathOf(owner.at)} once case, accents and punctuation are ignored`);
      }
    }
  }
}

function checkSources(sources: readonly Source[]): Finding[] {
  const out = collector('sources.json', sources);
  reportDuplicateIds(out, sources.map((s, i) => ({ id: s.id, at: [i] })));
  return out.findings;
}

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

function checkCompanies(companies: readonly Company[], sources: ReadonlyMap<string, Source> | undefined): Finding[] {
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

function prefixed(index: number, refs: readonly Ref[]): Ref[] {
  return refs.map((r) => ({ at: [index, ...r.at], id: r.id }));
}

function checkEvents(files: ParsedFiles, events: readonly KbEvent[]): Finding[] {
  const out = collector('events.json', events);
  reportDuplicateIds(out, events.map((e, i) => ({ id: e.id, at: [i] })));
  const companies = files['companies.json'] && firstById(files['companies.json']);
  const dimensions = files['dimensions.json'] && firstById(files['dimensions.json']);
  const sources = files['sources.json'] && firstById(files['sources.json']);
  const foundingIds = [...(sources?.values() ?? [])].filter((s) => s.foundingArticle === true).map((s) => `"${s.id}"`);
  events.forEach((event, i) => {
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

function checkDimensions(dimensions: readonly Dimension[], sources: ReadonlyMap<string, Source> | undefined): Finding[] {
  const out = collector('dimensions.json', dimensions);
  reportDuplicateIds(out, dimensions.map((d, i) => ({ id: d.id, at: [i] })));
  reportDuplicateIds(out, dimensions.flatMap((d, i) => d.indicators.map((ind, k) => ({ id: ind.id, at: [i, 'indicators', k] }))));
  dimensions.forEach((dimension, i) => {
    dimension.indicators.forEach((indicator, k) => {
      if (indicator.headline === true && dimension.indicators.findIndex((other) => other.headline === true) < k) {
        out.add([i, 'indicators', k, 'headline'], `dimension "${dimension.id}" has more than one headline indicator`);
      }
    });
  });
  if (sources !== undefined) {
    dimensions.forEach((dimension, i) => {
      reportUnknown(out, [{ at: [i, 'articleView', 'source'], id: dimension.articleView.source }], sources, 'source', 'sources.json');
      dimension.indicators.forEach((indicator, k) => {
        reportUnknown(out, listRefs([i, 'indicators', k, 'sources'], indicator.sources), sources, 'source', 'sources.json');
        reportUnlinked(out, [i, 'indicators', k, 'sources'], indicator.sources, sources, 'the indicator');
      });
    });
  }
  reportAmbiguousNames(
    out,
    dimensions.map((d, i) => ({
      at: [i],
      names: [
        { at: [i, 'name', 'en'], text: d.name.en },
        { at: [i, 'name', 'fr'], text: d.name.fr },
        ...d.aliases.map((text, k) => ({ at: [i, 'aliases', k], text })),
      ],
    })),
    'dimension',
  );
  return out.findings;
}

function checkBalance(balance: NonNullable<ParsedFiles['balance.json']>, sources: ReadonlyMap<string, Source> | undefined): Finding[] {
  const out = collector('balance.json', balance);
  reportDuplicateIds(out, balance.usDynamics.map((d, i) => ({ id: d.id, at: ['usDynamics', i] })));
  if (sources !== undefined) {
    const refs = [...listRefs(['sources'], balance.sources), ...balance.usDynamics.flatMap((d, i) => listRefs(['usDynamics', i, 'sources'], d.sources))];
    reportUnknown(out, refs, sources, 'source', 'sources.json');
  }
  return out.findings;
}

function checkMeta(files: ParsedFiles, meta: NonNullable<ParsedFiles['meta.json']>): Finding[] {
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

function checkFeeds(feeds: NonNullable<ParsedFiles['feeds.json']>): Finding[] {
  const out = collector('feeds.json', feeds);
  reportDuplicateIds(out, feeds.map((f, i) => ({ id: f.id, at: [i] })));
  const seen = new Map<string, number>();
  feeds.forEach((f, i) => {
    const key = f.url.replace(/^https?:\/\//, '').replace(/\/$/, '').toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else out.add([i, 'url'], `the same feed as [${first}] (id "${feeds[first]?.id}")`);
  });
  return out.findings;
}

/**
 * Cross-reference checks over the files that passed their schema: duplicate ids, references to unknown ids
 * (with a "did you mean" when one is close), corrections citing a non-founding article, parent loops,
 * events and indicators without a linked source, event sources published before their event, and names that
 * lookups could not tell apart.
 * A check runs only when every file it reads is present, so a broken file never causes bogus findings elsewhere.
 */
export function crossCheck(files: ParsedFiles): Finding[] {
  const sources = files['sources.json'] && firstById(files['sources.json']);
  return [
    ...(files['sources.json'] ? checkSources(files['sources.json']) : []),
    ...(files['companies.json'] ? checkCompanies(files['companies.json'], sources) : []),
    ...(files['events.json'] ? checkEvents(files, files['events.json']) : []),
    ...(files['dimensions.json'] ? checkDimensions(files['dimensions.json'], sources) : []),
    ...(files['balance.json'] ? checkBalance(files['balance.json'], sources) : []),
    ...(files['feeds.json'] ? checkFeeds(files['feeds.json']) : []),
    ...(files['meta.json'] ? checkMeta(files, files['meta.json']) : []),
  ];
}
