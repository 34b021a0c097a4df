import { describe, expect, it } from 'vitest';
import { answerLeads } from '../../src/digest/views/leads-answer.ts';
import type { LeadRecord } from '../../src/digest/deliver/leads.ts';
import { checkLeadDays, groupLeads, resolveLeadFilter, type LeadQuery } from '../../src/digest/views/leads-group.ts';
import { isUserError } from '../../src/errors.ts';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import { withDismissButtons } from '../../src/digest/views/leads-dismiss.ts';
import { LEADS_PER_PAGE } from '../../src/digest/views/leads.ts';
import { withPager } from '../../src/render/pager.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { fixtureData, fixtureKb } from '../support/kb-fixture.ts';
import { DAY } from '../support/time.ts';

const kb = fixtureKb();
const NOW = new Date('2026-03-10T08:00:00Z');
const at = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString();
const WIRE_A = { feedUrl: 'https://wire-a.example/feed', feedLabel: 'Wire A' };
const WIRE_B = { feedUrl: 'https://wire-b.example/rss', feedLabel: 'Wire B' };
const ELSEWHERE = { feedUrl: 'https://another-server.example/private', feedLabel: 'Another server’s private feed' };
const TRACKED = new Set(['https://wire-a.example/feed', 'https://wire-b.example/rss']);

let counter = 0;
function lead(title: string, extra: Partial<LeadRecord> = {}): LeadRecord {
  counter += 1;
  return { id: `lead-${counter}`, title, link: `https://news.example.com/${counter}`, publishedAt: at(1), deliveredAt: at(1), outlets: [WIRE_A], companies: [], words: ['closes', 'shanghai'], ...extra };
}

/** The payload's text as Discord receives it: markdown and escapes included. */
const rawText = (payload: MessagePayload) => payload.embeds.flatMap((embed) => [embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '']).join('\n');
const query = (extra: Partial<LeadQuery> = {}): LeadQuery => ({ now: NOW, days: 30, tracked: TRACKED, ...extra });

describe('groupLeads', () => {
  it('groups a story carried by two outlets, counts only the server’s outlets, by company, newest first', () => {
    const records = [
      lead('AWS closes its Shanghai AI lab and lays off staff', { companies: ['aws'], deliveredAt: at(1), outlets: [WIRE_A, ELSEWHERE] }),
      lead('AWS closes Shanghai AI lab, lays off staff', { companies: ['aws'], deliveredAt: at(2), outlets: [WIRE_B] }),
      lead('IBM shuts its Beijing research centre', { companies: ['ibm'], deliveredAt: at(3) }),
      lead('AWS exits its Shenzhen support office', { companies: ['amazon', 'aws'], deliveredAt: at(5) }),
      lead('Way back: IBM halts China hiring', { companies: ['ibm'], deliveredAt: at(40) }),
    ];
    const view = groupLeads(kb, records, query());
    expect(view.companies.map((entry) => [entry.company?.id, entry.stories.map((story) => [story.title, story.outlets.map((o) => o.feedLabel)])])).toEqual([
      ['aws', [['AWS closes its Shanghai AI lab and lays off staff', ['Wire A', 'Wire B']]]],
      ['ibm', [['IBM shuts its Beijing research centre', ['Wire A']]]],
      ['amazon', [['AWS exits its Shenzhen support office', ['Wire A']]]],
    ]);
    expect(view.companies[0]?.stories[0]?.id).toBe(records[0]?.id);
    expect(groupLeads(kb, records, query({ days: 60 })).companies.find((entry) => entry.company?.id === 'ibm')?.stories).toHaveLength(2);
  });

  it('leaves out dismissed stories (any of their records dismissed) and counts them', () => {
    const records = [
      lead('AWS closes its Shanghai AI lab and lays off staff', { companies: ['aws'] }),
      lead('AWS closes Shanghai AI lab, lays off staff', { companies: ['aws'], outlets: [WIRE_B], dismissed: { at: at(0), by: '1' } }),
      lead('IBM shuts its Beijing research centre', { companies: ['ibm'] }),
    ];
    const view = groupLeads(kb, records, query());
    expect(view.companies.map((entry) => entry.company?.id)).toEqual(['ibm']);
    expect(view.dismissed).toBe(1);
  });

  it('lists a story naming no company of the knowledge base under its guessed name, or under one the base learnt since', () => {
    const records = [lead('Acme Robotics closes its Shanghai lab', { subject: 'Acme Robotics' }), lead('Nokia shuts Shenzhen plant', { subject: 'Nokia' })];
    expect(groupLeads(kb, records, query()).companies.map((entry) => [entry.company?.id, entry.subject])).toEqual([[undefined, 'Acme Robotics'], [undefined, 'Nokia']]);
    const data = fixtureData();
    const nokia = { ...data.companies[0]!, id: 'nokia', name: 'Nokia', aliases: [] };
    const grown = buildKnowledgeBase({ ...data, companies: [...data.companies, nokia] });
    expect(groupLeads(grown, records, query()).companies.map((entry) => [entry.company?.id, entry.subject])).toEqual([[undefined, 'Acme Robotics'], ['nokia', undefined]]);
  });

  it('filters by a company (under its own heading, even when another is named first) or by a guessed name', () => {
    const records = [
      lead('Amazon and AWS close Shanghai offices', { companies: ['amazon', 'aws'] }),
      lead('IBM shuts its Beijing research centre', { companies: ['ibm'] }),
      lead('Acme Robotics closes its Shanghai lab', { subject: 'Acme Robotics' }),
    ];
    const byAws = groupLeads(kb, records, query({ filter: { kind: 'company', id: 'aws' } }));
    expect(byAws.companies.map((entry) => [entry.company?.id, entry.stories.length])).toEqual([['aws', 1]]);
    const byAcme = groupLeads(kb, records, query({ filter: { kind: 'subject', key: 'acme' } }));
    expect(byAcme.companies.map((entry) => entry.subject)).toEqual(['Acme Robotics']);
  });
});

