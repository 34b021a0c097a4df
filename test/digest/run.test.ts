import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_LIMITS } from '../../src/digest/compose/compose.ts';
import { compareItems } from '../../src/digest/compose/rank.ts';
import { feedKeyOf, newFeedState, recordFailure, recordSuccess } from '../../src/digest/collect/feed-state.ts';
import { getGuildSettings, listGuildSettings, saveGuildSettings } from '../../src/digest/guilds.ts';
import { FEED_FAILURE_REPORT_THRESHOLD, NOTICE_MAX_FEEDS } from '../../src/digest/deliver/feed-notices.ts';
import { digestStatus } from '../../src/digest/run-status.ts';
import { runGuildDigest } from '../../src/digest/run/run.ts';
import type { RunDeps } from '../../src/digest/run/types.ts';
import { deliveredKey, POOL_KEY, TURNED_AWAY_KEY, type FeedState, type GuildSettings, type Outbox, type TurnedAway } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { normalizeUrl } from '../../src/feeds/identify/url.ts';
import { silentLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/index.ts';
import type { DiscordDouble } from '../double/index.ts';
import { startDeliveryWorld } from '../support/delivery-world.ts';
import { useScratch } from '../support/scratch.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { HOUR } from '../support/time.ts';

const kb = fixtureKb();
const DEFAULT_FEED = kb.feeds[0]?.url ?? '';
const OWN_FEED = 'https://blog.example.org/atom.xml';
const START = Date.parse('2025-11-21T08:00:00Z');

const scratch = useScratch('dw-run-');

interface Setup {
  readonly double: DiscordDouble;
  readonly store: Store;
  readonly deps: RunDeps;
  readonly clock: { now: number };
  readonly settings: GuildSettings;
}

let stores = 0;
async function setup(extra: Partial<GuildSettings> = {}): Promise<Setup> {
  stores += 1;
  const { double, store, poster } = await startDeliveryWorld(scratch, `run-${stores}`);
  const clock = { now: START };
  const deps: RunDeps = { kb, store, poster, log: silentLogger, now: () => new Date(clock.now) };
  const settings: GuildSettings = {
    guildId: double.guildId, channelId: double.channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true,
    feeds: [], since: new Date(START - 24 * HOUR).toISOString(), ...extra,
  };
  await saveGuildSettings(store, settings);
  return { double, store, deps, clock, settings };
}

let counter = 0;
function item(firstSeenAt: number, extra: Partial<DigestItem> = {}): DigestItem {
  counter += 1;
  return {
    id: `run-item-${counter}`, title: `Rk${counter}x AWS closes a research lab`, summary: 'Short summary.',
    link: `https://news.example.com/${counter}`, firstSeenAt: new Date(firstSeenAt).toISOString(), feedUrl: DEFAULT_FEED,
    feedLabel: 'Example Tech', companies: ['aws'], dimensions: ['talent'], score: 3, reasons: [], possibleRetreat: false, ...extra,
  };
}

async function pool(store: Store, items: readonly DigestItem[]): Promise<void> {
  await store.namespace<DigestItem[]>('history').update(POOL_KEY, (current) => [...items, ...(current ?? [])]);
}

const tokenOf = (entry: DigestItem) => entry.title.split(' ')[0] ?? '';
const embedText = (embeds: readonly APIEmbed[]) =>
  embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n')).join('\n');
const channelTexts = (double: DiscordDouble) => double.messagesIn().reverse().map((message) => embedText(message.embeds));
const timesIn = (double: DiscordDouble, entry: DigestItem) => channelTexts(double).filter((text) => text.includes(tokenOf(entry))).length;

async function setFeedState(store: Store, url: string, update: (state: FeedState) => FeedState): Promise<void> {
  await store.namespace<FeedState>('feeds').update(feedKeyOf(url), (current) => update(current ?? newFeedState(url)));
}

function fail(state: FeedState, times: number, at: number): FeedState {
  let next = state;
  for (let i = 0; i < times; i += 1) {
    next = recordFailure(next, { code: 'http-status', status: 503, message: { en: 'The server answered HTTP 503.', fr: 'Le serveur a répondu HTTP 503.' } }, new Date(at + i));
  }
  return next;
}

describe('runGuildDigest', () => {
  it('says the server is not configured when it has no settings or no channel, and posts nothing', async () => {
    const { double, store, deps, settings } = await setup();
    expect(await runGuildDigest(deps, 'no-such-guild', { reason: 'test' })).toMatchObject({ outcome: 'not-configured', ok: false, error: { code: 'not-configured' } });
    const { channelId: _channel, ...withoutChannel } = settings;
    await saveGuildSettings(store, withoutChannel);
    await pool(store, [item(START - HOUR)]);
    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(result.outcome).toBe('not-configured');
    expect(result.error?.message.fr).toMatch(/salon/);
    expect(double.requestsTo('POST /channels/:channelId/messages')).toEqual([]);
  });

  it('sends the items of the default feeds and the server\'s own feeds seen since setup, once, and nothing on the next run', async () => {
    const own = { url: OWN_FEED, label: 'Own blog', addedBy: '1', addedAt: new Date(START - 48 * HOUR).toISOString() };
    const { double, store, deps, clock } = await setup({ feeds: [own] });
    const fromDefault = item(START - HOUR);
    const fromOwn = item(START - 2 * HOUR, { feedUrl: OWN_FEED, feedLabel: 'Own blog' });
    const untracked = item(START - HOUR, { feedUrl: 'https://elsewhere.example.net/rss' });
    const beforeSetup = item(START - 30 * HOUR);
    await pool(store, [fromDefault, fromOwn, untracked, beforeSetup]);

    const first = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(first).toMatchObject({ outcome: 'delivered', delivered: 2, items: 2 });
    expect([fromDefault, fromOwn, untracked, beforeSetup].map((entry) => timesIn(double, entry))).toEqual([1, 1, 0, 0]);
    const posted = double.messagesIn().length;

    clock.now += 24 * HOUR;
    const second = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(second).toMatchObject({ outcome: 'nothing-new', ok: true, delivered: 0, sent: 0 });
    expect(double.messagesIn()).toHaveLength(posted);
    expect(await getGuildSettings(store, double.guildId)).toMatchObject({
      lastRunAt: new Date(clock.now).toISOString(), lastRun: { ok: true, delivered: 0, pending: 0 },
    });
  });

  it('covers the period since the previous run, and posts a "nothing new" digest only when asked', async () => {
    const { double, store, deps, clock } = await setup();
    await pool(store, [item(START - HOUR)]);
    await runGuildDigest(deps, double.guildId, { reason: 'test' });
    const firstRunAt = clock.now;

    clock.now += 24 * HOUR;
    await pool(store, [item(clock.now - HOUR)]);
    await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(double.messagesIn()[0]?.embeds[0]?.description).toContain(`<t:${firstRunAt / 1000}:f> → <t:${clock.now / 1000}:f>`);

    const before = double.messagesIn().length;
    clock.now += 24 * HOUR;
    const quiet = await runGuildDigest(deps, double.guildId, { reason: 'test', postWhenEmpty: true });
    expect(quiet).toMatchObject({ outcome: 'delivered', ok: true, sent: 1, delivered: 0 });
    const [empty] = double.messagesIn();
    expect(double.messagesIn()).toHaveLength(before + 1);
    expect(empty?.embeds.at(-1)?.footer?.text).toMatch(/dw·\w+·1\/1$/);
    expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  });

  it('previews without saving or posting, leaving out what an interrupted digest still has to send', async () => {
    const { double, store, deps, clock } = await setup({ locale: 'fr' });
    const waiting = [item(START - HOUR), item(START - HOUR)];
    await pool(store, waiting);
    double.faults.denyMessages();
    const failed = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(failed.outcome).toBe('failed');
    double.faults.allowMessages();
    const outboxBefore = await store.namespace<Outbox>('outbox').get(double.guildId);
    const settingsBefore = await getGuildSettings(store, double.guildId);

    const fresh = item(START - HOUR / 2);
    await pool(store, [fresh]);
    clock.now += HOUR;
    const preview = await runGuildDigest(deps, double.guildId, { reason: 'preview', dryRun: true });

    expect(preview).toMatchObject({ outcome: 'preview', ok: true, items: 1, pending: outboxBefore?.messages.length });
    const text = (preview.payloads ?? []).map((payload) => embedText(payload.embeds)).join('\n');
    expect(text).toContain(tokenOf(fresh));
    for (const entry of waiting) expect(text).not.toContain(tokenOf(entry));
    expect(text).toMatch(/Résumé|actualité/i);
    expect(double.requestsTo('POST /channels/:channelId/messages')).toHaveLength(1);
    expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toEqual(outboxBefore);
    expect(await getGuildSettings(store, double.guildId)).toEqual(settingsBefore);
    expect(await store.namespace<string>('history').get(deliveredKey(double.channelId, fresh.id))).toBeUndefined();

    expect(await digestStatus(store, double.guildId)).toMatchObject({
      pendingMessages: outboxBefore?.messages.length, pendingItems: 2, pendingSince: new Date(START).toISOString(),
      lastRun: { ok: false, delivered: 0 },
    });
    const delivered = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(delivered).toMatchObject({ outcome: 'delivered', delivered: 3, resumed: { ok: true, delivered: 2 } });
    expect([...waiting, fresh].map((entry) => timesIn(double, entry))).toEqual([1, 1, 1]);
    expect(await digestStatus(store, double.guildId)).toMatchObject({ pendingMessages: 0, pendingItems: 0, lastRun: { ok: true, delivered: 3 } });
  });

  it('previews a "nothing new" digest when there is nothing to send', async () => {
    const { double, deps } = await setup();
    const preview = await runGuildDigest(deps, double.guildId, { reason: 'preview', dryRun: true });
    expect(preview).toMatchObject({ outcome: 'preview', items: 0 });
    expect(preview.payloads).toHaveLength(1);
    expect(double.requestsTo('POST /channels/:channelId/messages')).toEqual([]);
  });

  it('lets two runs of one server take turns: every item goes out once', async () => {
    const { double, store, deps } = await setup();
    const items = Array.from({ length: 8 }, () => item(START - HOUR));
    await pool(store, items);
    const [a, b] = await Promise.all([
      runGuildDigest(deps, double.guildId, { reason: 'schedule' }),
      runGuildDigest(deps, double.guildId, { reason: 'command' }),
    ]);
    expect([a?.delivered, b?.delivered].sort()).toEqual([0, 8]);
    expect(items.map((entry) => timesIn(double, entry))).toEqual(items.map(() => 1));
  });

  it('lists the servers with settings', async () => {
    const { store, settings } = await setup();
    await saveGuildSettings(store, { ...settings, guildId: '42', locale: 'fr' });
    await saveGuildSettings(store, { ...settings, locale: 'fr' });
    expect((await listGuildSettings(store)).map((entry) => [entry.guildId, entry.locale])).toEqual([[settings.guildId, 'fr'], ['42', 'fr']]);
  });
});

describe('digest limits', () => {
  const own = { url: OWN_FEED, label: 'Own blog', addedBy: '1', addedAt: new Date(START - 48 * HOUR).toISOString() };
  /** 40 items of the default feed (distinct scores and times, so the ranking is total) and 3 of the server's own. */
  function flood() {
    const fromDefault = Array.from({ length: 40 }, (_, n) => item(START - HOUR - n * 60_000, { score: 2 + (n % 5), possibleRetreat: n === 39 }));
    const fromOwn = Array.from({ length: 3 }, (_, n) => item(START - 2 * HOUR - n * 60_000, { feedUrl: OWN_FEED, feedLabel: 'Own blog' }));
    return { fromDefault, ranked: [...fromDefault].sort(compareItems), fromOwn };
  }
  const marks = async (store: Store, channelId: string, items: readonly DigestItem[]) =>
    store.namespace<string>('history').getMany(items.map((entry) => deliveredKey(channelId, entry.id)));

  it('shows each feed’s best, says what is left out; carried items come next time, summarised ones never', async () => {
    const { double, store, deps, clock } = await setup({ feeds: [own] });
    const { ranked, fromOwn } = flood();
    await pool(store, [...ranked, ...fromOwn]);

    const first = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(first).toMatchObject({ outcome: 'delivered', items: 13, delivered: 13, notShown: { carried: 10, summarized: 20, turnedAway: 0 } });
    expect(first.sent).toBeLessThanOrEqual(DEFAULT_DIGEST_LIMITS.maxMessages);
    expect([...ranked, ...fromOwn].map((entry) => timesIn(double, entry))).toEqual([...ranked.map((_, n) => (n < 10 ? 1 : 0)), 1, 1, 1]);
    const last = double.messagesIn()[0];
    expect(last?.embeds.at(-1)?.description).toBe('+30 more from Example Tech\n_The best 10 of each feed come in the next digest; the others are only counted here._');
    const after = await marks(store, double.channelId, ranked);
    expect(after.slice(0, 10).every((mark) => mark === new Date(START).toISOString())).toBe(true);
    expect(after.slice(10, 20)).toEqual(Array.from({ length: 10 }, () => undefined));
    expect(after.slice(20).every((mark) => mark === `summary:${new Date(START).toISOString()}`)).toBe(true);

    clock.now += HOUR;
    const second = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(second).toMatchObject({ outcome: 'delivered', items: 10 });
    expect(second.notShown).toBeUndefined();
    expect([...ranked, ...fromOwn].map((entry) => timesIn(double, entry))).toEqual([...ranked.map((_, n) => (n < 20 ? 1 : 0)), 1, 1, 1]);

    clock.now += HOUR;
    expect(await runGuildDigest(deps, double.guildId, { reason: 'test' })).toMatchObject({ outcome: 'nothing-new' });
  });

  it('marks the summarised items only once Discord accepted the message that counts them', async () => {
    const { double, store, deps, clock } = await setup({ feeds: [own] });
    const { ranked, fromOwn } = flood();
    await pool(store, [...ranked, ...fromOwn]);
    double.faults.denyMessages();
    expect(await runGuildDigest(deps, double.guildId, { reason: 'test' })).toMatchObject({ outcome: 'failed', ok: false });
    expect((await marks(store, double.channelId, [...ranked, ...fromOwn])).every((mark) => mark === undefined)).toBe(true);

    double.faults.allowMessages();
    clock.now += HOUR;
    const resumed = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(resumed).toMatchObject({ ok: true, resumed: { ok: true, delivered: 13 }, items: 10 });
    const after = await marks(store, double.channelId, ranked);
    expect(after.slice(20).every((mark) => mark?.startsWith('summary:') === true)).toBe(true);
    expect(ranked.map((entry) => timesIn(double, entry))).toEqual(ranked.map((_, n) => (n < 20 ? 1 : 0)));
  });

  it('counts the items the pool turned away during the period in the feed’s line', async () => {
    const { double, store, deps } = await setup();
    await pool(store, [item(START - HOUR)]);
    const records: TurnedAway[] = [
      { feed: normalizeUrl(DEFAULT_FEED), at: new Date(START - 2 * HOUR).toISOString(), count: 9_500 },
      { feed: normalizeUrl(DEFAULT_FEED), at: new Date(START - 30 * HOUR).toISOString(), count: 77 },
      { feed: normalizeUrl('https://untracked.example.com/rss'), at: new Date(START - 2 * HOUR).toISOString(), count: 5 },
    ];
    await store.namespace<TurnedAway[]>('history').set(TURNED_AWAY_KEY, records);
    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(result).toMatchObject({ items: 1, notShown: { carried: 0, summarized: 0, turnedAway: 9_500 } });
    expect(double.messagesIn()[0]?.embeds.at(-1)?.description).toBe('+9,500 more from Example Tech\n_They are only counted here._');
  });
});

describe('failing feeds', () => {
  const notices = (double: DiscordDouble) => double.messagesIn().filter((message) => (message.embeds[0]?.title ?? '').startsWith('⚠️'));

  it(`tells the server once per failure streak (from ${FEED_FAILURE_REPORT_THRESHOLD} failed runs), in its language, with the feed's name made inert`, async () => {
    const own = { url: OWN_FEED, label: '@everyone **Own** <t:0:R> blog', addedBy: '1', addedAt: new Date(START - 48 * HOUR).toISOString() };
    const { double, store, deps, clock } = await setup({ feeds: [own] });
    await setFeedState(store, OWN_FEED, (state) => fail(state, FEED_FAILURE_REPORT_THRESHOLD - 1, START - 3 * HOUR));
    await setFeedState(store, 'https://untracked.example.com/rss', (state) => fail(state, 5, START - 3 * HOUR));

    await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(notices(double)).toEqual([]);

    await setFeedState(store, OWN_FEED, (state) => fail(state, 1, START - HOUR));
    clock.now += HOUR;
    const reported = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(reported.feedNotices).toEqual([expect.objectContaining({ url: OWN_FEED, consecutiveFailures: FEED_FAILURE_REPORT_THRESHOLD })]);
    const [notice] = notices(double);
    expect(notices(double)).toHaveLength(1);
    expect(notice?.embeds[0]?.title).toBe('⚠️ 1 feed keeps failing');
    expect(notice?.embeds[0]?.description).toMatch(/^• \*\*.*Own.*\*\* — failed 3 runs in a row: The server answered HTTP 503\.\n\/digest status shows its health\.$/);
    expect(notice?.embeds[0]?.description).toContain('\\*\\*Own\\*\\*');
    expect(notice?.embeds[0]?.description).not.toContain('<t:0:R>');
    expect(notice?.pings).toEqual({ users: [], roles: [], everyone: false });
    expect((await store.namespace<FeedState>('feeds').get(feedKeyOf(OWN_FEED)))?.failureReportedTo).toEqual([double.guildId]);

    await setFeedState(store, OWN_FEED, (state) => fail(state, 1, START));
    clock.now += HOUR;
    expect((await runGuildDigest(deps, double.guildId, { reason: 'test' })).feedNotices).toEqual([]);
    expect(notices(double)).toHaveLength(1);

    await saveGuildSettings(store, { ...(await getGuildSettings(store, double.guildId))!, locale: 'fr' });
    await setFeedState(store, OWN_FEED, (state) => recordSuccess(state, { status: 200, notModified: false, seeded: true }, new Date(START + HOUR)));
    await setFeedState(store, OWN_FEED, (state) => fail(state, FEED_FAILURE_REPORT_THRESHOLD, START + 2 * HOUR));
    clock.now += HOUR;
    await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(notices(double)).toHaveLength(2);
    expect(notices(double)[0]?.embeds[0]?.title).toBe('⚠️ 1 flux échoue passage après passage');
    expect(notices(double)[0]?.embeds[0]?.description).toMatch(/^• \*\*.*\*\* — 3 échecs de suite\u00a0: Le serveur a répondu HTTP 503\.\n\/résumé état montre son état\.$/);
  });

  it('does not record a notice Discord refused, and posts it on the next run', async () => {
    const { double, store, deps, clock } = await setup();
    await setFeedState(store, DEFAULT_FEED, (state) => fail(state, FEED_FAILURE_REPORT_THRESHOLD, START - HOUR));
    await pool(store, [item(START - HOUR)]);
    let posts = 0;
    const poster = {
      ...deps.poster,
      postMessage: (channelId: string, body: Parameters<RunDeps['poster']['postMessage']>[1]) => {
        posts += 1;
        if (posts === 2) double.faults.denyMessages();
        return deps.poster.postMessage(channelId, body);
      },
    };
    const result = await runGuildDigest({ ...deps, poster }, double.guildId, { reason: 'test' });
    expect(result).toMatchObject({ outcome: 'delivered', ok: true, feedNotices: [] });
    expect((await store.namespace<FeedState>('feeds').get(feedKeyOf(DEFAULT_FEED)))?.failureReportedTo).toBeUndefined();

    // Meanwhile another feed crosses the threshold: the refused notice goes first, alone, with its own nonce.
    const own = { url: OWN_FEED, label: 'Own blog', addedBy: '1', addedAt: new Date(START - 48 * HOUR).toISOString() };
    await saveGuildSettings(store, { ...(await getGuildSettings(store, double.guildId))!, feeds: [own] });
    await setFeedState(store, OWN_FEED, (state) => fail(state, FEED_FAILURE_REPORT_THRESHOLD, START));
    double.faults.allowMessages();
    clock.now += HOUR;
    expect((await runGuildDigest(deps, double.guildId, { reason: 'test' })).feedNotices).toEqual([expect.objectContaining({ url: DEFAULT_FEED })]);
    expect(notices(double)).toHaveLength(1);
    const posted = double.requestsTo('POST /channels/:channelId/messages').map((request) => request.body as { nonce?: string; embeds?: APIEmbed[] });
    const noticeBodies = posted.filter((body) => (body.embeds?.[0]?.title ?? '').startsWith('⚠️'));
    expect(noticeBodies).toHaveLength(2);
    expect(noticeBodies[1]?.nonce).toBe(noticeBodies[0]?.nonce);

    clock.now += HOUR;
    expect((await runGuildDigest(deps, double.guildId, { reason: 'test' })).feedNotices).toEqual([expect.objectContaining({ url: OWN_FEED })]);
    expect(notices(double)).toHaveLength(2);
    expect(notices(double)[0]?.embeds[0]?.description).toContain('Own blog');
  });

  it(`tells about every feed failing in the same run in ONE message, naming at most ${NOTICE_MAX_FEEDS}, and records each`, async () => {
    const own = Array.from({ length: 14 }, (_, n) => ({
      url: `https://blog${n}.example.org/feed.xml`, label: `Blog ${n} **bold** @everyone`, addedBy: '1', addedAt: new Date(START - 48 * HOUR).toISOString(),
    }));
    const { double, store, deps, clock } = await setup({ feeds: own });
    const failing = [DEFAULT_FEED, ...own.map((feed) => feed.url)];
    for (const url of failing) await setFeedState(store, url, (state) => fail(state, FEED_FAILURE_REPORT_THRESHOLD, START - 3 * HOUR));
    await pool(store, [item(START - HOUR)]);

    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(result.outcome).toBe('delivered');
    expect(notices(double)).toHaveLength(1);
    const [notice] = notices(double);
    expect(notice?.embeds).toHaveLength(1);
    expect(notice?.embeds[0]?.title).toBe(`⚠️ ${failing.length} feeds keep failing`);
    const lines = (notice?.embeds[0]?.description ?? '').split('\n');
    expect(lines.filter((line) => line.startsWith('• '))).toHaveLength(NOTICE_MAX_FEEDS);
    expect(lines.at(-2)).toBe(`+${failing.length - NOTICE_MAX_FEEDS} more feeds`);
    expect(lines.at(-1)).toBe('/digest status shows their health.');
    expect(notice?.pings).toEqual({ users: [], roles: [], everyone: false });
    expect(result.feedNotices.map((entry) => entry.url).sort()).toEqual([...failing].sort());
    expect(new Set(result.feedNotices.map((entry) => entry.messageId))).toEqual(new Set([notice?.id]));
    const states = await store.namespace<FeedState>('feeds').getMany(failing.map(feedKeyOf));
    expect(states.map((state) => state?.failureReportedTo)).toEqual(failing.map(() => [double.guildId]));
    expect(await store.namespace('outbox').get(`notice:${double.guildId}`)).toBeUndefined();

    // Still failing on the next run: nothing more is said.
    for (const url of failing) await setFeedState(store, url, (state) => fail(state, 1, START));
    clock.now += HOUR;
    expect((await runGuildDigest(deps, double.guildId, { reason: 'test' })).feedNotices).toEqual([]);
    expect(notices(double)).toHaveLength(1);
  });
});
