import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKnowledgeBase, KnowledgeBaseError, loadKnowledgeBase, type Problem } from '../../src/kb/load/index.ts';
import { fixtureKb, scaleData, fixtureData } from '../support/kb-fixture.ts';
import { fixtureFiles, toFiles, writeDataFiles, type DataFiles } from './files.ts';
import { tempDir, type TempDir } from '../support/scratch.ts';

const both = (en: string) => ({ en, fr: `${en} (fr)` });

/** The problems found in the fixture after `breakIt`, with files labelled under "data". */
function problemsAfter(breakIt: (files: DataFiles) => void): Problem[] {
  const files = fixtureFiles();
  breakIt(files);
  const result = checkKnowledgeBase(files, 'data');
  if (result.ok) throw new Error('expected the broken fixture to fail');
  return result.problems;
}

interface Case {
  readonly name: string;
  readonly breakIt: (files: DataFiles) => void;
  readonly problem: Problem;
}

/** Each case breaks one thing and expects exactly one problem: no cascade, nothing missed. */
function expectOneProblem(cases: readonly Case[]): void {
  for (const { name, breakIt, problem } of cases) {
    it(name, () => {
      expect(problemsAfter(breakIt)).toEqual([problem]);
    });
  }
}

describe('checkKnowledgeBase', () => {
  it('accepts the fixture and builds the knowledge base', () => {
    const result = checkKnowledgeBase(fixtureFiles());
    expect(result).toEqual({ ok: true, kb: fixtureKb() });
  });

  it('names files bare without a directory label', () => {
    const problems = checkKnowledgeBase({ ...fixtureFiles(), 'balance.json': null });
    expect(problems).toEqual({ ok: false, problems: [{ file: 'balance.json', path: '', message: 'expected an object, got null' }] });
  });

  describe('schema violations', () => {
    expectOneProblem([
      {
        name: 'wrong type',
        breakIt: (f) => void Object.assign(f['events.json'][3]!.people!, { count: 'many' }),
        problem: { file: 'data/events.json', path: '[3] (id "ibm-rd").people.count', message: 'expected a number, got the string "many"' },
      },
      {
        name: 'a fractional number where a whole one is needed',
        breakIt: (f) => void Object.assign(f['events.json'][3]!.people!, { count: 1000.5 }),
        problem: { file: 'data/events.json', path: '[3] (id "ibm-rd").people.count', message: 'expected a whole number, got the number 1000.5' },
      },
      {
        name: 'a file whose root has the wrong type',
        breakIt: (f) => void Object.assign(f, { 'events.json': { events: [] } }),
        problem: { file: 'data/events.json', path: '', message: 'expected an array, got an object' },
      },
      {
        name: 'missing field',
        breakIt: (f) => void Reflect.deleteProperty(f['events.json'][0]!, 'summary'),
        problem: { file: 'data/events.json', path: '[0] (id "aws-lab").summary', message: 'required field is missing (expected an object)' },
      },
      {
        name: 'missing translation',
        breakIt: (f) => void Reflect.deleteProperty(f['companies.json'][2]!.profile, 'fr'),
        problem: { file: 'data/companies.json', path: '[2] (id "microsoft").profile.fr', message: 'required field is missing (expected a string)' },
      },
      {
        name: 'unknown field close to a known one',
        breakIt: (f) => void Object.assign(f['companies.json'][1]!, { sourcs: ['src-a'] }),
        problem: { file: 'data/companies.json', path: '[1] (id "aws").sourcs', message: 'unknown field "sourcs" (did you mean "sources"?)' },
      },
      {
        name: 'unknown field far from any known one',
        breakIt: (f) => void Object.assign(f['balance.json'].outlook, { extra: true }),
        problem: { file: 'data/balance.json', path: 'outlook.extra', message: 'unknown field "extra" (allowed: horizon, points)' },
      },
      {
        name: 'bad enum value, listing the allowed values',
        breakIt: (f) => void Object.assign(f['events.json'][1]!, { category: 'retreats' }),
        problem: {
          file: 'data/events.json',
          path: '[1] (id "ms-relocation").category',
          message: 'must be one of "retreat", "acceleration", "export-control", "countermeasure", "context"; got the string "retreats" (did you mean "retreat"?)',
        },
      },
      {
        name: 'bad enum value differing only by case',
        breakIt: (f) => void Object.assign(f['companies.json'][0]!, { country: 'us' }),
        problem: { file: 'data/companies.json', path: '[0] (id "amazon").country', message: 'must be one of "US", "CN", "TW", "KR", "NL", "GB", "INT"; got the string "us" (did you mean "US"?)' },
      },
      {
        name: 'bad enum value inside a list',
        breakIt: (f) => void Object.assign(f['events.json'][0]!, { kinds: ['lab-closure', 'teleportation'] }),
        problem: {
          file: 'data/events.json',
          path: '[0] (id "aws-lab").kinds[1]',
          message: expect.stringMatching(/^must be one of "lab-closure", "layoffs", .*"purchase-ban", "production-relocation", .*"model-misuse"; got the string "teleportation"$/) as string,
        },
      },
      {
        name: 'date that does not exist',
        breakIt: (f) => void Object.assign(f['events.json'][2]!, { date: '2025-02-30' }),
        problem: { file: 'data/events.json', path: '[2] (id "ms-lab").date', message: '"2025-02-30" is not a real calendar date' },
      },
      {
        name: 'date precision on a day',
        breakIt: (f) => void Object.assign(f['events.json'][0]!, { datePrecision: 'early' }),
        problem: { file: 'data/events.json', path: '[0] (id "aws-lab").datePrecision', message: '"early" narrows a year or a month, not a day (2025-07-22); remove it' },
      },
      {
        name: 'date in the wrong format',
        breakIt: (f) => void Object.assign(f['sources.json'][1]!, { published: '05/2024' }),
        problem: { file: 'data/sources.json', path: '[1] (id "src-b").published', message: '"05/2024" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)' },
      },
      {
        name: 'empty localized text',
        breakIt: (f) => void Object.assign(f['balance.json'].usDynamics[0]!.title, { fr: '  ' }),
        problem: { file: 'data/balance.json', path: 'usDynamics[0] (id "alignment").title.fr', message: 'French text is empty' },
      },
      {
        name: 'empty plain text',
        breakIt: (f) => void Object.assign(f['sources.json'][0]!, { publisher: '' }),
        problem: { file: 'data/sources.json', path: '[0] (id "src-a").publisher', message: 'must not be empty' },
      },
      {
        name: 'empty list that needs an item',
        breakIt: (f) => void Object.assign(f['events.json'][4]!, { kinds: [] }),
        problem: { file: 'data/events.json', path: '[4] (id "mckinsey-ban").kinds', message: 'must list at least 1 item' },
      },
      {
        name: 'bad id format',
        breakIt: (f) => void Object.assign(f['companies.json'][3]!, { id: 'IBM_Corp' }),
        problem: {
          file: 'data/companies.json',
          path: '[3] (id "IBM_Corp").id',
          message: 'must be a kebab-case id (a-z, 0-9, single dashes); got the string "IBM_Corp"',
        },
      },
      {
        name: 'URL that is not http(s)',
        breakIt: (f) => void Object.assign(f['sources.json'][0]!, { url: 'ftp://example.com/a' }),
        problem: { file: 'data/sources.json', path: '[0] (id "src-a").url', message: 'must be an http(s) URL; got the string "ftp://example.com/a"' },
      },
      {
        name: 'URL that is not a URL',
        breakIt: (f) => void Object.assign(f['sources.json'][1]!, { url: 'example dot fr' }),
        problem: { file: 'data/sources.json', path: '[1] (id "src-b").url', message: 'must be an http(s) URL; got the string "example dot fr"' },
      },
      {
        name: 'headcount rule from the schema',
        breakIt: (f) => void Object.assign(f['events.json'][0]!.people!, { qualifier: 'exact' }),
        problem: { file: 'data/events.json', path: '[0] (id "aws-lab").people.count', message: 'a headcount "exact" needs a count' },
      },
      {
        name: 'an indicator series mixing units',
        breakIt: (f) => void (f['dimensions.json'][0]!.indicators[0]!.series = [
          { date: '2024', value: 40, unit: 'count', party: 'us' },
          { date: '2024', value: 15, unit: 'percent', party: 'china' },
        ]),
        problem: { file: 'data/dimensions.json', path: '[0] (id "compute").indicators[0] (id "compute-1").series[1].unit', message: 'one unit per series: "count" then "percent"' },
      },
      {
        name: 'an indicator series with two numbers for one party and date',
        breakIt: (f) => void (f['dimensions.json'][0]!.indicators[0]!.series = [
          { date: '2024', value: 40, unit: 'count', party: 'us' },
          { date: '2024', value: 41, unit: 'count', party: 'us' },
        ]),
        problem: { file: 'data/dimensions.json', path: '[0] (id "compute").indicators[0] (id "compute-1").series[1]', message: 'two points for us on 2024' },
      },
    ]);
  });

  describe('duplicate ids', () => {
    expectOneProblem([
      {
        name: 'sources',
        breakIt: (f) => void f['sources.json'].push({ ...f['sources.json'][0]!, title: 'Copy' }),
        problem: { file: 'data/sources.json', path: '[3] (id "src-a").id', message: 'duplicate id "src-a": already used at [0] (id "src-a")' },
      },
      {
        name: 'companies',
        breakIt: (f) => void f['companies.json'].push({ ...f['companies.json'][3]!, name: 'IBM China', aliases: [] }),
        problem: { file: 'data/companies.json', path: '[5] (id "ibm").id', message: 'duplicate id "ibm": already used at [3] (id "ibm")' },
      },
      {
        name: 'events',
        breakIt: (f) => void Object.assign(f['events.json'][4]!, { id: 'aws-lab' }),
        problem: { file: 'data/events.json', path: '[4] (id "aws-lab").id', message: 'duplicate id "aws-lab": already used at [0] (id "aws-lab")' },
      },
      {
        name: 'dimensions',
        breakIt: (f) => void f['dimensions.json'].push({ ...f['dimensions.json'][1]!, name: both('Other'), aliases: [], indicators: [{ ...f['dimensions.json'][1]!.indicators[0]!, id: 'other-1' }] }),
        problem: { file: 'data/dimensions.json', path: '[4] (id "talent").id', message: 'duplicate id "talent": already used at [1] (id "talent")' },
      },
      {
        name: 'indicators across dimensions',
        breakIt: (f) => void Object.assign(f['dimensions.json'][2]!.indicators[0]!, { id: 'compute-1' }),
        problem: {
          file: 'data/dimensions.json',
          path: '[2] (id "ecosystem").indicators[0] (id "compute-1").id',
          message: 'duplicate id "compute-1": already used at [0] (id "compute").indicators[0] (id "compute-1")',
        },
      },
      {
        name: 'US dynamics',
        breakIt: (f) => void f['balance.json'].usDynamics.push({ ...f['balance.json'].usDynamics[0]! }),
        problem: { file: 'data/balance.json', path: 'usDynamics[1] (id "alignment").id', message: 'duplicate id "alignment": already used at usDynamics[0] (id "alignment")' },
      },
    ]);
  });

  describe('references to unknown ids', () => {
    expectOneProblem([
      {
        name: 'event actor, with a suggestion',
        breakIt: (f) => void Object.assign(f['events.json'][0]!, { actor: 'awz' }),
        problem: { file: 'data/events.json', path: '[0] (id "aws-lab").actor', message: 'unknown actor (company or government) "awz" (not in companies.json; did you mean "aws"?)' },
      },
      {
        name: 'event companies',
        breakIt: (f) => void Object.assign(f['events.json'][4]!, { companies: ['ibm', 'microsft'] }),
        problem: { file: 'data/events.json', path: '[4] (id "mckinsey-ban").companies[1]', message: 'unknown company "microsft" (not in companies.json; did you mean "microsoft"?)' },
      },
      {
        name: 'company parent',
        breakIt: (f) => void Object.assign(f['companies.json'][1]!, { parent: 'amazn' }),
        problem: { file: 'data/companies.json', path: '[1] (id "aws").parent', message: 'unknown company "amazn" (not in companies.json; did you mean "amazon"?)' },
      },
      {
        name: 'event dimensions, with a suggestion',
        breakIt: (f) => void Object.assign(f['events.json'][1]!, { dimensions: ['talent', 'cmpute'] }),
        problem: { file: 'data/events.json', path: '[1] (id "ms-relocation").dimensions[1]', message: 'unknown dimension "cmpute" (not in dimensions.json; did you mean "compute"?)' },
      },
      {
        name: 'event dimensions, with nothing close',
        breakIt: (f) => void Object.assign(f['events.json'][1]!, { dimensions: ['quantum'] }),
        problem: { file: 'data/events.json', path: '[1] (id "ms-relocation").dimensions[0]', message: 'unknown dimension "quantum" (not in dimensions.json)' },
      },
    ]);
  });

  describe('references to unknown sources, wherever they are', () => {
    const unknown = 'unknown source "src-z" (not in sources.json; did you mean "src-a"?)';
    const cases: [string, (f: DataFiles) => void, string, string][] = [
      ['event sources', (f) => void (f['events.json'][2]!.sources = ['src-z']), 'events.json', '[2] (id "ms-lab").sources[0]'],
      ['stated reason', (f) => void (f['events.json'][2]!.statedReason = { text: both('Costs'), sources: ['src-z'] }), 'events.json', '[2] (id "ms-lab").statedReason.sources[0]'],
      ['reported reason', (f) => void (f['events.json'][2]!.reportedReason = { text: both('Risk'), sources: ['src-a', 'src-z'] }), 'events.json', '[2] (id "ms-lab").reportedReason.sources[1]'],
      ['people', (f) => void (f['events.json'][3]!.people!.sources = ['src-z']), 'events.json', '[3] (id "ibm-rd").people.sources[0]'],
      [
        'quotes',
        (f) => void (f['events.json'][2]!.quotes = [{ text: 'We leave', language: 'en', translation: both('We leave'), speaker: 'CEO', source: 'src-z' }]),
        'events.json',
        '[2] (id "ms-lab").quotes[0].source',
      ],
      ['figures', (f) => void (f['events.json'][2]!.figures = [{ label: both('Staff'), value: both('100'), source: 'src-z' }]), 'events.json', '[2] (id "ms-lab").figures[0].source'],
      [
        'correction sources',
        (f) => void (f['events.json'][2]!.corrections = [{ article: 'article-2', claim: both('Claim'), record: both('Record'), sources: ['src-z'] }]),
        'events.json',
        '[2] (id "ms-lab").corrections[0].sources[0]',
      ],
      [
        'correction article',
        (f) => void (f['events.json'][2]!.corrections = [{ article: 'src-z', claim: both('Claim'), record: both('Record'), sources: ['src-a'] }]),
        'events.json',
        '[2] (id "ms-lab").corrections[0].article',
      ],
      ['indicator sources', (f) => void (f['dimensions.json'][3]!.indicators[0]!.sources = ['src-a', 'src-z']), 'dimensions.json', '[3] (id "governance").indicators[0] (id "governance-1").sources[1]'],
      ['article view', (f) => void (f['dimensions.json'][1]!.articleView.source = 'src-z'), 'dimensions.json', '[1] (id "talent").articleView.source'],
      ['company sources', (f) => void (f['companies.json'][4]!.sources = ['src-z']), 'companies.json', '[4] (id "mckinsey").sources[0]'],
      ['balance sources', (f) => void (f['balance.json'].sources = ['article-2', 'src-z']), 'balance.json', 'sources[1]'],
      ['US dynamics sources', (f) => void (f['balance.json'].usDynamics[0]!.sources = ['src-z']), 'balance.json', 'usDynamics[0] (id "alignment").sources[0]'],
    ];
    expectOneProblem(cases.map(([name, breakIt, file, path]) => ({ name, breakIt, problem: { file: `data/${file}`, path, message: unknown } })));
  });

  describe('other cross-reference rules', () => {
    expectOneProblem([
      {
        name: 'a tracked feed listed twice under two ids',
        breakIt: (f) => void f['feeds.json'].push({ ...f['feeds.json'][0]!, id: 'example-tech-again', url: 'http://news.example.com/feed/' }),
        problem: { file: 'data/feeds.json', path: '[2] (id "example-tech-again").url', message: 'the same feed as [0] (id "example-tech")' },
      },
      {
        name: 'a tracked feed whose URL is not http(s)',
        breakIt: (f) => void (f['feeds.json'][1]!.url = 'ftp://actu.example.fr/rss'),
        problem: { file: 'data/feeds.json', path: '[1] (id "exemple-fr").url', message: 'must be an http(s) URL; got the string "ftp://actu.example.fr/rss"' },
      },
      {
        name: 'a correction must point at a founding article',
        breakIt: (f) => void (f['events.json'][2]!.corrections = [{ article: 'src-b', claim: both('Claim'), record: both('Record'), sources: ['src-a'] }]),
        problem: {
          file: 'data/events.json',
          path: '[2] (id "ms-lab").corrections[0].article',
          message: 'source "src-b" is not a founding article (foundingArticle: true; founding articles: "article-2")',
        },
      },
      {
        name: 'a parent chain that loops through two companies',
        breakIt: (f) => void (f['companies.json'][0]!.parent = 'aws'),
        problem: { file: 'data/companies.json', path: '[0] (id "amazon").parent', message: 'parent chain loops: amazon → aws → amazon' },
      },
      {
        name: 'a dimension with two headline indicators',
        breakIt: (f) => {
          const dimension = f['dimensions.json'][0]!;
          const first = dimension.indicators[0]!;
          dimension.indicators = [{ ...first, headline: true }, { ...first, id: 'second-headline', headline: true }];
        },
        problem: { file: 'data/dimensions.json', path: '[0] (id "compute").indicators[1] (id "second-headline").headline', message: 'dimension "compute" has more than one headline indicator' },
      },
      {
        name: 'a company that is its own parent',
        breakIt: (f) => void (f['companies.json'][3]!.parent = 'ibm'),
        problem: { file: 'data/companies.json', path: '[3] (id "ibm").parent', message: 'parent chain loops: ibm → ibm' },
      },
      {
        name: 'an event citing no source with a URL',
        breakIt: (f) => void (f['events.json'][2]!.sources = ['article-2']),
        problem: {
          file: 'data/events.json',
          path: '[2] (id "ms-lab").sources',
          message: 'the event cites no source with a URL ("article-2" has none); cite at least one linked source',
        },
      },
      {
        name: 'an event citing, as its own source, a source published before it happened',
        breakIt: (f) => void (f['events.json'][0]!.sources = ['src-a', 'src-b']),
        problem: {
          file: 'data/events.json',
          path: '[0] (id "aws-lab").sources[1]',
          message: 'source "src-b" was published (2024-05) before the event (2025-07-22), so it cannot report it; cite it on the fact it supports instead',
        },
      },
      {
        name: 'recent additions naming an unknown company',
        breakIt: (f) => void f['meta.json'].recentlyAdded.companies.push('amazn'),
        problem: { file: 'data/meta.json', path: 'recentlyAdded.companies[2]', message: 'unknown company "amazn" (not in companies.json; did you mean "amazon"?)' },
      },
      {
        name: 'recent additions naming an unknown event',
        breakIt: (f) => void (f['meta.json'].recentlyAdded.events = ['aws-lab', 'ibm-lab']),
        problem: { file: 'data/meta.json', path: 'recentlyAdded.events[1]', message: 'unknown event "ibm-lab" (not in events.json)' },
      },
      {
        name: 'recent additions dated after the last review',
        breakIt: (f) => void (f['meta.json'].reviewed = '2025-10'),
        problem: { file: 'data/meta.json', path: 'recentlyAdded.date', message: 'additions dated 2025-11-01 come after the last review (2025-10); move "reviewed" forward' },
      },
      {
        name: 'an indicator citing no source with a URL',
        breakIt: (f) => void (f['dimensions.json'][0]!.indicators[0]!.sources = ['article-2']),
        problem: {
          file: 'data/dimensions.json',
          path: '[0] (id "compute").indicators[0] (id "compute-1").sources',
          message: 'the indicator cites no source with a URL ("article-2" has none); cite at least one linked source',
        },
      },
      {
        name: 'two companies sharing a name once case is folded',
        breakIt: (f) => void f['companies.json'][3]!.aliases.push('AMAZON'),
        problem: {
          file: 'data/companies.json',
          path: '[3] (id "ibm").aliases[1]',
          message: 'company name "AMAZON" is ambiguous: it matches "Amazon" at [0] (id "amazon").name once case, accents and punctuation are ignored',
        },
      },
      {
        name: 'two companies sharing a name once punctuation is folded',
        breakIt: (f) => void (f['companies.json'][4]!.name = 'Micro-Soft'),
        problem: {
          file: 'data/companies.json',
          path: '[4] (id "mckinsey").name',
          message: 'company name "Micro-Soft" is ambiguous: it matches "Microsoft" at [2] (id "microsoft").name once case, accents and punctuation are ignored',
        },
      },
      {
        name: 'two dimensions sharing an alias once accents are folded',
        breakIt: (f) => void f['dimensions.json'][3]!.aliases.push('Deploiement'),
        problem: {
          file: 'data/dimensions.json',
          path: '[3] (id "governance").aliases[2]',
          message: 'dimension name "Deploiement" is ambiguous: it matches "déploiement" at [2] (id "ecosystem").aliases[1] once case, accents and punctuation are ignored',
        },
      },
      {
        name: 'a dimension alias matching another dimension name',
        breakIt: (f) => void f['dimensions.json'][0]!.aliases.push('Governance & Norms'),
        problem: {
          file: 'data/dimensions.json',
          path: '[3] (id "governance").name.en',
          message: 'dimension name "Governance & norms" is ambiguous: it matches "Governance & Norms" at [0] (id "compute").aliases[4] once case, accents and punctuation are ignored',
        },
      },
    ]);

    it('accepts an older source on a fact of an event, and a source dated only by the month the event falls in', () => {
      const files = fixtureFiles();
      files['events.json'][0]!.figures = [{ label: both('Background'), value: both('42'), source: 'src-b' }];
      expect(files['events.json'][1]!.date).toBe('2024-05-16');
      expect(files['events.json'][1]!.sources).toEqual(['src-b']);
      expect(checkKnowledgeBase(files).ok).toBe(true);
    });

    it('accepts a name repeated within the same company', () => {
      const files = fixtureFiles();
      files['companies.json'][3]!.aliases.push('I.B.M.');
      expect(checkKnowledgeBase(files).ok).toBe(true);
    });
  });

  describe('no cascade from a file that failed its schema', () => {
    it('skips the references of a file that failed, and references into it', () => {
      const problems = problemsAfter((f) => {
        Object.assign(f['sources.json'][0]!, { language: 'de' });
        f['events.json'][0]!.sources = ['src-z'];
        f['events.json'][0]!.actor = 'nobody';
        f['balance.json'].sources = ['src-z'];
      });
      expect(problems).toEqual([
        { file: 'data/sources.json', path: '[0] (id "src-a").language', message: 'must be one of "en", "fr", "zh"; got the string "de"' },
        { file: 'data/events.json', path: '[0] (id "aws-lab").actor', message: 'unknown actor (company or government) "nobody" (not in companies.json)' },
      ]);
    });

    it('reports nothing about the references of a file that failed', () => {
      const problems = problemsAfter((f) => {
        Object.assign(f['events.json'][0]!, { confidence: 'certain' });
        f['events.json'][1]!.actor = 'nobody';
        f['events.json'][2]!.sources = ['src-z'];
      });
      expect(problems.map((p) => p.path)).toEqual(['[0] (id "aws-lab").confidence']);
    });
  });

  it('reports every problem in every file, in file order', () => {
    const problems = problemsAfter((f) => {
      f['balance.json'].usDynamics[0]!.sources = ['src-q'];
      Object.assign(f['dimensions.json'][1]!.indicators[0]!, { id: 'compute-1' });
      Object.assign(f['events.json'][4]!, { date: '2025-13' });
      Object.assign(f['companies.json'][2]!, { country: 'UK' });
      f['sources.json'].push({ ...f['sources.json'][1]!, title: 'Copy' });
    });
    expect(problems).toEqual([
      { file: 'data/sources.json', path: '[3] (id "src-b").id', message: 'duplicate id "src-b": already used at [1] (id "src-b")' },
      { file: 'data/companies.json', path: '[2] (id "microsoft").country', message: 'must be one of "US", "CN", "TW", "KR", "NL", "GB", "INT"; got the string "UK"' },
      { file: 'data/events.json', path: '[4] (id "mckinsey-ban").date', message: '"2025-13" is not a real calendar date' },
      { file: 'data/dimensions.json', path: '[1] (id "talent").indicators[0] (id "compute-1").id', message: 'duplicate id "compute-1": already used at [0] (id "compute").indicators[0] (id "compute-1")' },
      { file: 'data/balance.json', path: 'usDynamics[0] (id "alignment").sources[0]', message: 'unknown source "src-q" (not in sources.json; did you mean "src-a"?)' },
    ]);
  });

  it('reports every schema problem of one file, not just the first', () => {
    const problems = problemsAfter((f) => {
      Object.assign(f['events.json'][0]!, { date: 'soon' });
      Object.assign(f['events.json'][3]!, { confidence: 'sure', extra: 1 });
    });
    expect(problems.map((p) => p.path)).toEqual(['[0] (id "aws-lab").date', '[3] (id "ibm-rd").confidence', '[3] (id "ibm-rd").extra']);
  });
});

