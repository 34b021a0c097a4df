import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.ts';
import { saveGuildSettings } from '../src/digest/guilds.ts';
import { dismissLead, recordLeads } from '../src/digest/deliver/leads.ts';
import { mergePool } from '../src/digest/pool.ts';
import type { GuildSettings } from '../src/digest/state.ts';
import type { DigestItem } from '../src/digest/types.ts';
import { tagItem } from '../src/feeds/tag/relevance.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { openStore } from '../src/store/index.ts';
import { tempDir, type TempDir } from './support/scratch.ts';
import { loadRealKb } from './support/real-kb.ts';

/** `npm run cli -- leads` on a real SQLite store that a digest delivery filled. */

const root = fileURLToPath(new URL('..', import.meta.url));
const GUILD = '111111111111111111';
const OTHER_GUILD = '222222222222222222';
const HUAWEI_A = 'Huawei closes its Shanghai research lab and lays off staff';
const HUAWEI_B = 'Huawei closes Shanghai research lab, lays off staff';
const ACME = 'Acme Robotics shuts its Shenzhen plant';

let dir: TempDir;
let kb: KnowledgeBase;
let storeUrl = '';

async function cli(argv: string[], url = storeUrl) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATA_DIR: `${root}data`, STORE_URL: url } });
  return { code, stdout, stderr };
}

let counter = 0;
function item(title: string, feed: { url: string; label: string }): DigestItem {
  counter += 1;
  const relevance = tagItem(kb, { title, summary: '' });
  const now = new Date().toISOString();
  return {
    id: `cli-${counter}`, title, summary: '', link: `https://news.example.com/${counter}`, publishedAt: now, firstSeenAt: now, feedUrl: feed.url,
    feedLabel: feed.label, companies: relevance.companies, dimensions: relevance.dimensions, score: relevance.score, reasons: relevance.reasons,
    possibleRetreat: relevance.possibleRetreat,
  };
}

function settings(guildId: string): GuildSettings {
  const feeds = [{ url: 'https://wire-b.example/rss', label: 'Wire B', addedBy: '1', addedAt: new Date().toISOString() }];
  return { guildId, channelId: '333333333333333333', cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds, since: new Date(0).toISOString() };
}

beforeAll(async () => {
  dir = await tempDir('dw-cli-leads-');
  kb = await loadRealKb();
  storeUrl = `sqlite://${dir.file('store.sqlite')}`;
  const store = await openStore(storeUrl);
  try {
    await saveGuildSettings(store, settings(GUILD));
    const wireA = { url: kb.feeds[0]!.url, label: kb.feeds[0]!.label };
    const wireB = { url: 'https://wire-b.example/rss', label: 'Wire B' };
    // The pool keeps the story once and remembers the other outlet; the digest then delivers it, and the other lead.
    const pooled = mergePool([], [item(HUAWEI_A, wireA), item(HUAWEI_B, wireB), item(ACME, wireB), item('IBM shuts its Beijing lab', wireA)], new Date());
    expect(pooled).toHaveLength(3);
    await recordLeads(store, GUILD, pooled, new Map(pooled.map((entry) => [entry.id, entry])), new Date().toISOString());
    await dismissLead(store, GUILD, pooled.find((entry) => entry.title.startsWith('IBM'))!.id, '1', new Date().toISOString());
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await dir?.remove();
});

describe('npm run cli -- leads', () => {
  it('--json prints the server’s leads as data: grouped, outlets counted, the unknown company said, the dismissed left out', async () => {
    const { code, stdout, stderr } = await cli(['leads', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      guildId: string; days: number; dismissed: number;
      companies: { company: { id: string; name: string } | null; subject: string | null; inKnowledgeBase: boolean; leads: { title: string; link: string; outletCount: number; outlets: { label: string }[]; words: string[] }[] }[];
    };
    expect(parsed).toMatchObject({ guildId: GUILD, days: 30, dismissed: 1 });
    const byName = new Map(parsed.companies.map((entry) => [entry.company?.name ?? entry.subject, entry]));
    expect([...byName.keys()].sort()).toEqual(['Acme Robotics', 'Huawei']);
    const huawei = byName.get('Huawei')!;
    expect(huawei.inKnowledgeBase).toBe(true);
    expect(huawei.leads).toHaveLength(1);
    expect(huawei.leads[0]).toMatchObject({ title: HUAWEI_A, outletCount: 2, words: ['closes', 'shanghai'] });
    expect(huawei.leads[0]!.outlets.map((outlet) => outlet.label)).toEqual([kb.feeds[0]!.label, 'Wire B']);
    expect(huawei.leads[0]!.link).toMatch(/^https:\/\/news\.example\.com\//);
    expect(byName.get('Acme Robotics')).toMatchObject({ company: null, inKnowledgeBase: false, leads: [{ title: ACME, outletCount: 1 }] });
  });

  it('filters by company, prints text in French, and reads without changing the store', async () => {
    const filtered = await cli(['leads', '--company', 'huawei', '--days', '7', '--guild', GUILD, '--json']);
    expect(filtered.code).toBe(0);
    expect((JSON.parse(filtered.stdout) as { companies: { company: { id: string } }[] }).companies.map((entry) => entry.company.id)).toEqual(['huawei']);
    const text = await cli(['leads', '--locale', 'fr']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Retraits possibles · 30 derniers jours');
    expect(text.stdout).toContain('2 médias');
    expect(text.stdout).toContain('Acme Robotics — pas encore dans la base');
    expect(text.stdout).not.toContain('IBM shuts');
  });

  it('says clearly what is wrong: a bad period, an unknown company, no store, several servers without --guild', async () => {
    const days = await cli(['leads', '--days', '400']);
    expect(days).toMatchObject({ code: 1, stdout: '' });
    expect(days.stderr).toContain('from 1 to 365, not “400”');
    const unknown = await cli(['leads', '--company', 'Zorglub', '--locale', 'fr']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Zorglub');
    const missing = dir.file('missing.sqlite');
    const none = await cli(['leads'], `sqlite://${missing}`);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No store at');
    await expect(access(missing)).rejects.toThrow();

    const store = await openStore(storeUrl);
    await saveGuildSettings(store, settings(OTHER_GUILD)).finally(() => store.close());
    const several = await cli(['leads']);
    expect(several.code).toBe(1);
    expect(several.stderr).toContain(`--guild ID: ${GUILD}, ${OTHER_GUILD}`);
    expect((await cli(['leads', '--guild', OTHER_GUILD])).stdout).toContain('No possible new retreat');
  });
});
