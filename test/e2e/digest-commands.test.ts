import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGuildSettings } from '../../src/digest/guilds.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { respond, startFeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  ADMIN, answer, expectTokenNeverLeaked, liveFeed, newsItem, NOT_ADMIN, setupPayload, slash, withLocalFeeds,
} from './digest-support.ts';
import { useScratch } from '../support/scratch.ts';

/** /digest setup and status, /feeds add, list, remove and test, through the real bot against the Discord double. */

const RELEVANT = 'Microsoft shuts its Shanghai lab amid US-China export controls';
const IRRELEVANT = 'Local bakery wins a regional pastry award';

const scratch = useScratch('dw-e2e-commands-');
let realKb: KnowledgeBase;
let worlds = 0;

beforeAll(async () => {
  realKb = await loadRealKb();
});

afterAll(async () => {
  await closeParsePool();
});

/**
 * A fresh world for one case: a feed server with the default feeds (one working, one broken), three feeds a server
 * may add and an HTML page, and the bot on a new store (stopped after the case).
 */
async function world(env: Record<string, string> = { MAX_FEEDS_PER_GUILD: '2' }) {
  const server = await startFeedServer();
  scratch.defer(() => server.close());
  const wire = liveFeed(server, '/wire.xml', [newsItem('IBM closes its China research lab as decoupling deepens')]);
  server.route('/broken.xml', respond({ status: 500, body: 'upstream broke' }));
  const feedA = liveFeed(server, '/a.xml', [newsItem(RELEVANT), newsItem(IRRELEVANT)]);
  const feedB = liveFeed(server, '/b.xml', [newsItem('Nvidia H20 sales to China halted by export controls')]);
  const feedC = liveFeed(server, '/c.xml', [newsItem('Oracle trims Beijing cloud staff')]);
  server.route('/page.html', respond({ body: '<!doctype html><html><head><title>News</title></head><body><p>Not a feed</p></body></html>', headers: { 'content-type': 'text/html; charset=utf-8' } }));
  const kb = withLocalFeeds(realKb, [{ label: 'Local wire', url: wire.url }, { label: 'Broken wire', url: server.url('/broken.xml') }]);
  worlds += 1;
  const t = await startTestBot({ kb, digest: { storePath: scratch.file(`store-${worlds}.sqlite`), env } });
  scratch.defer(() => t.close());
  const settings = () => getGuildSettings(t.store!, t.discord.guildId);
  return { server, wire, feedA, feedB, feedC, t, settings };
}

type World = Awaited<ReturnType<typeof world>>;

/** `/digest setup` by an admin, in French, every day at 08:30 Paris time; the reply. */
const setUpDigest = (t: TestBot) =>
  answer(t, setupPayload(t, { time: '08:30', timezone: 'Europe/Paris', language: 'fr' }, { locale: 'fr', permissions: ADMIN }));

/** The server tracks “Wire B” of its own, added by an admin. */
async function arrangeWireB({ t, feedB }: World): Promise<void> {
  const added = await answer(t, slash(t, 'feeds', 'add', { url: feedB.url, label: 'Wire B' }));
  expect(added.text).toContain('✅ Now tracking “Wire B”');
}

const timestampIn = (text: string) => Number(/<t:(\d+):F>/.exec(text)?.[1] ?? Number.NaN);
const wallClock = (seconds: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(seconds * 1000));