describe('loadKnowledgeBase', () => {
  let scratch: TempDir;
  let dir: string;
  beforeEach(async () => {
    scratch = await tempDir('kb-load-');
    dir = scratch.dir;
  });
  afterEach(async () => {
    await scratch.remove();
  });

  async function loadError(): Promise<KnowledgeBaseError> {
    const error: unknown = await loadKnowledgeBase(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof KnowledgeBaseError)) throw new Error(`expected a KnowledgeBaseError, got ${String(error)}`);
    return error;
  }

  it('loads a valid directory', async () => {
    await writeDataFiles(dir, fixtureFiles());
    expect(await loadKnowledgeBase(dir)).toEqual(fixtureKb());
  });

  it('accepts a file starting with a byte-order mark', async () => {
    const files = fixtureFiles();
    await writeDataFiles(dir, files);
    await writeFile(path.join(dir, 'sources.json'), `\uFEFF${JSON.stringify(files['sources.json'])}`);
    expect((await loadKnowledgeBase(dir)).sources.size).toBe(3);
  });

  it('reports a missing file, and nothing about the files that refer to it', async () => {
    const { 'sources.json': _, ...rest } = fixtureFiles();
    await writeDataFiles(dir, rest);
    const error = await loadError();
    expect(error.problems).toEqual([{ file: path.join(dir, 'sources.json'), path: '', message: 'file is missing' }]);
  });

  it('reports an unreadable file', async () => {
    await writeDataFiles(dir, fixtureFiles());
    await rm(path.join(dir, 'events.json'));
    await mkdir(path.join(dir, 'events.json'));
    const error = await loadError();
    expect(error.problems).toEqual([{ file: path.join(dir, 'events.json'), path: '', message: 'file cannot be read (EISDIR)' }]);
  });

  describe('reports invalid JSON with its line and column', () => {
    const cases: [string, string, number, number, RegExp][] = [
      ['a trailing comma', '[\n  {\n    "a": 1,\n  }\n]', 4, 3, /Expected double-quoted property name/],
      ['a missing value (V8 gives no position)', '{\n  "thesis": }', 2, 13, /Unexpected token '}'/],
      ['an unclosed array', '[\n  1,\n  2', 3, 4, /after array element|end of JSON/],
      ['a missing comma', '[\n  {"a": 1}\n  {"b": 2}\n]', 3, 3, /Expected ',' or ']'/],
      ['an empty file', '', 1, 1, /Unexpected end of JSON input/],
    ];
    for (const [name, text, line, column, reason] of cases) {
      it(name, async () => {
        await writeDataFiles(dir, fixtureFiles());
        await writeFile(path.join(dir, 'balance.json'), text);
        const [problem, ...others] = (await loadError()).problems;
        expect(others).toEqual([]);
        expect(problem?.file).toBe(path.join(dir, 'balance.json'));
        expect(problem?.path).toBe('');
        expect(problem?.message).toMatch(new RegExp(`^invalid JSON at line ${line}, column ${column}: `));
        expect(problem?.message).toMatch(reason);
      });
    }

    it('in a real data file', async () => {
      const files = fixtureFiles();
      await writeDataFiles(dir, files);
      const lines = JSON.stringify(files['companies.json'], null, 2).split('\n');
      const target = lines.findIndex((l) => l.includes('"id": "microsoft"'));
      lines[target] = lines[target]!.replace('"microsoft"', "'microsoft'");
      await writeFile(path.join(dir, 'companies.json'), lines.join('\n'));
      const problems = (await loadError()).problems;
      expect(problems).toEqual([
        { file: path.join(dir, 'companies.json'), path: '', message: expect.stringMatching(new RegExp(`^invalid JSON at line ${target + 1}, column 11: `)) as string },
      ]);
    });
  });

  it('throws one error whose message lists every problem with file, path and reason', async () => {
    const files = fixtureFiles();
    Object.assign(files['events.json'][3]!.people!, { count: 'many' });
    files['dimensions.json'][2]!.articleView.source = 'artcle-2';
    const { 'balance.json': _, ...rest } = files;
    await writeDataFiles(dir, rest);
    await writeFile(path.join(dir, 'companies.json'), '[');
    const error = await loadError();
    expect(error.name).toBe('KnowledgeBaseError');
    expect(error.message.split('\n')).toEqual([
      'The knowledge base has 4 problems:',
      `  ${path.join(dir, 'companies.json')}: invalid JSON at line 1, column 2: Unexpected end of JSON input`,
      `  ${path.join(dir, 'events.json')} at [3] (id "ibm-rd").people.count: expected a number, got the string "many"`,
      `  ${path.join(dir, 'dimensions.json')} at [2] (id "ecosystem").articleView.source: unknown source "artcle-2" (not in sources.json; did you mean "article-2"?)`,
      `  ${path.join(dir, 'balance.json')}: file is missing`,
    ]);
    expect(error.problems).toHaveLength(4);
  });

  it('keeps the directory as given in file names', async () => {
    await writeDataFiles(dir, { ...fixtureFiles(), 'balance.json': [] });
    const relative = path.relative(process.cwd(), dir);
    const error: unknown = await loadKnowledgeBase(relative).catch((e: unknown) => e);
    expect((error as KnowledgeBaseError).problems.map((p) => p.file)).toEqual([path.join(relative, 'balance.json')]);
  });

  it('loads a knowledge base 100 times larger (its speed is measured by npm run bench)', async () => {
    const big = toFiles(scaleData(fixtureData(), 100));
    await writeDataFiles(dir, big);
    const kb = await loadKnowledgeBase(dir);
    expect(kb.events).toHaveLength(500);
    expect(kb.companies.size).toBe(500);
  });
});

describe('the real knowledge base', () => {
  it('loads data/ without problems', async () => {
    const dataDir = fileURLToPath(new URL('../../data', import.meta.url));
    const kb = await loadKnowledgeBase(dataDir);
    expect(kb.events.length).toBeGreaterThan(0);
  });
});
