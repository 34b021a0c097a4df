import { loadRealKb } from '../support/real-kb.ts';
import { describe, expect, it } from 'vitest';
import { userError } from '../support/user-error.ts';
import { buildKnowledgeBase, type KnowledgeBaseData } from '../../src/kb/build.ts';
import { compareNewestFirst, datePeriod, within } from '../../src/kb/dates.ts';
import {
  balanceOverview,
  companiesWithEvents,
  companyDimensions,
  companyEvents,
  filterEvents,
  knowledgeStats,
  relatedEvents,
  requireCompany,
  requireDimension,
  resolveCompany,
  resolveDimension,
  retreatsFilter,
  suggestCompanyChoices,
  suggestDimensionChoices,
  type EventFilter,
} from '../../src/kb/query.ts';
import { type Company, type EventCategory, type EventKind, type KbEvent } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { fixtureData, fixtureKb, scaleData } from '../support/kb-fixture.ts';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

const scaledKb = buildKnowledgeBase(scaleData(fixtureData(), 100));
const KBS: readonly [string, KnowledgeBase][] = [
  ['fixture', fixtureKb()],
  ['fixture ×100', scaledKb],
];

const both = (en: string, fr = `${en} (fr)`) => ({ en, fr });
function company(id: string, name: string, aliases: string[] = [], extra: Partial<Company> = {}): Company {
  return { id, name, aliases, type: 'company', country: 'US', sector: both('Tech'), profile: both(name), ...extra };
}
function event(id: string, date: string, actor: string, extra: Partial<KbEvent> = {}): KbEvent {
  return {
    id, date, actor, kinds: ['lab-closure'], category: 'retreat', title: both(id), summary: both(id),
    dimensions: ['talent'], sources: ['src-a'], confidence: 'high', ...extra,
  };
}
/** The fixture with more companies and events. */
function kbWith(extra: { companies?: Company[]; events?: KbEvent[] }, change: (d: KnowledgeBaseData) => KnowledgeBaseData = (d) => d): KnowledgeBase {
  const data = fixtureData();
  return buildKnowledgeBase(change({
    ...data,
    companies: [...data.companies, ...(extra.companies ?? [])],
    events: [...data.events, ...(extra.events ?? [])],
  }));
}

const foundCompany = (kb: KnowledgeBase, text: string) => {
  const r = resolveCompany(kb, text);
  return r.status === 'found' ? r.company.id : r;
};
const foundDimension = (kb: KnowledgeBase, text: string) => {
  const r = resolveDimension(kb, text);
  return r.status === 'found' ? r.dimension.id : r;
};
const ids = (events: readonly KbEvent[]) => events.map((e) => e.id);