describe('resolveLeadFilter', () => {
  const records = [lead('Acme Robotics closes its Shanghai lab', { subject: 'Acme Robotics' }), lead('IBM shuts Beijing lab', { companies: ['ibm'], subject: 'IBM' })];
  it('prefers a name a lead is about, then the knowledge base, then the start of a lead’s name', () => {
    expect(resolveLeadFilter(kb, 'Acme Robotics', records)).toEqual({ kind: 'subject', key: 'acmerobotics' });
    expect(resolveLeadFilter(kb, 'ibm', records)).toEqual({ kind: 'company', id: 'ibm' });
    expect(resolveLeadFilter(kb, 'MSFT', records)).toEqual({ kind: 'company', id: 'microsoft' });
    expect(resolveLeadFilter(kb, 'acme', records)).toEqual({ kind: 'subject', key: 'acme' });
  });
  it('answers an unknown name with the knowledge base’s error, in both languages', () => {
    let error: unknown;
    try {
      resolveLeadFilter(kb, 'Zorglub', records);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error)).toBe(true);
    if (!isUserError(error)) return;
    expect(error.userMessage.en).toContain('Zorglub');
    expect(error.userMessage.fr).toContain('Zorglub');
  });
  it('checks the period', () => {
    expect(checkLeadDays(undefined)).toBe(30);
    expect(checkLeadDays(365)).toBe(365);
    for (const bad of [0, 366, 2.5, Number.NaN]) expect(() => checkLeadDays(bad)).toThrow(/1 to 365/);
  });
});

