import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIEmbed, REST } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { composeCappedDigest, type DigestLimits } from '../../src/digest/compose/compose.ts';
import { deliverOutbox, restPoster, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { feedKeyOf } from '../../src/digest/collect/feed-state.ts';
import { saveGuildSettings } from '../../src/digest/guilds.ts';
import { recentNews } from '../../src/digest/deliver/news.ts';
import { runGuildDigest } from '../../src/digest/run/run.ts';
import type { GuildRunResult } from '../../src/digest/run/types.ts';
import { deliveredKey, newsKey, POOL_KEY, type FeedState, type GuildSettings, type NewsRecord, type Outbox } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type DoubleOptions } from '../double/index.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { launchInGroup, type GroupProcess } from '../support/process-group.ts';
import { closeRest, restOnDouble } from '../support/double-rest.ts';
import { useScratch } from '../support/scratch.ts';
import { HOUR } from '../support/time.ts';
import { longItems } from '../support/long-items.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = path.join(ROOT, 'test', 'support', 'digest-child.ts');
const kb = fixtureKb();
const POSTS = 'POST /channels/:channelId/messages';
const HISTORY = 'GET /channels/:channelId/messages';
const NOW = '2025-11-21T08:00:00.000Z';
/**
 * The kill points are the lines the digest child prints — "post N" (the message is saved as attempted and its POST
 * starts), "accepted N" (Discord accepted it, nothing recorded), "marked N" (its items marked delivered, not yet in the
 * news), "recorded N" (in the news, its id not yet saved in the outbox), "lookup N" (a resumed run reads the channel
 * history for a marker) and "told N" (the N-th feed of a failing-feeds notice recorded as told): each test names
 * one, the child pauses right after printing it, and the test SIGKILLs it there (see test/support/digest-child.ts).
 *
 * Kill points need long digests: the limits are raised (in the child too, through DW_MAX_MESSAGES,
 * DW_MAX_ITEMS_PER_FEED and DW_MAX_ITEMS, above any server's item cap) so that no item is carried or summarised and
 * every item is delivered in these tests.
 */
const LIMITS: DigestLimits = { maxMessages: 20, maxItemsPerFeed: 100, maxItems: 1_000 };

/** Registers what to close once the current test has finished (concurrent tests pass their context's hook). */
type Defer = (cleanup: () => Promise<void>) => void;

const scratch = useScratch('dw-crash-');

let files = 0;
function storeFile(): string {
  files += 1;
  return scratch.file(`crash-${files}.sqlite`);
}

async function startDouble(defer: Defer, options: DoubleOptions = {}): Promise<DiscordDouble> {
  const double = await startDiscordDouble(options);
  defer(() => double.close());
  return double;
}

function newRest(defer: Defer, double: DiscordDouble): REST {
  const rest = restOnDouble(double);
  defer(async () => closeRest(rest));
  return rest;
}

async function open(defer: Defer, file: string): Promise<Store> {
  const store = await openStore(`sqlite://${file}`);
  defer(() => store.close().catch(() => undefined));
  return store;
}

function settingsFor(double: DiscordDouble): GuildSettings {
  return {
    guildId: double.guildId, channelId: double.channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true,
    feeds: [], since: new Date(Date.parse(NOW) - 24 * HOUR).toISOString(),
  };
}

function makeItems(count: number): DigestItem[] {
  return longItems(kb, NOW, 'crash', count);
}

/** A store file with the server's settings and `items` in the pool, closed again. */
async function prepare(file: string, double: DiscordDouble, items: readonly DigestItem[]): Promise<void> {
  const store = await openStore(`sqlite://${file}`);
  try {
    await saveGuildSettings(store, settingsFor(double));
    await store.namespace<DigestItem[]>('history').set(POOL_KEY, [...items]);
  } finally {
    await store.close();
  }
}

/** How many messages the digest of `items` has, composed as the run composes it. */
function expectedMessages(double: DiscordDouble, items: readonly DigestItem[]): number {
  const settings = settingsFor(double);
  return composeCappedDigest(kb, items, { locale: settings.locale, since: settings.since, now: NOW }, LIMITS).messages.length;
}

