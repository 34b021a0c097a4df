import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase, type KnowledgeBaseData } from '../../src/kb/build.ts';
import { dataFiles, type Company, type KbEvent, type Quote } from '../../src/kb/schema/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { formatNumber, type Locale } from '../../src/i18n/locale.ts';
import { renderAbout, type AboutStats } from '../../src/render/about.ts';
import { renderBalance } from '../../src/render/balance.ts';
import { renderCompany } from '../../src/render/company.ts';
import { renderDimension } from '../../src/render/dimension.ts';
import { safeUrl } from '../../src/render/markdown.ts';
import { withPager } from '../../src/render/pager.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { renderRetreats } from '../../src/render/retreats.ts';
import { payloadToText } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { fixtureData, fixtureKb, scaleData } from '../support/kb-fixture.ts';
import { renderEverything, statsOf, TEST_CONTROLS } from './render-all.ts';
import { renderRetreatsOverview } from '../../src/render/retreats-overview.ts';

const LOCALES: readonly Locale[] = ['en', 'fr'];
const NBSP = '\u00a0';

function company(kb: KnowledgeBase, id: string): Company {
  const found = kb.companies.get(id);
  if (found === undefined) throw new Error(`no company ${id}`);
  return found;
}

function text(pages: readonly MessagePayload[]): string {
  return pages.map(payloadToText).join('\n\n');
}

function json(pages: readonly MessagePayload[]): string {
  return JSON.stringify(pages);
}

/** Every page within every limit, alone and with the pager the Discord layer adds. */
function expectWithinLimits(pages: readonly MessagePayload[], what: string): void {
  expect(pages.length, what).toBeGreaterThan(0);
  pages.forEach((page, index) => {
    try {
      assertWithinDiscordLimits(page);
      if (pages.length > 1) {
        assertWithinDiscordLimits(withPager(page, { index, total: pages.length, locale: 'en', customIdFor: (n) => `${what.slice(0, 40)}:${n}:${'9'.repeat(18)}` }));
      }
    } catch (error) {
      throw new Error(`${what}, page ${index + 1}/${pages.length}: ${(error as Error).message}`);
    }
  });
}

/** Sentences "S12 of summary: …" so a lost or cut sentence is easy to find. */
function sentences(prefix: string, count: number, length = 90): string {
  return Array.from({ length: count }, (_, i) => `${prefix} sentence ${i}: ${'lorem ipsum dolor sit amet '.repeat(8)}`.slice(0, length).trim() + '.').join(' ');
}