describe('renderLeads', () => {
  const records = [
    lead('AWS closes its Shanghai AI lab and lays off staff', { companies: ['aws'], outlets: [WIRE_A] }),
    lead('AWS closes Shanghai AI lab, lays off staff', { companies: ['aws'], outlets: [WIRE_B], deliveredAt: at(2) }),
    lead('Acme Robotics ferme son laboratoire de Pékin', { subject: 'Acme Robotics', words: ['ferme', 'pekin'], publishedAt: '2026-03-05T10:00:00Z' }),
  ];

  it('says, in English and in French, how many outlets carried each lead, links it, and marks a company the base lacks', () => {
    const en = answerLeads(kb, { records, tracked: TRACKED, now: NOW }, 'en');
    const enText = en.pages.map((page) => rawText(page.payload)).join('\n');
    expect(en.pages).toHaveLength(1);
    expect(enText).toContain('🔎 Possible new retreats · last 30 days');
    expect(enText).toContain('2 leads from this server’s digests');
    expect(enText).toContain('**1.** [AWS closes its Shanghai AI lab and lays off staff](https://news.example.com/');
    expect(enText).toContain('📰 Wire A, Wire B · **2 outlets** · 9 March 2026 · 🔑 “closes”, “shanghai”');
    expect(enText).toContain('❔ Acme Robotics — not in the knowledge base yet');
    expect(enText).toContain('**1 outlet** · 5 March 2026 · 🔑 “ferme”, “pekin”');
    expect(en.pages[0]?.leads.map((entry) => entry.number)).toEqual([1, 2]);

    const fr = answerLeads(kb, { records, tracked: TRACKED, now: NOW, days: 7 }, 'fr');
    const frText = fr.pages.map((page) => rawText(page.payload)).join('\n');
    expect(frText).toContain('🔎 Retraits possibles · 7 derniers jours');
    expect(frText).toContain('**2 médias** · 9 mars 2026 · 🔑 «\u00a0closes\u00a0», «\u00a0shanghai\u00a0»');
    expect(frText).toContain('❔ Acme Robotics — pas encore dans la base');
    const buttons = withDismissButtons(fr.pages[0]!, 'fr', (id) => `leads:dismiss:${id}`).components?.flatMap((row) => row.components.map((component) => ('label' in component ? component.label : '')));
    expect(buttons).toEqual(['Écarter 1', 'Écarter 2']);
  });

  it('says when there is nothing, and names the filter', () => {
    const none = answerLeads(kb, { records: [], tracked: TRACKED, now: NOW, company: 'ibm' }, 'fr');
    const text = rawText(none.pages[0]!.payload);
    expect(text).toContain('Retraits possibles · 30 derniers jours · IBM');
    expect(text).toContain('Aucun retrait possible dans les résumés de ce serveur');
    expect(none.pages[0]?.leads).toEqual([]);
    expect(withDismissButtons(none.pages[0]!, 'fr', () => 'x').components).toBeUndefined();
    const gone = records.map((entry) => ({ ...entry, dismissed: { at: at(0), by: '1' } }));
    expect(rawText(answerLeads(kb, { records: gone, tracked: TRACKED, now: NOW }, 'en').pages[0]!.payload)).toContain('2 dismissed leads not shown.');
    expect(rawText(answerLeads(kb, { records: gone, tracked: TRACKED, now: NOW }, 'fr').pages[0]!.payload)).toContain('2 pistes écartées non affichées.');
  });

  it('keeps hostile feed text inert: no ping, no forged link, no link but http(s)', () => {
    const hostile = [
      lead('@everyone <@123456789012345678> **Nvidia** [click](javascript:alert(1)) closes Shanghai lab', {
        companies: ['aws'], link: 'javascript:alert(1)', outlets: [{ feedUrl: 'https://wire-a.example/feed', feedLabel: '<@&987654321098765432> [x](https://evil.example)' }],
      }),
      lead('Evil Corp quits Beijing', { subject: '@here Evil](https://evil.example) <t:0:R>', link: 'data:text/html,hi', words: ['<@1>', 'beijing'] }),
    ];
    for (const locale of ['en', 'fr'] as const) {
      const [page] = answerLeads(kb, { records: hostile, tracked: TRACKED, now: NOW }, locale).pages;
      const text = rawText(page!.payload);
      assertWithinDiscordLimits(page!.payload);
      expect(text).not.toMatch(/@everyone|@here|<@[!&]?\d|<t:/);
      expect(text).not.toMatch(/(?<!\\)\]\((?!https:\/\/news\.example\.com)/);
      expect(text).toContain('\\*\\*Nvidia\\*\\*');
    }
  });

  it('pages many long leads within Discord’s limits, numbered across pages, with dismiss buttons and a pager', () => {
    const long = (n: number) => `${'Ünïcödé “quoted” **bold** headline words '.repeat(12)} ${n}`;
    const many = Array.from({ length: 57 }, (_, n) =>
      lead(long(n), {
        companies: [['aws', 'ibm', 'microsoft', 'mckinsey'][n % 4]!],
        subject: 'S'.repeat(300),
        link: `https://news.example.com/${'p'.repeat(480)}/${n}`,
        outlets: Array.from({ length: 8 }, (_, k) => ({ feedUrl: `https://wire-${k}.example/feed`, feedLabel: `Outlet ${'Q'.repeat(70)} ${k}` })),
        words: ['w'.repeat(60), 'shanghai', 'x', 'y', 'z'],
        deliveredAt: new Date(NOW.getTime() - n * 60_000).toISOString(),
      }),
    );
    const tracked = new Set([...TRACKED, ...Array.from({ length: 8 }, (_, k) => `https://wire-${k}.example/feed`)]);
    for (const locale of ['en', 'fr'] as const) {
      const { pages } = answerLeads(kb, { records: many, tracked, now: NOW }, locale);
      expect(pages.length).toBeGreaterThan(57 / LEADS_PER_PAGE);
      expect(pages.flatMap((page) => page.leads.map((entry) => entry.number))).toEqual(Array.from({ length: 57 }, (_, n) => n + 1));
      pages.forEach((page, index) => {
        const payload = withPager(
          withDismissButtons(page, locale, (id) => `leads:dismiss:${id}:${index}:30:-:123456789012345678`),
          { index, total: pages.length, locale, customIdFor: (target) => `leads:${target}:30:-:123456789012345678` },
        );
        assertWithinDiscordLimits(payload);
        expect(page.leads.length).toBeLessThanOrEqual(LEADS_PER_PAGE);
      });
    }
  });
});