describe('/digest setup and /digest status', () => {
  it('refuses a member without Manage Server, privately and in their language, and stores nothing', async () => {
    const { t, settings } = await world();
    const reply = await answer(t, setupPayload(t, { time: '08:30', timezone: 'Europe/Paris', language: 'fr' }, { locale: 'fr', permissions: NOT_ADMIN }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain('Il faut la permission «\u00a0Gérer le serveur\u00a0»');
    expect(await settings()).toBeUndefined();
  });

  it('sets the digest up for an admin: a private confirmation in French with the schedule and the next run; settings stored', async () => {
    const { t, settings } = await world();
    const before = Date.now();
    const reply = await setUpDigest(t);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain(`✅ Le résumé sera publié dans <#${t.discord.channelId}> tous les jours à 08:30 (Europe/Paris), en français.`);
    const nextRunSeconds = timestampIn(reply.text);
    // The next run is the next 08:30 on a Paris wall clock, within a day.
    expect(wallClock(nextRunSeconds, 'Europe/Paris')).toBe('08:30');
    expect(nextRunSeconds * 1000).toBeGreaterThan(before);
    expect(nextRunSeconds * 1000).toBeLessThanOrEqual(before + 25 * 3_600_000);

    expect(await settings()).toMatchObject({ channelId: t.discord.channelId, cron: '30 8 * * *', timeZone: 'Europe/Paris', locale: 'fr', enabled: true, feeds: [] });
  });

  it('/digest status shows the channel, the schedule, the next run and each feed’s health', async () => {
    const { t } = await world();
    const nextRunSeconds = timestampIn((await setUpDigest(t)).text);
    const status = await answer(t, slash(t, 'digest', 'status', {}, { permissions: NOT_ADMIN }));
    expect(status.ephemeral).toBe(true);
    expect(status.text).toContain(`Channel: <#${t.discord.channelId}>`);
    expect(status.text).toContain('Schedule: every day at 08:30 (Europe/Paris)');
    expect(timestampIn(status.text)).toBe(nextRunSeconds);
    expect(status.text).toContain('Last run: never');
    expect(status.text).toMatch(/▫️ \[Local wire\]\(http:\/\/127\.0\.0\.1:\d+\/wire\.xml\) — not fetched yet/);
    expect(status.text).toMatch(/▫️ \[Broken wire\]\(.*\) — not fetched yet/);

    // A first run seeds the working feed (nothing posted) and records the broken one's failure.
    const run = await answer(t, slash(t, 'digest', 'now'));
    expect(run.ephemeral).toBe(true);
    expect(run.text).toContain('Nothing new');
    expect(t.discord.messagesIn()).toEqual([]);

    const after = await answer(t, slash(t, 'digest', 'status', {}, { locale: 'fr' }));
    expect(after.text).toMatch(new RegExp(`Salon\\s: <#${t.discord.channelId}>`));
    expect(after.text).toMatch(/✅ \[Local wire\]\(.*\/wire\.xml\) — <t:\d+:R>/);
    expect(after.text).toMatch(/⚠️ \[Broken wire\]\(.*\/broken\.xml\) — 1 échec d’affilée — .*HTTP 500/);
    expect(after.text).toMatch(/Dernier passage\s: <t:\d+:R> — 0 actualité\(s\) envoyée\(s\)/);
  });
});

describe('/feeds', () => {
  it('adds a local feed, lists it, refuses a duplicate, an HTML page and one feed over the cap, and removes by label', async () => {
    const { t, server, wire, feedA, feedB, feedC, settings } = await world();
    const added = await answer(t, slash(t, 'feeds', 'add', { url: feedA.url, label: 'Wire A' }));
    expect(added.ephemeral).toBe(true);
    expect(added.text).toContain('✅ Now tracking “Wire A”: 2 item(s) there now, 1 of them relevant.');
    expect(feedA.fetches()).toBe(1);
    expect((await settings())?.feeds).toMatchObject([{ url: feedA.url, label: 'Wire A', addedBy: t.discord.userId }]);

    const list = await answer(t, slash(t, 'feeds', 'list'));
    expect(list.ephemeral).toBe(true);
    expect(list.text).toContain('This server’s feeds (1/2)');
    expect(list.text).toMatch(/\[Wire A\]\(http:\/\/127\.0\.0\.1:\d+\/a\.xml\)/);
    expect(list.text).toContain('Default feeds (2)');

    const duplicate = await answer(t, slash(t, 'feeds', 'add', { url: feedA.url, label: 'Again' }));
    expect(duplicate.ephemeral).toBe(true);
    expect(duplicate.text).toBe('This feed is already tracked as “Wire A”.');
    const aDefault = await answer(t, slash(t, 'feeds', 'add', { url: wire.url }, { locale: 'fr' }));
    expect(aDefault.text).toBe('Ce flux est déjà suivi sous le nom «\u00a0Local wire\u00a0».');
    expect(feedA.fetches()).toBe(1);

    const html = await answer(t, slash(t, 'feeds', 'add', { url: server.url('/page.html') }));
    expect(html.ephemeral).toBe(true);
    expect(html.text).toMatch(/^This feed cannot be added: .*(RSS|Atom|feed)/);
    expect(server.requestsTo('/page.html').length).toBeGreaterThan(0);

    const second = await answer(t, slash(t, 'feeds', 'add', { url: feedB.url, label: 'Wire B' }));
    expect(second.text).toContain('✅ Now tracking “Wire B”');
    const overCap = await answer(t, slash(t, 'feeds', 'add', { url: feedC.url, label: 'Wire C' }));
    expect(overCap.ephemeral).toBe(true);
    expect(overCap.text).toBe('This server already tracks 2 feeds of its own, the most allowed. Remove one with /feeds remove first.');
    expect(feedC.fetches()).toBe(0);
    expect((await settings())?.feeds.map((feed) => feed.label)).toEqual(['Wire A', 'Wire B']);

    const suggestions = await t.discord.dispatchInteraction(t.discord.autocomplete({ name: 'feeds', subcommand: 'remove', focused: 'feed', value: '', permissions: ADMIN })).waitForCallback();
    expect(suggestions.type).toBe(8);
    expect((suggestions.data as { choices: unknown[] }).choices).toEqual([{ name: 'Wire A', value: feedA.url }, { name: 'Wire B', value: feedB.url }]);
    const typed = await t.discord.dispatchInteraction(t.discord.autocomplete({ name: 'feeds', subcommand: 'remove', focused: 'feed', value: 'wire b', permissions: ADMIN })).waitForCallback();
    expect((typed.data as { choices: unknown[] }).choices).toEqual([{ name: 'Wire B', value: feedB.url }]);

    const removed = await answer(t, slash(t, 'feeds', 'remove', { feed: 'Wire A' }));
    expect(removed.ephemeral).toBe(true);
    expect(removed.text).toBe('Stopped tracking “Wire A”.');
    expect((await settings())?.feeds.map((feed) => feed.label)).toEqual(['Wire B']);
    const listed = await answer(t, slash(t, 'feeds', 'list'));
    expect(listed.text).toContain('This server’s feeds (1/2)');
    expect(listed.text).not.toContain('Wire A');

    const unknown = await answer(t, slash(t, 'feeds', 'remove', { feed: 'Wire A' }));
    expect(unknown.text).toBe('No feed of this server matches “Wire A”. Its feeds: “Wire B”.');
  });

  it('refuses a member without Manage Server, in their language, without fetching anything', async () => {
    const w = await world();
    const { t, feedC, settings } = w;
    await arrangeWireB(w);
    const before = feedC.fetches();
    const reply = await answer(t, slash(t, 'feeds', 'add', { url: feedC.url }, { locale: 'fr', permissions: NOT_ADMIN }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toContain('Il faut la permission «\u00a0Gérer le serveur\u00a0»');
    expect(feedC.fetches()).toBe(before);
    expect((await settings())?.feeds.map((feed) => feed.label)).toEqual(['Wire B']);
  });

  it('with private addresses not allowed (ALLOW_PRIVATE_FEEDS=false), refuses a loopback feed and never fetches it', async () => {
    const { t: strict, server, settings } = await world({ ALLOW_PRIVATE_FEEDS: 'false' });
    const hidden = liveFeed(server, '/intranet.xml', [newsItem(RELEVANT)]);
    const reply = await answer(strict, slash(strict, 'feeds', 'add', { url: hidden.url, label: 'Intranet' }));
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/^This feed cannot be added: .*private or local address \(127\.0\.0\.1\)/);
    const french = await answer(strict, slash(strict, 'feeds', 'add', { url: hidden.url }, { locale: 'fr' }));
    expect(french.text).toMatch(/^Ce flux ne peut pas être ajouté\u00a0: .*127\.0\.0\.1/);
    expect(hidden.fetches()).toBe(0);
    expect(await settings()).toBeUndefined();
    expectTokenNeverLeaked(strict);
  });
});

describe('/feeds test', () => {
  it('shows each item kept or dropped with its score and tags; the 4th test within a minute is refused', async () => {
    const { t, feedA, feedB, feedC } = await world();
    const tested = await answer(t, slash(t, 'feeds', 'test', { url: feedA.url }));
    expect(tested.ephemeral).toBe(true);
    expect(tested.embeds[0]?.title).toBe('Feed test');
    expect(tested.text).toContain('HTTP 200 · 2 item(s) · 1 would go into the digest');
    const lines = tested.text.split('\n');
    const kept = lines.find((line) => line.includes('Microsoft shuts its Shanghai lab'));
    const dropped = lines.find((line) => line.includes('Local bakery'));
    expect(kept).toMatch(/^✅ kept \((\d+)\) \[Microsoft shuts its Shanghai lab amid US-China export controls\]\(https:\/\/news\.example\.com\/.*\) — Microsoft/);
    expect(Number(/\((\d+)\)/.exec(kept ?? '')?.[1])).toBeGreaterThanOrEqual(3);
    expect(dropped).toMatch(/^▫️ not relevant \(0\) \[Local bakery wins a regional pastry award\]/);
    // Why it was kept: the reasons, under the item.
    const why = lines[lines.indexOf(kept ?? '') + 1];
    expect(why).toMatch(/^\s*↳ company: Microsoft · .*china context: "shanghai"/);

    const french = await answer(t, slash(t, 'feeds', 'test', { url: feedB.url }, { locale: 'fr' }));
    expect(french.embeds[0]?.title).toBe('Test du flux');
    expect(french.text).toContain('✅ retenu');
    expect(french.text).toMatch(/↳ .*contexte chinois\s: "china"/);
    await answer(t, slash(t, 'feeds', 'test', { url: feedC.url }));

    const fetchesBefore = feedA.fetches();
    const limited = await answer(t, slash(t, 'feeds', 'test', { url: feedA.url }));
    expect(limited.ephemeral).toBe(true);
    expect(limited.text).toMatch(/^You can test 3 feeds a minute\. Try again in \d+ s\.$/);
    expect(feedA.fetches()).toBe(fetchesBefore);

    // The limit is per user: someone else may still test.
    const other = slash(t, 'feeds', 'test', { url: feedA.url }, { locale: 'fr' });
    const otherUser = { ...other, member: { ...other.member, user: { ...other.member.user, id: '999999999999999999' } } };
    const allowed = await answer(t, otherUser);
    expect(allowed.embeds[0]?.title).toBe('Test du flux');
    expect(feedA.fetches()).toBe(fetchesBefore + 1);
  });
});

describe('secrets', () => {
  it('after setup, status, a run, /feeds add and /feeds test, the bot token is in no log line, reply or message the double received', async () => {
    const w = await world();
    const { t, feedA } = w;
    await setUpDigest(t);
    await answer(t, slash(t, 'digest', 'status'));
    await answer(t, slash(t, 'digest', 'now'));
    await arrangeWireB(w);
    await answer(t, slash(t, 'feeds', 'test', { url: feedA.url }));
    expectTokenNeverLeaked(t);
  });
});