/** The fixture with texts near and over Discord's limits: 3,000-character summaries, 40 long quotes, long titles. */
function inflatedData(): KnowledgeBaseData {
  const data = fixtureData();
  const long = (prefix: string, count: number) => ({ en: sentences(`${prefix} EN`, count), fr: sentences(`${prefix} FR`, count) });
  const quotes: Quote[] = Array.from({ length: 40 }, (_, i) => ({
    text: `原话${i}：${'我们将继续在中国以外开展研究。'.repeat(20 + (i % 60))}`,
    language: 'zh',
    translation: long(`Quote ${i}`, 10 + (i % 25)),
    speaker: `Speaker ${i} @everyone`,
    role: { en: `Role ${i}`, fr: `Fonction ${i}` },
    source: i % 2 === 0 ? 'src-paren' : 'src-a',
  }));
  const sources = [
    ...data.sources,
    { id: 'src-paren', publisher: 'Wiki [mirror] (copy)', title: 'Odd URL', url: 'https://en.example.org/wiki/Lab_(Shanghai)', published: '2025-07', language: 'en' as const, via: 'Financial Times' },
  ];
  const events = data.events.map((event): KbEvent => {
    if (event.id !== 'aws-lab') return { ...event, summary: long(`${event.id} summary`, 12 + event.id.length) };
    return {
      ...event,
      title: { en: `AWS ${'closes its Shanghai AI lab after years of work '.repeat(7)}end`, fr: `AWS ${'ferme son laboratoire d’IA de Shanghai après des années '.repeat(6)}fin` },
      dateNote: { en: 'Announced internally on 22 July; public the next day', fr: 'Annoncé en interne le 22 juillet ; public le lendemain' },
      place: { en: 'Shanghai', fr: 'Shanghai' },
      companies: ['microsoft', 'ibm'],
      people: { qualifier: 'range', count: 700, max: 800, note: { en: 'researchers and staff', fr: 'chercheurs et personnel' }, sources: ['src-b'] },
      summary: long('AWS summary', 33),
      statedReason: { text: long('Stated', 20), by: 'An AWS spokesperson', sources: ['src-a'] },
      reportedReason: { text: long('Reported', 20), by: 'Le Journal', sources: ['src-b'] },
      quotes,
      figures: Array.from({ length: 30 }, (_, i) => ({ label: { en: `Figure ${i}`, fr: `Chiffre ${i}` }, value: long(`Value ${i}`, 3), source: 'src-b' })),
      corrections: Array.from({ length: 10 }, (_, i) => ({
        article: 'article-2', claim: long(`Claim ${i}`, 4), record: long(`Record ${i}`, 5), sources: ['src-a', 'src-paren'],
      })),
      sources: ['src-a', 'src-b', 'src-paren'],
    };
  });
  const companies = data.companies.map((c) =>
    c.id === 'microsoft' ? { ...c, aliases: Array.from({ length: 300 }, (_, i) => `MS alias ${i}`), profile: long('Microsoft profile', 40), sources: ['src-a', 'src-b', 'src-paren'] } : c,
  );
  const dimensions = data.dimensions.map((d, n) => ({
    ...d,
    summary: long(`${d.id} summary`, 30),
    outlook: long(`${d.id} outlook`, 30),
    articleView: { ...d.articleView, text: long(`${d.id} view`, 30) },
    indicators: Array.from({ length: 120 }, (_, i) => ({
      id: `${d.id}-ind-${i}`, date: `20${10 + (i % 15)}-${String(1 + (i % 12)).padStart(2, '0')}`, label: long(`Ind ${n}-${i}`, 1),
      value: { en: `${i}%`, fr: `${i} %` }, sources: [i % 2 === 0 ? 'src-a' : 'src-paren'], confidence: 'medium' as const,
    })),
  }));
  const balance = {
    ...data.balance,
    thesis: long('Thesis', 40),
    chinaStrategy: long('Strategy', 60),
    interaction: long('Interaction', 45),
    usDynamics: Array.from({ length: 5 }, (_, i) => ({ id: `dyn-${i}`, title: long(`Dynamic ${i}`, 1), summary: long(`Dyn ${i}`, 35), risk: long(`Risk ${i}`, 10), sources: ['article-2', 'src-paren'] })),
    outlook: { horizon: { en: '3–5 years', fr: '3 à 5 ans' }, points: Array.from({ length: 30 }, (_, i) => long(`Point ${i}`, 4)) },
  };
  // The inflated data must still be valid data, or the test would prove nothing about real answers.
  return {
    sources: dataFiles['sources.json'].parse(sources),
    companies: dataFiles['companies.json'].parse(companies),
    events: dataFiles['events.json'].parse(events),
    dimensions: dataFiles['dimensions.json'].parse(dimensions),
    balance: dataFiles['balance.json'].parse(balance),
    feeds: dataFiles['feeds.json'].parse(data.feeds),
    meta: dataFiles['meta.json'].parse(data.meta),
  };
}

const KBS = [
  ['fixture', () => fixtureKb()],
  ['100× fixture', () => buildKnowledgeBase(scaleData(fixtureData(), 100))],
  ['inflated texts', () => buildKnowledgeBase(inflatedData())],
] as const;

describe.each(KBS)('every renderer on the %s knowledge base', (name, makeKb) => {
  const kb = makeKb();

  it.each(LOCALES)('keeps every page within every Discord limit (%s)', (locale) => {
    for (const { what, pages } of renderEverything(kb, locale)) expectWithinLimits(pages, `${name} ${locale} ${what}`);
  });

  it.each(LOCALES)('loses no event title and no source URL across the retreat pages (%s)', (locale) => {
    const pages = renderRetreats(kb, kb.events, { locale, filters: {} });
    const shown = text(pages);
    const raw = json(pages);
    for (const event of kb.events) {
      expect(shown, event.id).toContain(event.title[locale]);
      for (const id of event.sources) {
        const url = kb.sources.get(id)?.url;
        if (url !== undefined) expect(raw).toContain(safeUrl(url));
      }
    }
  });

  it.each(LOCALES)('lists every event once in the overview, each page with menus opening exactly its own events (%s)', (locale) => {
    const pages = renderRetreatsOverview(kb, kb.events, { locale, filters: {}, controls: TEST_CONTROLS });
    const shown = text(pages);
    for (const event of kb.events) expect(shown, event.id).toContain(event.title[locale]);
    const picked = pages.flatMap((page) => {
      const rows = page.components ?? [];
      // The menus, the export button, and room left for the pager.
      expect(rows.length).toBeLessThanOrEqual(4);
      expect(rows.at(-1)?.components[0]).toMatchObject({ type: 2, custom_id: TEST_CONTROLS.exportId });
      const values = rows.flatMap((row) => row.components.flatMap((c) => (c.type === 3 ? c.options.map((o) => o.value) : [])));
      const onPage = payloadToText(page);
      for (const id of values) expect(onPage).toContain(kb.events.find((e) => e.id === id)!.title[locale]);
      return values;
    });
    expect(picked).toEqual(kb.events.map((e) => e.id));
    if (kb.events.length <= 25) expect(pages).toHaveLength(1);
  });

  it('loses no event title or source URL on company and dimension pages', () => {
    for (const dimension of kb.dimensions.slice(0, 8)) {
      const related = kb.events.filter((e) => e.dimensions.includes(dimension.id));
      const pages = renderDimension(kb, dimension, related, 'en');
      const shown = text(pages);
      for (const event of related) expect(shown).toContain(event.title.en);
      for (const indicator of dimension.indicators) {
        expect(shown).toContain(indicator.label.en);
        for (const id of indicator.sources) {
          const url = kb.sources.get(id)?.url;
          if (url !== undefined) expect(json(pages)).toContain(safeUrl(url));
        }
      }
    }
  });
});