describe.each(KBS)('company resolution on the %s', (_, kb) => {
  it.each([
    ['aws', 'aws'],
    ['AWS', 'aws'],
    ['Amazon Web Services', 'aws'],
    ['amazon-web-services', 'aws'],
    ['I.B.M.', 'ibm'],
    ['ibm', 'ibm'],
    ['International Business Machines', 'ibm'],
    ['mckinsy', 'mckinsey'],
    ['McKinsey & Company', 'mckinsey'],
    ['mckinsey and company', 'mckinsey'],
    ['Microsoft', 'microsoft'],
    ['  MICROSOFT ', 'microsoft'],
    ['Mîcrosoft', 'microsoft'],
    ['microsft', 'microsoft'],
    ['micorsoft', 'microsoft'],
    ['Amazon', 'amazon'],
    ['amazon web', 'aws'],
  ])('%j → %s', (text, id) => {
    expect(foundCompany(kb, text)).toBe(id);
  });

  it('resolves every company by its id and name', () => {
    for (const c of kb.companies.values()) {
      expect(foundCompany(kb, c.id)).toBe(c.id);
      expect(foundCompany(kb, c.name)).toBe(c.id);
    }
  });

  it('finds nothing for a name it does not know, and suggests nothing far-fetched', () => {
    expect(resolveCompany(kb, 'apple')).toEqual({ status: 'unknown', suggestions: [] });
    expect(resolveCompany(kb, '')).toEqual({ status: 'unknown', suggestions: [] });
    expect(resolveCompany(kb, '!!!')).toEqual({ status: 'unknown', suggestions: [] });
  });

  it('calls an unfinished name that fits several companies ambiguous, nearest first, at most 5', () => {
    const r = resolveCompany(kb, 'amaz');
    expect(r.status).toBe('ambiguous');
    if (r.status === 'found') return;
    expect(r.suggestions[0]?.id).toBe('amazon');
    expect(r.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(r.suggestions.length).toBeLessThanOrEqual(5);
    expect(r.suggestions.every((c) => /^amazon/i.test(c.name))).toBe(true);
  });

  it('suggests a company whose name contains the text without resolving to it', () => {
    const r = resolveCompany(kb, 'soft');
    expect(r.status).toBe('unknown');
    if (r.status === 'found') return;
    expect(r.suggestions[0]?.id).toBe('microsoft');
  });
});

describe('company resolution edge cases', () => {
  it('resolves a unique prefix of three characters or more, not a shorter one', () => {
    const kb = fixtureKb();
    expect(foundCompany(kb, 'mcki')).toBe('mckinsey');
    expect(foundCompany(kb, 'micro')).toBe('microsoft');
    expect(resolveCompany(kb, 'mc')).toEqual({ status: 'unknown', suggestions: [kb.companies.get('mckinsey')] });
  });

  it('calls an alias shared by two companies ambiguous', () => {
    const kb = kbWith({ companies: [company('microsoft-china', 'Microsoft China', ['MSFT'])] });
    const r = resolveCompany(kb, 'msft');
    expect(r.status).toBe('ambiguous');
    if (r.status === 'found') return;
    expect(r.suggestions.map((c) => c.id)).toEqual(['microsoft', 'microsoft-china']);
  });

  it('prefers an id to a name, and a name to an alias', () => {
    const kb = kbWith({ companies: [company('msft-capital', 'MSFT'), company('ibm-fund', 'Fund', ['aws'])] });
    expect(foundCompany(kb, 'msft')).toBe('msft-capital');
    expect(foundCompany(kb, 'aws')).toBe('aws');
  });

  it('does not resolve a typo that fits two companies equally', () => {
    const kb = kbWith({ companies: [company('nvidia', 'Nvidia'), company('nvidoa', 'Nvidoa')] });
    const r = resolveCompany(kb, 'nvidea');
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'found') expect(r.suggestions.map((c) => c.id).sort()).toEqual(['nvidia', 'nvidoa']);
  });

  it('resolves whole words only when the other candidates merely extend that name', () => {
    const kb = kbWith({ companies: [company('osl', 'Open Source Lab'), company('osl-asia', 'Open Source Lab Asia'), company('opus', 'Open Systems')] });
    expect(foundCompany(kb, 'open source lab')).toBe('osl');
    expect(foundCompany(kb, 'open source')).toBe('osl');
    expect(foundCompany(kb, 'open sys')).toBe('opus');
    expect(resolveCompany(kb, 'open').status).toBe('ambiguous');
  });

  it('lets an exact name, alias or ticker win over any typo', () => {
    const kb = kbWith({ companies: [company('msra', 'Microsoft Research Asia', ['MSRA']), company('meta', 'Meta Platforms', ['Meta', 'META', 'Facebook'])] });
    for (const text of ['meta', 'META', 'Facebook', 'meta platforms']) expect(foundCompany(kb, text), text).toBe('meta');
    expect(foundCompany(kb, 'msra')).toBe('msra');
  });

  it('suggests a name only when it is plausibly what was meant: one typo per three letters at most', () => {
    const kb = kbWith({ companies: [company('us-bis', 'Bureau of Industry and Security', ['BIS']), company('msra', 'Microsoft Research Asia', ['MSRA'])] });
    expect(resolveCompany(kb, 'amd')).toEqual({ status: 'unknown', suggestions: [] });
    expect(resolveCompany(kb, 'meta')).toEqual({ status: 'unknown', suggestions: [] });
    expect(resolveCompany(kb, 'ibn')).toEqual({ status: 'unknown', suggestions: [kb.companies.get('ibm')] });
    expect(resolveCompany(kb, 'mckinzy')).toEqual({ status: 'unknown', suggestions: [kb.companies.get('mckinsey')] });
    expect(foundCompany(kb, 'mckinsy')).toBe('mckinsey');
  });

  it('does not prefer the start of a later word to a whole name one typo away', () => {
    const kb = kbWith({ companies: [company('intel', 'Intel'), company('baichuan', 'Baichuan AI', ['Baichuan Intelligence'])] });
    const r = resolveCompany(kb, 'intell');
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'found') expect(r.suggestions.map((c) => c.id)).toEqual(['intel', 'baichuan']);
    expect(foundCompany(kb, 'intelligence')).toBe('baichuan');
    expect(foundCompany(kb, 'intel')).toBe('intel');
  });

  it('builds its index per knowledge base', () => {
    expect(resolveCompany(fixtureKb(), 'loft').status).toBe('unknown');
    expect(foundCompany(kbWith({ companies: [company('loft', 'Loft')] }), 'loft')).toBe('loft');
  });
});