const embedText = (embeds: readonly APIEmbed[]) =>
  embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n')).join('\n');

/** For each item, how many channel messages carry its title token ("Cx17y"): all 1 means delivered exactly once. */
function deliveries(double: DiscordDouble, items: readonly DigestItem[]): number[] {
  const texts = double.messagesIn().map((message) => embedText(message.embeds));
  return items.map((item) => texts.filter((text) => text.includes(`${item.title.split(' ')[0] ?? ''} `)).length);
}

/** The store after the crash and the recovery: every item marked and recorded once, no outbox left. */
async function expectAllRecorded(defer: Defer, file: string, double: DiscordDouble, items: readonly DigestItem[]): Promise<void> {
  const store = await open(defer, file);
  expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  const marks = await store.namespace<string>('history').getMany(items.map((item) => deliveredKey(double.channelId, item.id)));
  expect(marks.every((mark) => mark !== undefined)).toBe(true);
  const news = await recentNews(store, double.guildId);
  expect(news.map((record) => record.itemId).sort()).toEqual(items.map((item) => item.id).sort());
}

describe('a process dying in the middle of a delivery (in-process simulation)', () => {
  /** The real poster, but after the `k`-th post the "process dies": Discord has the message, the store knows nothing. */
  function dyingAfter(poster: DiscordPoster, k: number, when: 'before' | 'after'): DiscordPoster {
    let posts = 0;
    return {
      async postMessage(channelId, body) {
        posts += 1;
        if (posts === k && when === 'before') throw new Error('process died before the request left');
        const accepted = await poster.postMessage(channelId, body);
        if (posts === k) throw new Error('process died after Discord accepted the message');
        return accepted;
      },
      recentMessages: (channelId, limit) => poster.recentMessages(channelId, limit),
    };
  }

  async function crashThenRecover(k: number, options: { when: 'before' | 'after'; nonceWindowMs?: number; historyVisible?: boolean }) {
    const double = await startDouble(onTestFinished, options.nonceWindowMs === undefined ? {} : { nonceWindowMs: options.nonceWindowMs });
    const file = storeFile();
    const items = makeItems(30);
    await prepare(file, double, items);
    const total = expectedMessages(double, items);

    const first = await open(onTestFinished, file);
    const crashed = await runGuildDigest(
      { kb, store: first, poster: dyingAfter(restPoster(newRest(onTestFinished, double)), k, options.when), log: silentLogger, now: () => new Date(NOW), limits: LIMITS },
      double.guildId,
      { reason: 'test' },
    );
    expect(crashed.ok).toBe(false);
    await first.close();

    const second = await open(onTestFinished, file);
    const real = restPoster(newRest(onTestFinished, double));
    const poster: DiscordPoster = options.historyVisible === false ? { ...real, recentMessages: async () => [] } : real;
    const recovered = await deliverOutbox({ store: second, poster, log: silentLogger }, double.guildId);
    await second.close();
    return { double, file, items, total, recovered };
  }

  it.each([1, 2, 3])('Discord accepted message %i, then the process died: the marker in the channel prevents a second post', async (k) => {
    const { double, file, items, total, recovered } = await crashThenRecover(k, { when: 'after', nonceWindowMs: 0 });
    expect(total).toBeGreaterThanOrEqual(3);
    expect(recovered).toMatchObject({ ok: true, pending: 0, sent: total - k + 1 });
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    expect(double.requestsTo(HISTORY)).toHaveLength(1);
    expect(double.messagesIn()).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });

  it('when the channel history does not show it, the nonce makes Discord return the message it already has', async () => {
    const { double, file, items, total, recovered } = await crashThenRecover(2, { when: 'after', historyVisible: false });
    expect(recovered).toMatchObject({ ok: true, pending: 0 });
    const posts = double.requestsTo(POSTS);
    expect(posts).toHaveLength(total + 1);
    const nonceOf = (index: number) => (posts[index]?.body as { nonce?: string } | undefined)?.nonce;
    expect(nonceOf(2)).toBe(nonceOf(1));
    expect((posts[2]?.responseBody as { id?: string }).id).toBe((posts[1]?.responseBody as { id?: string }).id);
    expect(double.messagesIn()).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });

  it('died after saving "attempted" but before the post left: the marker is not found and the message goes out once', async () => {
    const { double, file, items, total, recovered } = await crashThenRecover(2, { when: 'before', nonceWindowMs: 0 });
    expect(recovered).toMatchObject({ ok: true, pending: 0, sent: total - 1 });
    expect(double.requestsTo(HISTORY)).toHaveLength(1);
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });
});

