import { buildKnowledgeBase, type KnowledgeBaseData } from '../../src/kb/build.ts';
import type { Company, Dimension, KbEvent, Source } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';

const both = (en: string, fr = `${en} (fr)`) => ({ en, fr });

/** A small, valid knowledge base for unit tests that must not depend on the real data. */
export function fixtureData(): KnowledgeBaseData {
  const sources: Source[] = [
    { id: 'src-a', publisher: 'Example Times', title: 'Lab closes', url: 'https://example.com/a', published: '2025-07-23', language: 'en' },
    { id: 'src-b', publisher: 'Le Journal', title: 'Départs', url: 'https://example.fr/b', published: '2024-05', language: 'fr' },
    { id: 'article-2', title: 'Founding article', published: '2025-11-01', language: 'fr', foundingArticle: true },
  ];
  const company = (id: string, name: string, aliases: string[], extra: Partial<Company> = {}): Company => ({
    id, name, aliases, type: 'company', country: 'US', sector: both('Technology', 'Technologie'), profile: both(`${name} profile`), ...extra,
  });
  const companies: Company[] = [
    company('amazon', 'Amazon', ['Amazon.com']),
    company('aws', 'Amazon Web Services', ['AWS'], { parent: 'amazon' }),
    company('microsoft', 'Microsoft', ['MSFT']),
    company('ibm', 'IBM', ['International Business Machines']),
    company('mckinsey', 'McKinsey & Company', ['McKinsey']),
  ];
  const event = (id: string, date: string, actor: string, kinds: KbEvent['kinds'], dimensions: string[], extra: Partial<KbEvent> = {}): KbEvent => ({
    id, date, actor, kinds, category: 'retreat', title: both(`${id} title`), summary: both(`${id} summary`), dimensions, sources: ['src-a'], confidence: 'high', ...extra,
  });
  const events: KbEvent[] = [
    event('aws-lab', '2025-07-22', 'aws', ['lab-closure'], ['talent'], { people: { qualifier: 'undisclosed', sources: ['src-a'] } }),
    event('ms-relocation', '2024-05-16', 'microsoft', ['relocation'], ['talent', 'compute'], { sources: ['src-b'] }),
    event('ms-lab', '2025', 'microsoft', ['lab-closure'], ['ecosystem']),
    event('ibm-rd', '2024-08-26', 'ibm', ['lab-closure', 'layoffs'], ['talent'], { people: { qualifier: 'more-than', count: 1000, sources: ['src-a'] } }),
    event('mckinsey-ban', '2025-07-23', 'mckinsey', ['project-ban'], ['governance']),
  ];
  const dimension = (id: string, en: string, fr: string, aliases: string[]): Dimension => ({
    id, name: both(en, fr), aliases, leader: 'contested', trend: 'gap-narrowing', summary: both(`${en} summary`),
    indicators: [{ id: `${id}-1`, date: '2025-05', label: both('Share'), value: both('75%'), sources: ['src-a'], confidence: 'high' }],
    outlook: both(`${en} outlook`), articleView: { text: both(`${en} view`), source: 'article-2' },
    keywords: { en: [en.toLowerCase()], fr: [fr.toLowerCase()] },
  });
  const dimensions: Dimension[] = [
    dimension('compute', 'Compute & chips', 'Calcul et puces', ['chips', 'GPU', 'semiconductors', 'semi-conducteurs']),
    dimension('talent', 'Talent & research climate', 'Talents et climat de recherche', ['researchers', 'chercheurs']),
    dimension('ecosystem', 'Ecosystem, deployment & standards', 'Écosystème, déploiement et normes', ['deployment', 'déploiement']),
    dimension('governance', 'Governance & norms', 'Gouvernance et normes', ['rules', 'règles']),
  ];
  return {
    sources, companies, events, dimensions,
    balance: {
      thesis: both('Thesis'), chinaStrategy: both('Strategy'), interaction: both('Interaction'),
      usDynamics: [{ id: 'alignment', title: both('Alignment'), summary: both('Summary'), risk: both('Risk'), sources: ['article-2'] }],
      outlook: { horizon: both('3–5 years', '3 à 5 ans'), points: [both('Gaps narrow')] },
      sources: ['article-2'],
    },
    meta: {
      reviewed: '2025-11-02',
      recentlyAdded: { date: '2025-11-01', summary: both('The first retreats', 'Les premiers retraits'), companies: ['aws', 'mckinsey'], events: ['aws-lab'] },
    },
    feeds: [
      { id: 'example-tech', label: 'Example Tech', url: 'https://news.example.com/feed', language: 'en', verified: true },
      { id: 'exemple-fr', label: 'Exemple Actu', url: 'https://actu.example.fr/rss', language: 'fr', verified: false },
    ],
  };
}

export function fixtureKb(): KnowledgeBase {
  return buildKnowledgeBase(fixtureData());
}

/**
 * The given data repeated `factor` times with suffixed ids (companies, events, sources, dimensions):
 * a knowledge base `factor`× larger with the same shape, for limit and speed tests.
 */
export function scaleData(data: KnowledgeBaseData, factor: number): KnowledgeBaseData {
  const copies = Array.from({ length: factor }, (_, i) => i);
  const sfx = (id: string, i: number) => (i === 0 ? id : `${id}-x${i}`);
  return {
    sources: copies.flatMap((i) => data.sources.map((s) => ({ ...s, id: sfx(s.id, i) }))),
    companies: copies.flatMap((i) =>
      data.companies.map((c) => ({
        ...c, id: sfx(c.id, i), name: i === 0 ? c.name : `${c.name} ${i}`,
        aliases: i === 0 ? c.aliases : c.aliases.map((a) => `${a} ${i}`),
        ...(c.parent === undefined ? {} : { parent: sfx(c.parent, i) }),
      })),
    ),
    events: copies.flatMap((i) =>
      data.events.map((e) => ({
        ...e, id: sfx(e.id, i), actor: sfx(e.actor, i),
        ...(e.companies === undefined ? {} : { companies: e.companies.map((c) => sfx(c, i)) }),
        sources: e.sources.map((s) => sfx(s, i)),
        // Events keep pointing at the base dimensions too, so one dimension gathers `factor`× the events.
        dimensions: e.dimensions,
      })),
    ),
    dimensions: copies.flatMap((i) =>
      data.dimensions.map((d) => ({
        ...d, id: sfx(d.id, i), name: i === 0 ? d.name : { en: `${d.name.en} ${i}`, fr: `${d.name.fr} ${i}` },
        aliases: i === 0 ? d.aliases : d.aliases.map((a) => `${a} ${i}`),
        indicators: d.indicators.map((ind) => ({ ...ind, id: sfx(ind.id, i), sources: ind.sources.map((s) => sfx(s, i)) })),
        articleView: { ...d.articleView, source: sfx(d.articleView.source, i) },
      })),
    ),
    balance: data.balance,
    feeds: data.feeds,
    // The additions name ids of the first copy, which keeps its ids.
    meta: data.meta,
  };
}