describe('requireCompany', () => {
  const kb = fixtureKb();

  it('returns the company', () => {
    expect(requireCompany(kb, 'I.B.M.').id).toBe('ibm');
  });

  it('names the nearest companies when none matches, in both languages', () => {
    expect(userError(() => requireCompany(kb, 'soft')).userMessage).toEqual({
      en: 'No company matches “soft”. Did you mean: Microsoft?',
      fr: `Aucune entreprise ne correspond à «${NBSP}soft${NBSP}». Vouliez-vous dire${NBSP}: Microsoft${NNBSP}?`,
    });
  });

  it('offers the busiest companies when nothing is near', () => {
    expect(userError(() => requireCompany(kb, 'apple')).userMessage).toEqual({
      en: 'No company matches “apple”. Try for example: Microsoft, Amazon, Amazon Web Services, IBM, McKinsey & Company.',
      fr: `Aucune entreprise ne correspond à «${NBSP}apple${NBSP}». Essayez par exemple${NBSP}: Microsoft, Amazon, Amazon Web Services, IBM, McKinsey & Company.`,
    });
  });

  it('asks which one when several match', () => {
    expect(userError(() => requireCompany(kb, 'amaz')).userMessage).toEqual({
      en: 'Several companies match “amaz”: Amazon, Amazon Web Services. Which one do you mean?',
      fr: `Plusieurs entreprises correspondent à «${NBSP}amaz${NBSP}»${NBSP}: Amazon, Amazon Web Services. Laquelle voulez-vous dire${NNBSP}?`,
    });
  });

  it('asks for a name when given none', () => {
    const message = userError(() => requireCompany(kb, '  ')).userMessage;
    expect(message.en).toBe('Give the name of a company, for example: Microsoft, Amazon, Amazon Web Services, IBM, McKinsey & Company.');
    expect(message.fr).toBe(`Indiquez le nom d’une entreprise, par exemple${NBSP}: Microsoft, Amazon, Amazon Web Services, IBM, McKinsey & Company.`);
  });

  it('shortens a very long input in the message', () => {
    const message = userError(() => requireCompany(kb, 'z'.repeat(1000))).userMessage;
    expect(message.en.length).toBeLessThan(300);
    expect(message.fr.length).toBeLessThan(300);
  });
});

describe.each(KBS)('dimension resolution on the %s', (_, kb) => {
  it.each([
    ['compute', 'compute'],
    ['Calcul', 'compute'],
    ['puces', 'compute'],
    ['chips', 'compute'],
    ['Compute & chips', 'compute'],
    ['semiconducteurs', 'compute'],
    ['talents', 'talent'],
    ['TALENT', 'talent'],
    ['chercheurs', 'talent'],
    ['Écosystème', 'ecosystem'],
    ['ecosysteme', 'ecosystem'],
    ['deploiement', 'ecosystem'],
    ['gouvernence', 'governance'],
    ['règles', 'governance'],
  ])('%j → %s', (text, id) => {
    expect(foundDimension(kb, text)).toBe(id);
  });

  it('resolves every dimension by its id and both names', () => {
    for (const d of kb.dimensions) {
      for (const text of [d.id, d.name.en, d.name.fr]) expect(foundDimension(kb, text)).toBe(d.id);
    }
  });

  it('calls a word shared by two dimensions ambiguous', () => {
    const r = resolveDimension(kb, 'normes');
    expect(r.status).toBe('ambiguous');
    if (r.status !== 'found') expect(r.suggestions[0]?.id).toBe('governance');
  });

  it('finds nothing for an unknown dimension', () => {
    expect(resolveDimension(kb, 'weather')).toEqual({ status: 'unknown', suggestions: [] });
  });
});

describe('requireDimension', () => {
  const kb = fixtureKb();

  it('returns the dimension', () => {
    expect(requireDimension(kb, 'puces').id).toBe('compute');
  });

  it('lists the dimensions in each language when nothing matches', () => {
    expect(userError(() => requireDimension(kb, 'weather')).userMessage).toEqual({
      en: 'No dimension matches “weather”. Try for example: Compute & chips, Talent & research climate, Ecosystem, deployment & standards, Governance & norms.',
      fr: `Aucune dimension ne correspond à «${NBSP}weather${NBSP}». Essayez par exemple${NBSP}: Calcul et puces, Talents et climat de recherche, Écosystème, déploiement et normes, Gouvernance et normes.`,
    });
  });

  it('names the candidates in each language when several match', () => {
    expect(userError(() => requireDimension(kb, 'normes')).userMessage).toEqual({
      en: 'Several dimensions match “normes”: Governance & norms, Ecosystem, deployment & standards. Which one do you mean?',
      fr: `Plusieurs dimensions correspondent à «${NBSP}normes${NBSP}»${NBSP}: Gouvernance et normes, Écosystème, déploiement et normes. Laquelle voulez-vous dire${NNBSP}?`,
    });
  });
});