/** A digest of 120 items: 12 messages of 10, so that kill points 1 to 10 all fall before its last message. */
const DIGEST_ITEMS = 120;
const MIN_MESSAGES = 11;
/** The most messages one history read returns, and so how far back a restarted delivery looks for its marker. */
const HISTORY_PAGE = 100;

/**
 * What the restarted process meets in the channel:
 * - 'as-is': the history shows the message and Discord still deduplicates its nonce;
 * - 'no-nonce': the nonce window has passed (the double's is 0), only the footer marker prevents a second post;
 * - 'scrolled': 100 other messages came after it, the marker is out of the history read, only the nonce prevents one.
 */
type ChannelAtRestart = 'as-is' | 'no-nonce' | 'scrolled';

/**
 * Where the first process dies, as its `message`-th message goes (counted from 1; 'last' is the digest's last):
 * - 'post': saved as attempted, not sent;
 * - 'accepted': Discord has it, nothing recorded;
 * - 'marked': its items are marked delivered, not yet in the server's news;
 * - 'recorded': marked and in the news, the outbox does not have its id yet.
 */
export interface KillPoint {
  readonly when: 'post' | 'accepted' | 'marked' | 'recorded';
  readonly message: number | 'last';
  readonly channel: ChannelAtRestart;
}

const CHANNELS: readonly ChannelAtRestart[] = ['as-is', 'no-nonce', 'scrolled'];
const channelFor = (index: number): ChannelAtRestart => CHANNELS[index % CHANNELS.length] ?? 'as-is';

const KILL_POINTS: readonly KillPoint[] = [
  ...Array.from({ length: 10 }, (_, index): KillPoint => ({ when: 'post', message: index + 1, channel: channelFor(index) })),
  ...Array.from({ length: 10 }, (_, index): KillPoint => ({ when: 'accepted', message: index + 1, channel: channelFor(index + 1) })),
  { when: 'accepted', message: 'last', channel: 'scrolled' },
  { when: 'marked', message: 2, channel: 'as-is' },
  { when: 'marked', message: 'last', channel: 'scrolled' },
  { when: 'recorded', message: 5, channel: 'no-nonce' },
  { when: 'recorded', message: 'last', channel: 'as-is' },
];

/** The digest child as a process group of its own (one node process: `node --import tsx`), optionally pausing at a line. */
function launchChild(defer: Defer, double: DiscordDouble, file: string, pauseAt?: string): GroupProcess {
  return launchInGroup(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: ROOT,
    defer,
    env: {
      PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
      DW_API_BASE: double.apiBase, DW_TOKEN: double.token, DW_STORE: file, DW_GUILD: double.guildId, DW_NOW: NOW,
      DW_MAX_MESSAGES: String(LIMITS.maxMessages), DW_MAX_ITEMS_PER_FEED: String(LIMITS.maxItemsPerFeed), DW_MAX_ITEMS: String(LIMITS.maxItems),
      ...(pauseAt === undefined ? {} : { DW_PAUSE_AT: pauseAt }),
    },
  });
}

/** Runs a child until it prints `line`, then SIGKILLs it: it must not have finished its run. */
async function killAt(defer: Defer, double: DiscordDouble, file: string, line: string): Promise<void> {
  const child = launchChild(defer, double, file, line);
  await child.waitForLine(line);
  expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });
  expect(child.lines.filter((printed) => printed.startsWith('result '))).toEqual([]);
}

/**
 * The restart: a fresh store connection and REST client run the server's digest again, as a new process would (the
 * test process plays it, so that only the processes that die cost a start-up).
 */