describe('inflated texts', () => {
  const kb = buildKnowledgeBase(inflatedData());
  const aws = kb.events.find((e) => e.id === 'aws-lab');
  if (aws === undefined) throw new Error('no aws-lab');

  it.each(LOCALES)('splits a huge event into continuation embeds without losing a sentence or a quote (%s)', (locale) => {
    const pages = renderRetreats(kb, [aws], { locale, filters: {} });
    expect(pages.length).toBeGreaterThan(1);
    const embeds = pages.flatMap((p) => p.embeds);
    const suffix = locale === 'en' ? ' (cont.)' : ' (suite)';
    expect(embeds.filter((e) => e.title?.endsWith(suffix)).length).toBeGreaterThan(3);
    const shown = text(pages);
    for (const sentence of aws.summary[locale].split(/(?<=\.) /)) expect(shown).toContain(sentence);
    for (const quote of aws.quotes ?? []) {
      expect(shown).toContain(quote.translation[locale]);
      expect(shown).toContain(quote.text);
    }
    for (const correction of aws.corrections ?? []) expect(shown).toContain(correction.record[locale]);
  });

  it('keeps the full overlong title in the description when it cannot be the embed title', () => {
    const pages = renderRetreats(kb, [aws], { locale: 'en', filters: {} });
    const first = pages[0]?.embeds[1];
    expect(first?.title?.length).toBeLessThanOrEqual(256);
    expect(first?.title?.endsWith('…')).toBe(true);
    expect(text(pages)).toContain(aws.title.en);
  });

  it('neutralises mentions found in the data', () => {
    const raw = json(renderRetreats(kb, [aws], { locale: 'en', filters: {} }));
    expect(raw).toContain('Speaker 1 @\u200beveryone');
    expect(raw).not.toMatch(/@everyone/);
  });
});

const scaledIds = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