/** The filter spelled out with `within`, event by event: the oracle for filterEvents. */
function naiveFilter(kb: KnowledgeBase, filter: EventFilter): string[] {
  const family = (id: string): boolean => {
    if (id === filter.companyId) return true;
    const parent = kb.companies.get(id)?.parent;
    return filter.includeSubsidiaries !== false && parent !== undefined && family(parent);
  };
  return kb.events
    .filter((e) => filter.companyId === undefined || [e.actor, ...(e.companies ?? [])].some(family))
    .filter((e) => filter.kind === undefined || e.kinds.includes(filter.kind))
    .filter((e) => !filter.categories?.length || filter.categories.includes(e.category))
    .filter((e) => within(e.date, e.datePrecision, filter.since, filter.until))
    .filter((e) => filter.dimensionId === undefined || e.dimensions.includes(filter.dimensionId))
    .map((e) => e.id);
}

describe('filterEvents', () => {
  const kb = fixtureKb();

  it('lists every event newest first without a filter', () => {
    expect(ids(filterEvents(kb, {}))).toEqual(['mckinsey-ban', 'aws-lab', 'ms-lab', 'ibm-rd', 'ms-relocation']);
  });

  it('counts a subsidiary’s events for its parent, unless asked not to', () => {
    expect(ids(filterEvents(kb, { companyId: 'amazon' }))).toEqual(['aws-lab']);
    expect(ids(filterEvents(kb, { companyId: 'amazon', includeSubsidiaries: false }))).toEqual([]);
    expect(ids(filterEvents(kb, { companyId: 'aws' }))).toEqual(['aws-lab']);
    expect(ids(filterEvents(kb, { companyId: 'microsoft' }))).toEqual(['ms-lab', 'ms-relocation']);
  });

  it('follows parents recursively and counts companies an event concerns', () => {
    const deeper = kbWith({
      companies: [company('aws-unit', 'AWS Unit', [], { parent: 'aws' }), company('us-bis', 'BIS', [], { type: 'government' })],
      events: [
        event('unit-exit', '2023-03', 'aws-unit'),
        event('rule', '2022-10-07', 'us-bis', { category: 'export-control', kinds: ['export-control'], companies: ['ibm', 'aws-unit'] }),
      ],
    });
    expect(ids(filterEvents(deeper, { companyId: 'amazon' }))).toEqual(['aws-lab', 'unit-exit', 'rule']);
    expect(ids(filterEvents(deeper, { companyId: 'ibm' }))).toEqual(['ibm-rd', 'rule']);
    expect(ids(filterEvents(deeper, { companyId: 'ibm', categories: ['retreat'] }))).toEqual(['ibm-rd']);
    expect(ids(filterEvents(deeper, { companyId: 'ibm', categories: [] }))).toEqual(['ibm-rd', 'rule']);
    expect(ids(filterEvents(deeper, { categories: ['export-control', 'context'] }))).toEqual(['rule']);
  });

  it('matches any of an event’s kinds', () => {
    expect(ids(filterEvents(kb, { kind: 'layoffs' }))).toEqual(['ibm-rd']);
    expect(ids(filterEvents(kb, { kind: 'lab-closure' }))).toEqual(['aws-lab', 'ms-lab', 'ibm-rd']);
    expect(ids(filterEvents(kb, { kind: 'investment' }))).toEqual([]);
  });

  it.each([
    // ms-lab is dated only "2025": it lies within a period only when the whole year does.
    [{ since: '2025' }, ['mckinsey-ban', 'aws-lab', 'ms-lab']],
    [{ until: '2025' }, ['mckinsey-ban', 'aws-lab', 'ms-lab', 'ibm-rd', 'ms-relocation']],
    [{ until: '2024' }, ['ibm-rd', 'ms-relocation']],
    [{ since: '2025-04' }, ['mckinsey-ban', 'aws-lab']],
    [{ since: '2025-07-23' }, ['mckinsey-ban']],
    [{ since: '2025-08' }, []],
    [{ until: '2025-12' }, ['mckinsey-ban', 'aws-lab', 'ms-lab', 'ibm-rd', 'ms-relocation']],
    [{ until: '2025-11-30' }, ['mckinsey-ban', 'aws-lab', 'ibm-rd', 'ms-relocation']],
    [{ since: '2026' }, []],
    [{ until: '2024-05-15' }, []],
    [{ until: '2024-05-16' }, ['ms-relocation']],
    [{ until: '2024-05' }, ['ms-relocation']],
    [{ since: '2024-05-17', until: '2024-12' }, ['ibm-rd']],
    [{ since: '2024-08-26', until: '2024-08-26' }, ['ibm-rd']],
    [{ since: '2025-01', until: '2025-01' }, []],
    [{ since: '2025-07-22', until: '2025-07-22' }, ['aws-lab']],
  ] satisfies [EventFilter, string[]][])('period %j → %j', (filter, expected) => {
    expect(ids(filterEvents(kb, filter))).toEqual(expected);
  });

  it('narrows a year or a month by its precision: "early 2025" is not "since April 2025"', () => {
    const early = kbWith({ events: [event('early', '2025', 'ibm', { datePrecision: 'early' }), event('late-oct', '2022-10', 'ibm', { datePrecision: 'late' })] });
    expect(ids(filterEvents(early, { companyId: 'ibm', since: '2025-04' }))).toEqual([]);
    expect(ids(filterEvents(early, { companyId: 'ibm', since: '2025', until: '2025-04' }))).toEqual(['early']);
    expect(ids(filterEvents(early, { companyId: 'ibm', since: '2022-10-21', until: '2022-10' }))).toEqual(['late-oct']);
    expect(ids(filterEvents(early, { companyId: 'ibm', since: '2022-10', until: '2022-10-20' }))).toEqual([]);
    expect(datePeriod('2025', 'mid')).toEqual(['2025-05-01', '2025-08-31']);
    expect(datePeriod('2024-02', 'late')).toEqual(['2024-02-21', '2024-02-29']);
    expect(datePeriod('2024-02-03', 'late')).toEqual(['2024-02-03', '2024-02-03']);
  });

  it('filters by dimension, alone or with a company', () => {
    expect(ids(filterEvents(kb, { dimensionId: 'talent' }))).toEqual(['aws-lab', 'ibm-rd', 'ms-relocation']);
    expect(ids(filterEvents(kb, { dimensionId: 'talent', companyId: 'microsoft' }))).toEqual(['ms-relocation']);
    expect(ids(filterEvents(kb, { dimensionId: 'unknown' }))).toEqual([]);
    expect(ids(filterEvents(kb, { companyId: 'unknown' }))).toEqual([]);
  });

  it('agrees with a filter written out event by event on the larger knowledge base', () => {
    const companies = ['amazon', 'aws', 'microsoft-x7', 'amazon-x42', 'ibm-x99', undefined];
    const kinds: (EventKind | undefined)[] = ['lab-closure', 'layoffs', 'project-ban', undefined];
    const categories: (EventCategory[] | undefined)[] = [['retreat'], ['context'], [], undefined];
    const periods: [string | undefined, string | undefined][] = [
      [undefined, undefined], ['2025', undefined], [undefined, '2024-08'], ['2024-05-16', '2025-07-22'], ['2025-07-23', '2025-07'],
    ];
    let checked = 0;
    for (const companyId of companies) for (const kind of kinds) for (const cats of categories) for (const [since, until] of periods) {
      for (const includeSubsidiaries of [true, false]) for (const dimensionId of [undefined, 'talent', 'compute-x3']) {
        const filter: EventFilter = {
          includeSubsidiaries,
          ...(companyId === undefined ? {} : { companyId }), ...(kind === undefined ? {} : { kind }),
          ...(cats === undefined ? {} : { categories: cats }), ...(since === undefined ? {} : { since }),
          ...(until === undefined ? {} : { until }), ...(dimensionId === undefined ? {} : { dimensionId }),
        };
        expect(ids(filterEvents(scaledKb, filter)), JSON.stringify(filter)).toEqual(naiveFilter(scaledKb, filter));
        checked++;
      }
    }
    expect(checked).toBe(6 * 4 * 4 * 5 * 2 * 3);
  });

  it('keeps results newest first on the larger knowledge base', () => {
    const events = filterEvents(scaledKb, { dimensionId: 'talent' });
    expect(events).toHaveLength(300);
    for (let i = 1; i < events.length; i++) expect(compareNewestFirst((events[i - 1] as KbEvent).date, (events[i] as KbEvent).date)).toBeLessThanOrEqual(0);
    expect(ids(filterEvents(scaledKb, { companyId: 'amazon-x5' }))).toEqual(['aws-lab-x5']);
  });
});