async function runAgain(defer: Defer, double: DiscordDouble, file: string): Promise<GuildRunResult> {
  const store = await open(defer, file);
  try {
    return await runGuildDigest(
      { kb, store, poster: restPoster(newRest(defer, double)), log: silentLogger, now: () => new Date(NOW), limits: LIMITS },
      double.guildId,
      { reason: 'restart' },
    );
  } finally {
    await store.close();
  }
}

/** A hundred newer messages in the channel: everything posted before is out of one history read. */
function scrollChannel(double: DiscordDouble): void {
  const start = double.messagesIn().length;
  for (let index = 1; index <= HISTORY_PAGE; index += 1) double.seedBotMessage({ content: `unrelated chatter ${start + index}` });
}

const MARKER = /dw·(\w+)·(\d+)\/(\d+)$/;

/** The digest messages in the channel (a footer marker on the last embed), oldest first, with their marker's position. */
function digestMessages(double: DiscordDouble): { id: string; position: number; total: number }[] {
  return double.messagesIn().reverse().flatMap((message) => {
    const match = MARKER.exec(message.embeds.at(-1)?.footer?.text ?? '');
    return match === null ? [] : [{ id: message.id, position: Number(match[2]), total: Number(match[3]) }];
  });
}

/**
 * The channel after recovery: each message of the digest once, in order; no two messages with the same content;
 * each item in exactly one message.
 */
