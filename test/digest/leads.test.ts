import { describe, expect, it } from 'vitest';
import {
  dismissInLeads, dismissLead, leadRecordFor, leadsKey, LEADS_MAX, LEADS_TTL_MS, mergeLeads, readLeads, recordLeads, type LeadRecord,
} from '../../src/digest/deliver/leads.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { tagItem } from '../../src/feeds/tag/relevance.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { DAY } from '../support/time.ts';

const kb = fixtureKb();
const NOW = '2026-03-10T08:00:00.000Z';
const at = (daysAgo: number) => new Date(Date.parse(NOW) - daysAgo * DAY).toISOString();

let counter = 0;
/** A pooled item tagged for real against the fixture knowledge base. */
function item(title: string, extra: Partial<DigestItem> = {}): DigestItem {
  counter += 1;
  const relevance = tagItem(kb, { title, summary: '' });
  return {
    id: `item-${counter}`, title, summary: '', link: `https://news.example.com/${counter}`, publishedAt: at(0), firstSeenAt: at(0),
    feedUrl: 'https://wire-a.example/feed', feedLabel: 'Wire A', companies: relevance.companies, dimensions: relevance.dimensions,
    score: relevance.score, reasons: relevance.reasons, possibleRetreat: relevance.possibleRetreat, ...extra,
  };
}

function record(id: string, extra: Partial<LeadRecord> = {}): LeadRecord {
  return {
    id, title: `Lead ${id} closes its Shanghai lab`, deliveredAt: at(0), outlets: [{ feedUrl: 'https://wire-a.example/feed', feedLabel: 'Wire A' }],
    companies: [], words: ['closes', 'shanghai'], ...extra,
  };
}

describe('leadRecordFor', () => {
  it('keeps title, link, date, outlets, companies, a guessed subject and the words that flagged the item', () => {
    const flagged = item('AWS closes its Shanghai AI lab and lays off staff', {
      alsoIn: [{ feedUrl: 'https://wire-b.example/rss', feedLabel: 'Wire B', link: 'https://b.example/aws' }],
    });
    expect(flagged.possibleRetreat).toBe(true);
    expect(leadRecordFor(flagged, NOW)).toEqual({
      id: flagged.id, title: flagged.title, link: flagged.link, publishedAt: flagged.publishedAt, deliveredAt: NOW,
      outlets: [
        { feedUrl: 'https://wire-a.example/feed', feedLabel: 'Wire A', link: flagged.link },
        { feedUrl: 'https://wire-b.example/rss', feedLabel: 'Wire B', link: 'https://b.example/aws' },
      ],
      companies: ['aws'], subject: 'AWS', words: ['closes', 'shanghai'],
    });
    const unknown = leadRecordFor(item('Acme Robotics ferme son laboratoire de Pékin'), NOW);
    expect(unknown).toMatchObject({ companies: [], subject: 'Acme Robotics', words: ['ferme', 'pekin'] });
  });
});

describe('mergeLeads', () => {
  it('is pure: the same input gives the same output, and nothing given is changed', () => {
    const current = Object.freeze([Object.freeze(record('a', { deliveredAt: at(2) }))]);
    const fresh = Object.freeze([Object.freeze(record('b'))]);
    const once = mergeLeads(current, fresh, NOW);
    expect(mergeLeads(current, fresh, NOW)).toEqual(once);
    expect(once.map((lead) => lead.id)).toEqual(['b', 'a']);
  });

  it('keeps a lead delivered again (a resumed delivery) once, with its first time, its dismissal and every outlet', () => {
    const dismissed = record('a', { deliveredAt: at(1), dismissed: { at: at(1), by: '42' } });
    const again = record('a', { outlets: [{ feedUrl: 'https://wire-a.example/feed', feedLabel: 'Wire A' }, { feedUrl: 'https://wire-c.example/', feedLabel: 'Wire C' }] });
    const [merged, ...rest] = mergeLeads([dismissed], [again], NOW);
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({ deliveredAt: at(1), dismissed: { by: '42' } });
    expect(merged?.outlets.map((outlet) => outlet.feedLabel)).toEqual(['Wire A', 'Wire C']);
  });

  it('adds the outlets the pool learnt since, drops leads older than a year, keeps the newest LEADS_MAX', () => {
    const old = record('old', { deliveredAt: new Date(Date.parse(NOW) - LEADS_TTL_MS - 1).toISOString() });
    const merged = mergeLeads([record('a', { deliveredAt: at(3) }), old], [], NOW, new Map([['a', [{ feedUrl: 'https://www.wire-b.example/rss/', feedLabel: 'Wire B' }]]]));
    expect(merged.map((lead) => [lead.id, lead.outlets.length])).toEqual([['a', 2]]);
    const many = Array.from({ length: LEADS_MAX + 20 }, (_, n) => record(`m${n}`, { deliveredAt: new Date(Date.parse(NOW) - n * 60_000).toISOString() }));
    const capped = mergeLeads([], many, NOW);
    expect(capped).toHaveLength(LEADS_MAX);
    expect(capped.at(-1)?.id).toBe(`m${LEADS_MAX - 1}`);
  });
});