describe('company and dimension views', () => {
  const kb = fixtureKb();

  it('lists a company’s events with its subsidiaries’', () => {
    expect(ids(companyEvents(kb, 'amazon'))).toEqual(['aws-lab']);
    expect(ids(companyEvents(kb, 'microsoft'))).toEqual(['ms-lab', 'ms-relocation']);
    expect(companyEvents(kb, 'nobody')).toEqual([]);
  });

  it('lists the dimensions a company touches, most frequent first, then in file order', () => {
    expect(companyDimensions(kb, 'microsoft')).toEqual(['compute', 'talent', 'ecosystem']);
    const busier = kbWith({ events: [event('ms-more', '2023', 'microsoft', { dimensions: ['ecosystem', 'governance'] })] });
    expect(companyDimensions(busier, 'microsoft')).toEqual(['ecosystem', 'compute', 'talent', 'governance']);
    expect(companyDimensions(kb, 'amazon')).toEqual(['talent']);
  });

  it('lists a dimension’s events newest first', () => {
    expect(ids(relatedEvents(kb, 'talent'))).toEqual(['aws-lab', 'ibm-rd', 'ms-relocation']);
    expect(relatedEvents(kb, 'nothing')).toEqual([]);
    expect(relatedEvents(scaledKb, 'compute')).toHaveLength(100);
  });

  it('gives the balance dimension by dimension with the latest indicator and event count', () => {
    const indicator = (id: string, date: string) => ({ id, date, label: both(id), value: both('1'), sources: ['src-a'], confidence: 'high' as const });
    const richer = kbWith({}, (d) => ({
      ...d,
      dimensions: d.dimensions.map((dim) =>
        dim.id === 'compute' ? { ...dim, indicators: [indicator('old', '2024'), indicator('new', '2025-03'), indicator('day', '2024-12-31')] } : dim,
      ),
    }));
    const overview = balanceOverview(richer);
    expect(overview.balance).toBe(richer.balance);
    expect(overview.dimensions.map((o) => [o.dimension.id, o.latestIndicator?.id, o.eventCount])).toEqual([
      ['compute', 'new', 1],
      ['talent', 'talent-1', 3],
      ['ecosystem', 'ecosystem-1', 1],
      ['governance', 'governance-1', 1],
    ]);
    expect(balanceOverview(richer)).toBe(overview);
  });

  it('counts what the knowledge base holds', () => {
    const stats = knowledgeStats(kbWith({
      companies: [company('us-bis', 'BIS', [], { type: 'government' })],
      events: [event('rule', '2022', 'us-bis', { category: 'export-control' })],
    }));
    expect(stats).toMatchObject({
      companies: 6,
      companiesByType: { company: 5, government: 1 },
      events: 6,
      eventsByCategory: { retreat: 5, acceleration: 0, 'export-control': 1, countermeasure: 0, context: 0 },
      dimensions: 4,
      indicators: 4,
      sources: 3,
      latestFact: '2025-07-23',
    });
    expect(stats.foundingArticles.map((s) => s.id)).toEqual(['article-2']);
  });

  it('takes the latest fact from indicators too', () => {
    const later = kbWith({}, (d) => ({
      ...d,
      dimensions: d.dimensions.map((dim, i) => (i === 2 ? { ...dim, indicators: [{ ...dim.indicators[0]!, date: '2025-12' }] } : dim)),
    }));
    expect(knowledgeStats(later).latestFact).toBe('2025-12');
    expect(knowledgeStats(scaledKb)).toMatchObject({ companies: 500, events: 500, dimensions: 400, sources: 300 });
  });
});