function expectDeliveredOnce(double: DiscordDouble, items: readonly DigestItem[], total: number): void {
  const digest = digestMessages(double);
  expect(digest.map((message) => message.position)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
  expect(new Set(digest.map((message) => message.total))).toEqual(new Set([total]));
  const contents = double.messagesIn().map((message) => JSON.stringify([message.content, message.embeds]));
  expect(new Set(contents).size).toBe(contents.length);
  expect(deliveries(double, items)).toEqual(items.map(() => 1));
}

/**
 * What the store holds once the first process died at `point` of message `k`: the ids of messages 1..k-1 saved,
 * message k attempted without an id, and its items marked delivered and in the news only past those steps.
 */
async function expectStateAtKill(defer: Defer, file: string, double: DiscordDouble, point: KillPoint, k: number): Promise<void> {
  const store = await open(defer, file);
  const outbox = await store.namespace<Outbox>('outbox').get(double.guildId);
  expect(outbox).toBeDefined();
  const messages = outbox?.messages ?? [];
  expect(messages.filter((message) => message.messageId !== undefined).map((message) => message.index)).toEqual(
    Array.from({ length: k - 1 }, (_, index) => index),
  );
  expect(messages[k - 1]?.attempted).toBe(true);
  expect(messages.slice(k).some((message) => message.attempted)).toBe(false);
  const itemsOf = (count: number) => messages.slice(0, count).flatMap((message) => message.itemIds).sort();
  const ids = messages.flatMap((message) => message.itemIds);
  const marks = await store.namespace<string>('history').getMany(ids.map((id) => deliveredKey(double.channelId, id)));
  const marked = ids.filter((_id, index) => marks[index] !== undefined).sort();
  expect(marked).toEqual(itemsOf(point.when === 'marked' || point.when === 'recorded' ? k : k - 1));
  const news = (await store.namespace<NewsRecord[]>('history').get(newsKey(double.guildId))) ?? [];
  expect(news.map((record) => record.itemId).sort()).toEqual(itemsOf(point.when === 'recorded' ? k : k - 1));
  await store.close();
}

/** A fresh double, store and pool of `DIGEST_ITEMS` items; the digest's length checked. */
async function setUp(defer: Defer, options: DoubleOptions = {}) {
  const double = await startDouble(defer, options);
  const file = storeFile();
  const items = makeItems(DIGEST_ITEMS);
  await prepare(file, double, items);
  const total = expectedMessages(double, items);
  expect(total).toBeGreaterThanOrEqual(MIN_MESSAGES);
  return { double, file, items, total };
}

const pointName = (point: KillPoint) => `${point.when} ${point.message}`;

// Each case starts one or two digest processes (a tsx start-up each): on a loaded machine that takes more than the default 20 s.
describe('a digest process killed with SIGKILL, then run again', { timeout: 240_000 }, () => {
  it('covers at least 20 distinct kill points across a digest of at least 10 messages', () => {
    expect(new Set(KILL_POINTS.map(pointName)).size).toBeGreaterThanOrEqual(20);
    for (const when of ['post', 'accepted'] as const) {
      const numbered = KILL_POINTS.filter((point) => point.when === when).map((point) => point.message);
      expect(numbered).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    }
    expect(new Set(KILL_POINTS.map((point) => point.channel))).toEqual(new Set(CHANNELS));
  });

  it.concurrent.for(KILL_POINTS)('killed at $when of message $message, restart meets the channel $channel: every item once', async (point, { expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer, point.channel === 'no-nonce' ? { nonceWindowMs: 0 } : {});
    const k = point.message === 'last' ? total : point.message;

    await killAt(defer, double, file, `${point.when} ${k}`);
    const sentBeforeKill = point.when === 'post' ? k - 1 : k;
    expect(digestMessages(double)).toHaveLength(sentBeforeKill);
    await expectStateAtKill(defer, file, double, point, k);
    const before = double.messagesIn()[0]?.id;
    if (point.channel === 'scrolled') scrollChannel(double);

    const result = await runAgain(defer, double, file);
    expect(result).toMatchObject({ ok: true, outcome: 'delivered', pending: 0, resumed: { ok: true, sent: total - k + 1, pending: 0 } });
    expectDeliveredOnce(double, items, total);
    expect(double.requestsTo(HISTORY)).toHaveLength(1);
    const posts = double.requestsTo(POSTS);
    if (point.when !== 'post' && point.channel === 'scrolled') {
      // The marker was out of sight: message k went again, and Discord answered with the one it already had.
      expect(posts).toHaveLength(total + 1);
      expect((posts[k]?.responseBody as { id?: string }).id).toBe(before);
    } else {
      expect(posts).toHaveLength(total);
    }
    await expectAllRecorded(defer, file, double, items);
  });

  it.concurrent('killed again while the interrupted digest is being resumed (before its marker lookup), then run again', async ({ expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer);
    await killAt(defer, double, file, 'accepted 3');
    await killAt(defer, double, file, 'lookup 1');
    expect(digestMessages(double)).toHaveLength(3);
    expect(double.requestsTo(HISTORY)).toHaveLength(0);

    const result = await runAgain(defer, double, file);
    expect(result).toMatchObject({ ok: true, resumed: { ok: true, sent: total - 2, pending: 0 } });
    expectDeliveredOnce(double, items, total);
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    await expectAllRecorded(defer, file, double, items);
  });

  it.concurrent('killed, then killed again mid-resume once the resume had recorded a message (nonce window 0), then run again', async ({ expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer, { nonceWindowMs: 0 });
    await killAt(defer, double, file, 'post 4');
    // The restart posts message 4 (never sent), then 5, and dies before the outbox saves message 5's id.
    await killAt(defer, double, file, 'recorded 2');
    expect(digestMessages(double)).toHaveLength(5);

    const result = await runAgain(defer, double, file);
    expect(result).toMatchObject({ ok: true, resumed: { ok: true, sent: total - 4, pending: 0 } });
    expectDeliveredOnce(double, items, total);
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    await expectAllRecorded(defer, file, double, items);
  });

  it.concurrent('killed twice on the same message while its marker is out of sight: the nonce answers both repeats', async ({ expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer);
    await killAt(defer, double, file, 'accepted 6');
    scrollChannel(double);
    // The restart posts message 6 again (same nonce, Discord returns the first) and dies before recording it.
    await killAt(defer, double, file, 'accepted 1');
    expect(digestMessages(double)).toHaveLength(6);
    scrollChannel(double);

    const result = await runAgain(defer, double, file);
    expect(result).toMatchObject({ ok: true, resumed: { ok: true, sent: total - 5, pending: 0 } });
    expectDeliveredOnce(double, items, total);
    expect(double.requestsTo(POSTS)).toHaveLength(total + 2);
    await expectAllRecorded(defer, file, double, items);
  });

  it.concurrent('when reading the history is refused after a crash, the restart posts nothing and the next run finishes the digest', async ({ expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer);
    await killAt(defer, double, file, 'accepted 5');
    double.faults.serverError(HISTORY, { status: 403 });

    const refused = await runAgain(defer, double, file);
    expect(refused).toMatchObject({ ok: false, outcome: 'failed', pending: total - 4, error: { code: 'missing-permissions' } });
    expect(double.requestsTo(POSTS)).toHaveLength(5);

    const result = await runAgain(defer, double, file);
    expect(result).toMatchObject({ ok: true, resumed: { ok: true, sent: total - 4, pending: 0 } });
    expectDeliveredOnce(double, items, total);
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    await expectAllRecorded(defer, file, double, items);
  });

  /** Where the first process dies around the failing-feeds notice, and what the restart meets in the channel. */
  const NOTICE_KILL_POINTS = [
    { when: 'post', channel: 'as-is' },
    { when: 'accepted', channel: 'as-is' },
    { when: 'accepted', channel: 'no-nonce' },
    { when: 'accepted', channel: 'scrolled' },
    { when: 'told', channel: 'no-nonce' },
  ] as const;

  it.concurrent.for(NOTICE_KILL_POINTS)('killed at $when of the one failing-feeds notice (restart meets the channel $channel): it is posted once, naming every feed, all recorded', async (point, { expect, onTestFinished: defer }) => {
    const { double, file, items, total } = await setUp(defer, point.channel === 'no-nonce' ? { nonceWindowMs: 0 } : {});
    const failing = kb.feeds.slice(0, 2);
    expect(failing).toHaveLength(2);
    const store = await open(defer, file);
    for (const feed of failing) {
      const state: FeedState = {
        url: feed.url, seeded: true, consecutiveFailures: 3, lastSuccessAt: '2025-11-18T08:00:00.000Z',
        lastError: { code: 'http-status', message: { en: 'The server answered 503.', fr: 'Le serveur a répondu 503.' }, at: '2025-11-21T07:00:00.000Z' },
      };
      await store.namespace<FeedState>('feeds').set(feedKeyOf(feed.url), state);
    }
    await store.close();

    // 'told 1': Discord accepted the notice and its first feed is recorded as told, not the second.
    await killAt(defer, double, file, point.when === 'told' ? 'told 1' : `${point.when} ${total + 1}`);
    const notices = () => double.messagesIn().filter((message) => (message.embeds[0]?.title ?? '').startsWith('⚠️'));
    expect(notices()).toHaveLength(point.when === 'post' ? 0 : 1);
    if (point.channel === 'scrolled') scrollChannel(double);

    const result = await runAgain(defer, double, file);
    const [notice] = notices();
    expect(notices()).toHaveLength(1);
    expect(notice?.embeds[0]?.title).toBe('⚠️ 2 feeds keep failing');
    for (const feed of failing) expect(notice?.embeds[0]?.description).toContain(feed.label);
    expect(result).toMatchObject({ ok: true, outcome: 'nothing-new' });
    expect(result.feedNotices.map((entry) => [entry.url, entry.messageId]).sort()).toEqual(failing.map((feed) => [feed.url, notice?.id]).sort());
    const noticePosts = double.requestsTo(POSTS).filter((request) => ((request.body as { embeds?: APIEmbed[] }).embeds?.[0]?.title ?? '').startsWith('⚠️'));
    // Out of sight, the notice went again with its nonce, and Discord answered with the one it had.
    expect(noticePosts).toHaveLength(point.when !== 'post' && point.channel === 'scrolled' ? 2 : 1);
    expect(new Set(noticePosts.map((request) => (request.body as { nonce?: string }).nonce)).size).toBe(1);
    expectDeliveredOnce(double, items, total);
    await expectAllRecorded(defer, file, double, items);
    const after = await open(defer, file);
    const states = await after.namespace<FeedState>('feeds').getMany(failing.map((feed) => feedKeyOf(feed.url)));
    expect(states.map((state) => state?.failureReportedTo)).toEqual([[double.guildId], [double.guildId]]);
    expect(await after.namespace('outbox').get(`notice:${double.guildId}`)).toBeUndefined();

    // The next run says nothing more.
    const again = await runAgain(defer, double, file);
    expect(again.feedNotices).toEqual([]);
    expect(notices()).toHaveLength(1);
  });
});