describe('recordLeads', () => {
  it('records only the possible retreats among the items shown, and writes nothing for a server with nothing to keep', async () => {
    const store = createMemoryStore();
    const plain = item('Microsoft opens a Shanghai research lab');
    const flagged = item('IBM closes its Beijing research lab');
    expect([plain.possibleRetreat, flagged.possibleRetreat]).toEqual([false, true]);
    await recordLeads(store, 'g1', [plain], new Map(), NOW);
    expect(await store.namespace('history').has(leadsKey('g1'))).toBe(false);
    await recordLeads(store, 'g1', [plain, flagged], new Map([[flagged.id, flagged]]), NOW);
    expect((await readLeads(store, 'g1')).map((lead) => lead.id)).toEqual([flagged.id]);
    expect(await readLeads(store, 'g2')).toEqual([]);
  });

  it('adds outlets that carried a lead’s story after it was delivered, at the next delivery', async () => {
    const store = createMemoryStore();
    const flagged = item('IBM closes its Beijing research lab');
    await recordLeads(store, 'g1', [flagged], new Map([[flagged.id, flagged]]), at(1));
    const later = { ...flagged, alsoIn: [{ feedUrl: 'https://wire-b.example/rss', feedLabel: 'Wire B' }] };
    await recordLeads(store, 'g1', [], new Map([[later.id, later]]), NOW);
    expect((await readLeads(store, 'g1'))[0]?.outlets.map((outlet) => outlet.feedLabel)).toEqual(['Wire A', 'Wire B']);
  });
});

describe('dismissing a lead', () => {
  it('dismisses every record of the story, and only that story', () => {
    const records = [
      record('a', { title: 'Acme Robotics closes its Shanghai lab and lays off staff', link: 'https://a.example/1' }),
      record('b', { title: 'Acme Robotics closes Shanghai lab, lays off staff', link: 'https://b.example/2' }),
      record('c', { title: 'Zeta Labs halts its Beijing cloud region', link: 'https://a.example/3' }),
    ];
    const after = dismissInLeads(records, 'b', '42', NOW);
    expect(after.map((lead) => lead.dismissed?.by)).toEqual(['42', '42', undefined]);
    expect(dismissInLeads(records, 'nope', '42', NOW)).toEqual(records);
  });

  it('says what happened; concurrent dismissals and a delivery all land (one atomic update each)', async () => {
    const store = createMemoryStore();
    const first = item('IBM closes its Beijing research lab');
    const second = item('AWS shuts its Shanghai AI lab');
    await recordLeads(store, 'g1', [first, second], new Map(), at(1));
    const third = item('Microsoft exits its Shenzhen office');
    const [a, b, delivery] = await Promise.all([
      dismissLead(store, 'g1', first.id, '1', NOW),
      dismissLead(store, 'g1', second.id, '2', NOW),
      recordLeads(store, 'g1', [third], new Map(), NOW),
    ]);
    expect([a, b, delivery]).toEqual(['dismissed', 'dismissed', undefined]);
    expect(await dismissLead(store, 'g1', first.id, '3', NOW)).toBe('already-dismissed');
    expect(await dismissLead(store, 'g1', 'gone', '3', NOW)).toBe('unknown');
    const leads = await readLeads(store, 'g1');
    expect(leads.map((lead) => [lead.id, lead.dismissed?.by])).toEqual([[third.id, undefined], ...[[first.id, '1'], [second.id, '2']].sort()]);
  });
});