describe('French and English', () => {
  const kb = fixtureKb();

  it('states the filters and the count in the retreat header', () => {
    const microsoft = company(kb, 'microsoft');
    const events = kb.events.filter((e) => e.actor === 'microsoft');
    const en = renderRetreats(kb, events, { locale: 'en', filters: { company: microsoft, since: '2023' } });
    const fr = renderRetreats(kb, events, { locale: 'fr', filters: { company: microsoft, since: '2023' } });
    expect(en[0]?.embeds[0]?.title).toBe('2 retreats · Microsoft · since 2023');
    expect(fr[0]?.embeds[0]?.title).toBe('2 retraits · Microsoft · depuis 2023');
    const one = renderRetreats(kb, events.slice(0, 1), { locale: 'en', filters: { kind: 'lab-closure', since: '2024-05', until: '2025-06-30' } });
    expect(one[0]?.embeds[0]?.title).toBe('1 retreat · Lab closure · since May 2024 · until 30 June 2025');
    const oneFr = renderRetreats(kb, events.slice(0, 1), { locale: 'fr', filters: { kind: 'lab-closure', since: '2024-05', until: '2025-06-30' } });
    expect(oneFr[0]?.embeds[0]?.title).toBe('1 retrait · Fermeture de laboratoire · depuis mai 2024 · jusqu’au 30 juin 2025');
  });

  it('writes dates at the precision of the fact, labels and numbers in the user’s language', () => {
    const en = text(renderRetreats(kb, kb.events, { locale: 'en', filters: {} }));
    const fr = text(renderRetreats(kb, kb.events, { locale: 'fr', filters: {} }));
    expect(en).toContain('22 July 2025 · aws-lab title');
    expect(fr).toContain('22 juillet 2025 · aws-lab title (fr)');
    expect(en).toContain('2025 · ms-lab title\n');
    expect(en).not.toMatch(/\d January 2025 · ms-lab/);
    expect(en).toContain('People affected: more than 1,000');
    expect(fr).toContain(`Personnes concernées${NBSP}: plus de ${formatNumber(1000, 'fr')}`);
    expect(en).toContain('People affected: undisclosed');
    expect(fr).toContain('non communiqué');
    expect(en).toContain('Lab closure, Layoffs');
    expect(fr).toContain('Fermeture de laboratoire, Licenciements');
    // Confidence is said only when it is not high.
    expect(en).not.toContain('Confidence');
    expect(fr).not.toContain('Fiabilité');
    const doubtful = kb.events.map((e) => (e.id === 'ms-lab' ? { ...e, confidence: 'medium' as const } : e));
    expect(text(renderRetreats(kb, doubtful, { locale: 'en', filters: {} }))).toMatch(/ms-lab summary ¹\n🔎 Confidence: medium\nSources: ¹ Example Times/);
    expect(text(renderRetreats(kb, doubtful, { locale: 'fr', filters: {} }))).toContain(`🔎 Fiabilité${NBSP}: moyenne`);
    expect(en).not.toContain('(fr)');
  });

  it('dates an event "early 2025" / « début 2025 » when the sources place it in part of the year or month', () => {
    const events = kb.events.map((e) => (e.id === 'ms-lab' ? { ...e, datePrecision: 'early' as const } : e.id === 'ibm-rd' ? { ...e, date: '2024-08', datePrecision: 'late' as const } : e));
    const en = text(renderRetreats(kb, events, { locale: 'en', filters: {} }));
    const fr = text(renderRetreats(kb, events, { locale: 'fr', filters: {} }));
    expect(en).toContain('\nEarly 2025 · ms-lab title\n');
    expect(en).toContain('\nLate August 2024 · ibm-rd title\n');
    expect(fr).toContain('\nDébut 2025 · ms-lab title (fr)\n');
    expect(fr).toContain('\nFin août 2024 · ibm-rd title (fr)\n');
    const microsoft = company(kb, 'microsoft');
    const timeline = text(renderCompany(kb, microsoft, events.filter((e) => e.actor === 'microsoft'), [], 'fr'));
    expect(timeline).toContain('Début 2025 · Fermeture de laboratoire — ms-lab title (fr)');
  });

  it('marks each fact with footnotes and lists each source once, linked, in order of first use', () => {
    const base = kb.events.find((e) => e.id === 'ibm-rd');
    if (base === undefined) throw new Error('no ibm-rd');
    const event: KbEvent = {
      ...base,
      people: { qualifier: 'more-than', count: 1000, sources: ['src-b'] },
      statedReason: { text: { en: 'Demand', fr: 'Demande' }, sources: ['src-a', 'src-b'] },
      figures: [{ label: { en: 'Staff', fr: 'Effectif' }, value: { en: '1,600', fr: '1 600' }, source: 'src-b' }],
    };
    const page = renderRetreats(kb, [event], { locale: 'en', filters: {} });
    const shown = text(page);
    expect(shown).toContain('👥 People affected: more than 1,000 ¹');
    expect(shown).toContain('ibm-rd summary ²\n');
    expect(shown).toContain('Stated reason: Demand ¹,²');
    expect(shown).toContain('📊 Staff: 1,600 ¹');
    expect(shown).toContain('Sources: ¹ Le Journal <https://example.fr/b> · ² Example Times <https://example.com/a>');
    const raw = json(page);
    expect(raw.split('https://example.com/a').length - 1).toBe(1);
    expect(raw.split('https://example.fr/b').length - 1).toBe(1);
    const fr = text(renderRetreats(kb, [event], { locale: 'fr', filters: {} }));
    expect(fr).toContain(`Sources${NBSP}: ¹ Le Journal <https://example.fr/b> · ² Example Times <https://example.com/a>`);
  });

  it('links every fact to its source as a masked link, and names a source without URL in italics', () => {
    const raw = json(renderRetreats(kb, kb.events, { locale: 'en', filters: {} }));
    expect(raw).toContain('[Example Times](https://example.com/a)');
    expect(raw).toContain('[Le Journal](https://example.fr/b)');
    const dimension = kb.dimensions[0];
    if (dimension === undefined) throw new Error('no dimension');
    const view = json(renderDimension(kb, dimension, [], 'en'));
    expect(view).toContain('According to the article “Founding article” ²: Compute & chips view');
    expect(view).toContain('² _publisher not named_');
    expect(json(renderDimension(kb, dimension, [], 'fr'))).toContain('² _éditeur non précisé_');
  });

  it('says when nothing matched, in the user’s language, with ways to widen the search', () => {
    const filters = { company: company(kb, 'ibm'), kind: 'full-exit' as const, since: '2030' };
    const en = renderRetreats(kb, [], { locale: 'en', filters });
    const fr = renderRetreats(kb, [], { locale: 'fr', filters });
    expect(en).toHaveLength(1);
    expect(fr).toHaveLength(1);
    expect(text(en)).toContain('No retreat found');
    expect(text(en)).toContain('Nothing matches: IBM · Full exit · since 2030.');
    expect(text(en)).toMatch(/widen the period[\s\S]*leave out kind[\s\S]*leave out company/);
    expect(text(fr)).toContain('Aucun retrait trouvé');
    expect(text(fr)).toContain(`Rien ne correspond${NBSP}: IBM · Départ complet · depuis 2030.`);
    expect(text(fr)).toMatch(/élargissez la période[\s\S]*retirez type[\s\S]*retirez entreprise/);
    expect(text(renderRetreats(kb, [], { locale: 'en', filters: {} }))).toContain('holds no retreat');
  });

  it('counts events, not retreats, when a kind outside the retreats brings in other events', () => {
    const rule: KbEvent = { ...kb.events[0]!, id: 'rule', category: 'export-control', kinds: ['blacklisting'] };
    const withRule = buildKnowledgeBase({ ...fixtureData(), events: [...fixtureData().events, rule] });
    const listed = withRule.events.filter((e) => e.id === 'rule');
    expect(renderRetreats(withRule, listed, { locale: 'en', filters: { kind: 'blacklisting' } })[0]?.embeds[0]?.title).toBe('1 event · Blacklisting');
    expect(renderRetreats(withRule, listed, { locale: 'fr', filters: { kind: 'blacklisting' } })[0]?.embeds[0]?.title).toBe('1 événement · Inscription sur liste noire');
    expect(text(renderRetreats(kb, [], { locale: 'en', filters: { kind: 'antitrust-probe' } }))).toContain('No event found');
    expect(text(renderRetreats(kb, [], { locale: 'fr', filters: { kind: 'antitrust-probe' } }))).toContain('Aucun événement trouvé');
    expect(text(renderRetreats(kb, [], { locale: 'en', filters: { kind: 'layoffs' } }))).toContain('No retreat found');
  });

  it('shows quotes in the user’s language, the original words when the language differs, and corrections clearly', () => {
    const base = kb.events.find((e) => e.id === 'ibm-rd');
    if (base === undefined) throw new Error('no ibm-rd');
    const event: KbEvent = {
      ...base,
      statedReason: { text: { en: 'Adjusting to demand', fr: 'Ajustement à la demande' }, by: 'IBM spokesperson', sources: ['src-a'] },
      reportedReason: { text: { en: 'Moving R&D to India', fr: 'Transfert de la R&D en Inde' }, by: 'Le Journal', sources: ['src-b'] },
      quotes: [
        { text: 'Nous partons.', language: 'fr', translation: { en: 'We are leaving.', fr: 'Nous partons.' }, speaker: 'A. Dupont', source: 'src-b' },
        { text: '我们离开。', language: 'zh', translation: { en: 'We leave.', fr: 'Nous quittons.' }, speaker: 'Li Wei', role: { en: 'engineer', fr: 'ingénieur' }, source: 'src-a' },
      ],
      figures: [{ label: { en: 'Staff', fr: 'Effectif' }, value: { en: '1,600', fr: '1 600' }, source: 'src-b' }],
      corrections: [{ article: 'article-2', claim: { en: 'Puts the jobs cut at 2,000.', fr: 'Chiffre à 2 000 les postes supprimés.' }, record: { en: 'More than 1,000', fr: 'Plus de 1 000' }, sources: ['src-a'] }],
    };
    const en = text(renderRetreats(kb, [event], { locale: 'en', filters: {} }));
    const fr = text(renderRetreats(kb, [event], { locale: 'fr', filters: {} }));
    expect(en).toContain('Stated reason (IBM spokesperson): Adjusting to demand ¹');
    expect(en).toContain('Reported reason (Le Journal): Moving R&D to India ²');
    expect(en).toContain('“We are leaving.”\n> — A. Dupont ²\n> Original (French): “Nous partons.”');
    expect(en).toContain('“We leave.”\n> — Li Wei, engineer ¹\n> Original (Chinese): “我们离开。”');
    expect(fr).toContain(`«${NBSP}Nous partons.${NBSP}»\n> — A. Dupont ²`);
    expect(fr).not.toContain('Original (français)');
    expect(fr).toContain(`Original (chinois)${NBSP}: «${NBSP}我们离开。${NBSP}»`);
    expect(en).toContain('Staff: 1,600 ²');
    // What the article stated, in reported speech: its paraphrase is never put in quotation marks.
    expect(en).toContain('✏️ Correction: the article “Founding article” ³ puts the jobs cut at 2,000. What the record shows: More than 1,000 ¹');
    expect(fr).toContain(`✏️ Correction${NBSP}: l’article «${NBSP}Founding article${NBSP}» ³ chiffre à 2 000 les postes supprimés. Ce qu’établissent les faits${NBSP}: Plus de 1 000 ¹`);
    expect(en).toContain('Sources: ¹ Example Times <https://example.com/a> · ² Le Journal <https://example.fr/b> · ³ publisher not named');
  });

  it('renders a company with its profile, parent and subsidiaries, events and news, and refuses unsafe news links', () => {
    const amazon = company(kb, 'amazon');
    const events = kb.events.filter((e) => e.actor === 'aws' || e.actor === 'amazon');
    const dimensions = kb.dimensions.filter((d) => events.some((e) => e.dimensions.includes(d.id)));
    const news = [
      { title: 'Amazon *cuts* @here', url: 'https://news.example/amazon', publishedAt: '2025-08-01T09:30:00Z', source: 'Reuters' },
      { title: 'Evil', url: 'javascript:alert(1)' },
    ];
    const en = renderCompany(kb, amazon, events, dimensions, 'en', news);
    const shownEn = text(en);
    expect(shownEn).toContain('Country: 🇺🇸 United States');
    expect(shownEn).toContain('Subsidiaries: Amazon Web Services');
    expect(shownEn).toContain('Also known as: Amazon.com');
    expect(shownEn).toContain('22 July 2025 · Lab closure — Amazon Web Services: aws-lab title · 👥 undisclosed ¹\n\nSources: ¹ Example Times <https://example.com/a>');
    expect(shownEn).toContain('Talent & research climate — 🟡 Contested · Gap narrowing');
    expect(shownEn).toContain('📰 Amazon *cuts* @here <https://news.example/amazon> · Reuters · 1 August 2025');
    expect(shownEn).toMatch(/^📰 Evil$/m);
    expect(json(en)).toContain('[Amazon \\\\*cuts\\\\* @\u200bhere](https://news.example/amazon)');
    expect(json(en)).not.toContain('javascript:');
    const fr = text(renderCompany(kb, company(kb, 'aws'), events, dimensions, 'fr'));
    expect(fr).toContain('Pays: 🇺🇸 États-Unis');
    expect(fr).toContain('Appartient à: Amazon');
    expect(fr).toContain('22 juillet 2025 · Fermeture de laboratoire — aws-lab title (fr)');
    expect(fr).not.toContain('Dernières actualités');
  });

  it('leads a company with its events and their why (stated and reported reasons), then its profile, then the news', () => {
    const data = fixtureData();
    const statedReason = { text: { en: 'A business decision', fr: 'Une décision d’entreprise' }, by: 'A spokesman', sources: ['src-a'] };
    const reportedReason = { text: { en: 'US–China tensions', fr: 'Les tensions sino-américaines' }, sources: ['src-b'] };
    const withWhy = buildKnowledgeBase({ ...data, events: data.events.map((e) => (e.id === 'aws-lab' ? { ...e, statedReason, reportedReason } : e)) });
    const aws = company(withWhy, 'aws');
    const events = withWhy.events.filter((e) => e.actor === 'aws');
    const news = [{ title: 'AWS news', url: 'https://news.example/aws' }];
    for (const locale of LOCALES) {
      const shown = text(renderCompany(withWhy, aws, events, [], locale, news));
      const titleAt = shown.indexOf(events[0]!.title[locale]);
      const stated = locale === 'en' ? 'Stated reason (A spokesman): A business decision' : `Raison avancée (A spokesman)${NBSP}: Une décision d’entreprise`;
      const reported = locale === 'en' ? 'Reported reason: US–China tensions' : `Raison rapportée${NBSP}: Les tensions sino-américaines`;
      // Each reason carries the footnote of its own source, listed once under the events.
      expect(shown).toContain(`↳ ${stated} ¹ · ${reported} ²`);
      expect(titleAt).toBeGreaterThan(-1);
      expect(titleAt).toBeLessThan(shown.indexOf(aws.profile[locale]));
      expect(shown.indexOf(aws.profile[locale])).toBeLessThan(shown.indexOf('AWS news'));
      expect(shown.split('\n')[0]).toMatch(locale === 'en' ? /Amazon Web Services · Events \(1\)/ : /Amazon Web Services · Événements \(1\)/);
    }
  });

  it('says when the latest news is unavailable, in both languages, and keeps the rest of the company page', () => {
    const aws = company(kb, 'aws');
    const events = kb.events.filter((e) => e.actor === 'aws');
    const en = text(renderCompany(kb, aws, events, [], 'en', 'unavailable'));
    const fr = text(renderCompany(kb, aws, events, [], 'fr', 'unavailable'));
    expect(en).toMatch(/^Latest news\n=+\n\nLatest news unavailable right now\.$/m);
    expect(en).toContain('Lab closure — aws-lab title');
    expect(fr).toMatch(/^Dernières actualités\n=+\n\nDernières actualités indisponibles pour le moment\.$/m);
    expect(fr).toContain('Fermeture de laboratoire — aws-lab title (fr)');
  });

  it('renders a dimension: leader, trend, dated indicators with sources, attributed view, outlook, related events', () => {
    const base = kb.dimensions[0];
    if (base === undefined) throw new Error('no dimension');
    const us = { ...base, leader: 'us' as const, trend: 'shifting-to-china' as const };
    const related = kb.events.filter((e) => e.dimensions.includes(us.id));
    const en = text(renderDimension(kb, us, related, 'en'));
    const fr = text(renderDimension(kb, { ...us, leader: 'china' }, related, 'fr'));
    expect(en).toContain('🔵 Compute & chips\n');
    expect(en).toContain('Who leads: 🔵 United States · Trend: Shifting towards China');
    expect(en).toContain('May 2025 — Share: 75% ¹\n');
    expect(en).toContain('Sources: ¹ Example Times <https://example.com/a> · ² publisher not named\n');
    expect(en).toContain('Compute & chips outlook');
    expect(en).toContain(`Related events (${related.length})`);
    // The related events continue the numbering and list only the sources not listed above.
    expect(en).toContain('16 May 2024 · Staff relocation — Microsoft: ms-relocation title ³');
    expect(en).toMatch(/Sources: ³ Le Journal <https:\/\/example\.fr\/b>$/m);
    expect(fr).toContain(`Qui mène${NBSP}: 🔴 Chine · Tendance${NBSP}: Bascule vers la Chine`);
    expect(fr).toContain('mai 2025 — Share (fr)');
    expect(fr).toContain(`Selon l’article «${NBSP}Founding article${NBSP}» ²${NBSP}: Compute & chips view (fr)`);
  });

  it('renders the balance from kb.balance with every dimension at a glance', () => {
    for (const locale of LOCALES) {
      const shown = text(renderBalance(kb, locale));
      for (const dimension of kb.dimensions) expect(shown).toContain(dimension.name[locale]);
      for (const part of [kb.balance.thesis, kb.balance.chinaStrategy, kb.balance.interaction, kb.balance.outlook.horizon, ...kb.balance.outlook.points]) {
        expect(shown).toContain(part[locale]);
      }
      for (const dynamic of kb.balance.usDynamics) expect(shown).toContain(dynamic.risk[locale]);
    }
    // The scorecard: one line per dimension with who leads, the trend and the telling indicator.
    expect(text(renderBalance(kb, 'en'))).toContain('Compute & chips · Contested · Gap narrowing · Share: 75% (May 2025)');
    expect(text(renderBalance(kb, 'fr'))).toContain('Share (fr)\u00a0: 75% (fr) (mai 2025)');
  });

  it('leads the balance with the thesis and the scorecard, whose telling indicator is the headline one, else the newest', () => {
    const data = fixtureData();
    const [compute, ...rest] = data.dimensions;
    const older = { ...compute!.indicators[0]!, id: 'older-headline', date: '2020', label: { en: 'Telling', fr: 'Parlant' }, headline: true as const };
    const newer = { ...compute!.indicators[0]!, id: 'newer', date: '2026-01', label: { en: 'Newest', fr: 'Récent' } };
    const marked = buildKnowledgeBase({ ...data, dimensions: [{ ...compute!, indicators: [newer, older] }, ...rest] });
    const unmarked = buildKnowledgeBase({ ...data, dimensions: [{ ...compute!, indicators: [older, newer].map(({ headline: _, ...i }) => i) }, ...rest] });
    const first = (built: KnowledgeBase) => renderBalance(built, 'en')[0]!.embeds[0]!.description!;
    expect(first(marked)).toMatch(/^\*\*📌 Thesis\*\*\nThesis/);
    expect(first(marked)).toContain('Compute & chips** · Contested · Gap narrowing · Telling: 75% (2020)');
    expect(first(unmarked)).toContain('Compute & chips** · Contested · Gap narrowing · Newest: 75% (January 2026)');
    const menu = renderBalance(marked, 'fr', 'balance:dimension')[0]!.components![0]!.components[0]!;
    expect(menu).toMatchObject({ type: 3, custom_id: 'balance:dimension' });
    expect('options' in menu ? menu.options.map((o) => o.value) : []).toEqual(marked.dimensions.map((d) => d.id));
  });

  it('renders the about page with counts, the latest fact, the founding articles, corrections and command usage', () => {
    const stats: AboutStats = { ...statsOf(kb), eventsByCategory: { retreat: 1200, acceleration: 1, 'export-control': 0, countermeasure: 0, context: 2 } };
    const en = text(renderAbout(kb, stats, 'en'));
    const fr = text(renderAbout(kb, stats, 'fr'));
    expect(en).toContain('5 companies and 0 governments');
    expect(en).toContain('1,203 events: 1,200 retreats, 1 acceleration, 2 context events');
    expect(en).toContain('Latest fact: 23 July 2025');
    expect(en).toContain('“Founding article” — publisher not named, 1 November 2025');
    expect(fr).toContain(`«${NBSP}Founding article${NBSP}» — éditeur non précisé, 1er novembre 2025`);
    expect(en).toContain('0 corrections to date');
    for (const command of ['/retreats', '/company', '/dimension', '/balance', '/leads', '/digest setup', '/feeds list', '/about']) expect(en).toContain(command);
    expect(en).toMatch(/Spotted an error\?\W*\n[^\n]*with a source/);
    expect(fr).toContain(`${formatNumber(1203, 'fr')} événements${NBSP}: ${formatNumber(1200, 'fr')} retraits, 1 accélération, 2 événements de contexte`);
    expect(fr).toContain(`Fait le plus récent${NBSP}: 23 juillet 2025`);
    for (const command of ['/retraits', '/entreprise', '/dimension', '/rapport-de-force', '/pistes', '/résumé configurer', '/flux liste', '/à-propos']) expect(fr).toContain(command);
    expect(fr).toMatch(/Une erreur\u202f\?\W*\n[^\n]*avec une source/);
  });

  it('says on the about page when the base was last reviewed and what was added recently, in both languages', () => {
    const en = text(renderAbout(kb, statsOf(kb), 'en'));
    const fr = text(renderAbout(kb, statsOf(kb), 'fr'));
    expect(en).toContain('Last reviewed: 2 November 2025');
    expect(en).toContain('Recently added (1 November 2025)\n• 2 actors and 1 event\n• The first retreats\n• Among them: Amazon Web Services, McKinsey & Company\n');
    expect(fr).toContain(`Dernière révision${NBSP}: 2 novembre 2025`);
    expect(fr).toContain(`Ajouts récents (1er novembre 2025)\n• 2 acteurs et 1 événement\n• Les premiers retraits\n• Parmi eux${NBSP}: Amazon Web Services, McKinsey & Company\n`);
    const many = buildKnowledgeBase({
      ...fixtureData(),
      meta: { ...fixtureData().meta, recentlyAdded: { ...fixtureData().meta.recentlyAdded, companies: scaledIds(10) } },
      companies: [...fixtureData().companies, ...scaledIds(10).map((id) => ({ ...fixtureData().companies[0]!, id, name: id, aliases: [] }))],
    });
    expect(text(renderAbout(many, statsOf(many), 'en'))).toContain('• Among them: c0, c1, c2, c3, c4, c5, c6, c7 and 2 more\n');
    expect(text(renderAbout(many, statsOf(many), 'fr'))).toContain('c7 et 2 autres\n');
  });

  it('gives the same pages for the same input', () => {
    const once = json(renderRetreats(kb, kb.events, { locale: 'fr', filters: {} }));
    expect(json(renderRetreats(kb, kb.events, { locale: 'fr', filters: {} }))).toBe(once);
  });
});