describe('what /retreats lists', () => {
  const kb = kbWith({
    companies: [company('us-bis', 'BIS', [], { type: 'government' }), company('huawei', 'Huawei', ['HiSilicon'])],
    events: [event('rule', '2019-05-15', 'us-bis', { category: 'export-control', kinds: ['blacklisting', 'export-control'], companies: ['huawei'] })],
  });

  it('lists retreats by default, and every event of a kind when one is given, whatever its category', () => {
    expect(ids(filterEvents(kb, retreatsFilter()))).not.toContain('rule');
    expect(ids(filterEvents(kb, retreatsFilter('blacklisting')))).toEqual(['rule']);
    expect(ids(filterEvents(kb, retreatsFilter('lab-closure')))).toEqual(['aws-lab', 'ms-lab', 'ibm-rd']);
  });

  it('knows which actors have events to list, subsidiaries counted for their parent', () => {
    expect([...companiesWithEvents(kb, retreatsFilter())].sort()).toEqual(['amazon', 'aws', 'ibm', 'mckinsey', 'microsoft']);
    expect([...companiesWithEvents(kb, retreatsFilter('blacklisting'))].sort()).toEqual(['huawei', 'us-bis']);
    expect(companiesWithEvents(kb, retreatsFilter())).toBe(companiesWithEvents(kb, retreatsFilter()));
  });

  it('offers only those actors in autocomplete, typed or not', () => {
    const retreating = companiesWithEvents(kb, retreatsFilter());
    expect(suggestCompanyChoices(kb, 'hua', 'en').map((c) => c.value)).toEqual(['huawei']);
    expect(suggestCompanyChoices(kb, 'hua', 'en', retreating)).toEqual([]);
    expect(suggestCompanyChoices(kb, '', 'en', retreating).map((c) => c.value).sort()).toEqual([...retreating].sort());
    expect(suggestCompanyChoices(kb, 'hisil', 'en', companiesWithEvents(kb, retreatsFilter('blacklisting')))[0]).toEqual({ name: 'Huawei (HiSilicon)', value: 'huawei' });
  });
});

describe('suggestCompanyChoices', () => {
  const kb = fixtureKb();
  const values = (input: string, on = kb) => suggestCompanyChoices(on, input, 'en').map((c) => c.value);

  it('offers the companies with the most events when nothing is typed', () => {
    expect(suggestCompanyChoices(kb, '', 'en')).toEqual([
      { name: 'Microsoft (MSFT)', value: 'microsoft' },
      { name: 'Amazon', value: 'amazon' },
      { name: 'Amazon Web Services (AWS)', value: 'aws' },
      { name: 'IBM', value: 'ibm' },
      { name: 'McKinsey & Company', value: 'mckinsey' },
    ]);
    expect(suggestCompanyChoices(kb, '', 'fr')).toEqual(suggestCompanyChoices(kb, '', 'en'));
  });

  it('ranks name prefixes, then word starts, then substrings, then typos', () => {
    const more = kbWith({ companies: [company('loft', 'Loft'), company('alsoft', 'Al Soft'), company('softbank', 'SoftBank Vision Fund International')] });
    expect(values('soft', more)).toEqual(['softbank', 'alsoft', 'microsoft', 'loft']);
  });

  it('shows the alias that matched', () => {
    expect(suggestCompanyChoices(kb, 'aws', 'en')[0]).toEqual({ name: 'Amazon Web Services (AWS)', value: 'aws' });
    expect(suggestCompanyChoices(kb, 'international', 'fr')[0]).toEqual({ name: 'IBM', value: 'ibm' });
    expect(values('am')).toEqual(['amazon', 'aws']);
    expect(values('microsft')).toEqual(['microsoft']);
    expect(values('zzzz')).toEqual([]);
  });

  it('puts each company’s own name first when typed in full', () => {
    for (const [, on] of KBS) {
      for (const c of on.companies.values()) {
        expect(values(c.name, on)[0]).toBe(c.id);
        expect(values(c.id, on)[0]).toBe(c.id);
      }
    }
  });

  it('returns at most 25 distinct companies with names within Discord’s limit', () => {
    const long = kbWith({ companies: [company('long', `Long ${'name '.repeat(40)}`, ['LN'])] });
    expect(suggestCompanyChoices(long, 'long', 'en')[0]).toEqual({ name: `${`Long ${'name '.repeat(40)}`.slice(0, 99)}…`, value: 'long' });
    for (const input of ['', 'a', 'm', 'amazon', 'micro', 'mckinsy', 'i b m']) {
      const choices = suggestCompanyChoices(scaledKb, input, 'en');
      expect(choices.length, input).toBeLessThanOrEqual(25);
      expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
      for (const c of choices) {
        expect(c.name.length).toBeGreaterThan(0);
        expect(c.name.length).toBeLessThanOrEqual(100);
        expect(scaledKb.companies.has(c.value)).toBe(true);
      }
    }
    expect(suggestCompanyChoices(scaledKb, '', 'en')).toHaveLength(25);
    expect(suggestCompanyChoices(scaledKb, 'm', 'en')).toHaveLength(25);
    expect(values('mckinsy', scaledKb)[0]).toBe('mckinsey');
  });
});

describe('suggestDimensionChoices', () => {
  const kb = fixtureKb();

  it('lists the dimensions in file order, in the user’s language, when nothing is typed', () => {
    expect(suggestDimensionChoices(kb, '', 'en').map((c) => c.name)).toEqual([
      'Compute & chips', 'Talent & research climate', 'Ecosystem, deployment & standards', 'Governance & norms',
    ]);
    expect(suggestDimensionChoices(kb, '', 'fr')).toEqual([
      { name: 'Calcul et puces', value: 'compute' },
      { name: 'Talents et climat de recherche', value: 'talent' },
      { name: 'Écosystème, déploiement et normes', value: 'ecosystem' },
      { name: 'Gouvernance et normes', value: 'governance' },
    ]);
  });

  it('names the match in the user’s language, showing an alias or foreign name that matched', () => {
    expect(suggestDimensionChoices(kb, 'gpu', 'fr')).toEqual([{ name: 'Calcul et puces (GPU)', value: 'compute' }]);
    expect(suggestDimensionChoices(kb, 'calcul', 'en')).toEqual([{ name: 'Compute & chips (Calcul et puces)', value: 'compute' }]);
    expect(suggestDimensionChoices(kb, 'calcul', 'fr')).toEqual([{ name: 'Calcul et puces', value: 'compute' }]);
    expect(suggestDimensionChoices(kb, 'talnt', 'en')[0]).toEqual({ name: 'Talent & research climate', value: 'talent' });
  });

  it('ranks the closest completion first', () => {
    expect(suggestDimensionChoices(kb, 'g', 'en')).toEqual([
      { name: 'Compute & chips (GPU)', value: 'compute' },
      { name: 'Governance & norms', value: 'governance' },
    ]);
  });

  it('returns at most 25 choices within Discord’s limit on the larger knowledge base', () => {
    for (const input of ['', 'c', 'talent', 'normes', 'xyz']) {
      for (const locale of ['en', 'fr'] as const) {
        const choices = suggestDimensionChoices(scaledKb, input, locale);
        expect(choices.length).toBeLessThanOrEqual(25);
        expect(choices.every((c) => c.name.length <= 100 && scaledKb.dimensionsById.has(c.value))).toBe(true);
      }
    }
    expect(suggestDimensionChoices(scaledKb, '', 'en').map((c) => c.value)).toEqual(scaledKb.dimensions.slice(0, 25).map((d) => d.id));
    expect(suggestDimensionChoices(scaledKb, 'talent', 'en')[0]?.value).toBe('talent');
  });
});

describe('on the real knowledge base', () => {
  it('resolves the names users type', async () => {
    const kb = await loadRealKb();
    const companyName = (text: string) => requireCompany(kb, text).name;
    expect(companyName('aws')).toBe('Amazon Web Services');
    expect(companyName('Amazon Web Services')).toBe('Amazon Web Services');
    expect(companyName('I.B.M.')).toBe('IBM');
    expect(companyName('ibm')).toBe('IBM');
    expect(companyName('mckinsy')).toMatch(/^McKinsey/);
    expect(companyName('Microsoft')).toBe('Microsoft');
    expect(companyName('microsft')).toBe('Microsoft');
    expect(companyName('nvidea')).toMatch(/^nvidia/i);
    for (const [text, id] of [['apple', 'apple'], ['AAPL', 'apple'], ['meta', 'meta'], ['Facebook', 'meta'], ['amd', 'amd'], ['huawei', 'huawei'],
      ['smic', 'smic'], ['0981.HK', 'smic'], ['tsmc', 'tsmc'], ['intel', 'intel'], ['dell', 'dell'], ['tesla', 'tesla'], ['Hon Hai', 'foxconn'],
      ['NVDA', 'nvidia'], ['MOFCOM', 'cn-mofcom'], ['ministère chinois du Commerce', 'cn-mofcom'], ['sk hynix', 'sk-hynix']] as const) {
      expect(requireCompany(kb, text).id, text).toBe(id);
    }

    const computeId = requireDimension(kb, 'compute').id;
    for (const text of ['Calcul', 'puces', 'chips']) expect(requireDimension(kb, text).id).toBe(computeId);
    expect(requireDimension(kb, 'talents').name.en).toMatch(/talent/i);

    for (const c of kb.companies.values()) {
      expect(requireCompany(kb, c.id).id).toBe(c.id);
      expect(requireCompany(kb, c.name).id).toBe(c.id);
      expect(suggestCompanyChoices(kb, c.name, 'fr')[0]?.value).toBe(c.id);
    }
    for (const d of kb.dimensions) {
      for (const text of [d.id, d.name.en, d.name.fr]) expect(requireDimension(kb, text).id).toBe(d.id);
    }
    const choices = suggestCompanyChoices(kb, '', 'en');
    expect(choices.length).toBe(Math.min(25, kb.companies.size));
    expect(choices.every((c) => c.name.length <= 100)).toBe(true);
  });
});
