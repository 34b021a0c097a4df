import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedKeyOf } from '../../src/digest/collect/feed-state.ts';
import { recentNews } from '../../src/digest/deliver/news.ts';
import type { FeedState, Outbox } from '../../src/digest/state.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { openStore } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type DoubleOptions, type InteractionHandle, type StoredMessage } from '../double/index.ts';
import { botHome, launchBot, logEntries, type BotHome } from '../support/bot-process.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { rss20, type XmlItem } from '../support/feed-xml.ts';
import type { GroupProcess } from '../support/process-group.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { ADMIN, EPHEMERAL, messageText, relevantBatch, until } from './digest-support.ts';
import { useScratch } from '../support/scratch.ts';

/**
 * The real bot process (`node --import tsx src/main.ts`, in its own process group) stopped the way systemd and `npm start` stop
 * it: SIGTERM to the whole group (npm relays it too) — and here twice over.
 */

const FEED_PATH = '/feed.xml';
/** How long to wait for the bot process: start-up through tsx takes seconds, and far more on a loaded machine. */
const SLOW = 60_000;

type Defer = (cleanup: () => Promise<void>) => void;

let kb: KnowledgeBase;
const scratch = useScratch('dw-stop-');
beforeAll(async () => {
  kb = await loadRealKb();
});

/** The local feed: its items, and a switch that holds its answers until released (or for ever). */
function heldFeed(server: Awaited<ReturnType<typeof startFeedServer>>) {
  let items: readonly XmlItem[] = [];
  let holding = false;
  const held: (() => void)[] = [];
  server.route(FEED_PATH, (_request, response: ServerResponse) => {
    const answer = () => {
      if (response.destroyed) return;
      const body = rss20({ title: 'Local test feed', items });
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    if (holding) held.push(answer);
    else answer();
  });
  return {
    show: (next: readonly XmlItem[]) => void (items = next),
    hold: () => void (holding = true),
    release() {
      holding = false;
      for (const answer of held.splice(0)) answer();
    },
    fetches: () => server.requestsTo(FEED_PATH).length,
    /** Requests waiting for `release`. */
    waiting: () => held.length,
  };
}

async function setUp(defer: Defer, name: string, options: { double?: DoubleOptions; env?: Record<string, string>; holdFeed?: boolean } = {}) {
  const double = await startDiscordDouble(options.double);
  defer(() => double.close());
  const server = await startFeedServer();
  defer(() => server.close());
  const feed = heldFeed(server);
  // Held from the start: a scheduled run firing before the test gets to it must not read the feed unheld.
  if (options.holdFeed === true) feed.hold();
  const feedUrl = server.url(FEED_PATH);
  // Every new item of the one feed in the digest (no cap holds any back), so the tests can count them all.
  const env = { DIGEST_MAX_MESSAGES: '20', DIGEST_MAX_ITEMS_PER_FEED: '100', ...options.env };
  const where = await botHome(path.join(scratch.dir, name), double, [{ label: 'Local Test Feed', url: feedUrl }], env);
  const bot = launchBot(defer, where);
  await bot.waitForOutput(/"message":"bot ready"/, SLOW);
  return { double, feed, feedUrl, where, bot };
}

/** `/digest now` by an admin; resolves once Discord has its deferral (the 3-second window is not what is tested here). */
async function digestNow(double: DiscordDouble): Promise<InteractionHandle> {
  const handle = double.dispatchInteraction(double.chatInput({ name: 'digest', subcommand: 'now', permissions: ADMIN }), { ackWindowMs: SLOW });
  expect((await handle.waitForCallback({ timeoutMs: SLOW })).type).toBe(5);
  return handle;
}

/** The text the user finally sees for a deferred interaction: its edit, or the follow-up that replaced it. */
async function finalText(double: DiscordDouble, handle: InteractionHandle): Promise<{ text: string; ephemeral: boolean }> {
  const message = await double.waitFor<StoredMessage>(
    () => (handle.record.edits.length > 0 ? handle.original() : handle.record.followUps[0]),
    { timeoutMs: SLOW, what: `the answer to interaction ${handle.id}` },
  );
  return { text: messageText(message), ephemeral: (message.flags & EPHEMERAL) !== 0 };
}

/**
 * The feed's first read seeds it (what is there is never posted): done by a first `/digest now`. Its read is then
 * dated two minutes back in the store, so the next `/digest now` reads the feed again instead of waiting a minute.
 */
async function seedFeed(double: DiscordDouble, setup: { feed: ReturnType<typeof heldFeed>; feedUrl: string; where: BotHome }): Promise<XmlItem[]> {
  const seeded = relevantBatch(kb, 'seed', 3).items;
  setup.feed.show(seeded);
  const first = await digestNow(double);
  expect((await finalText(double, first)).text).toMatch(/Nothing new/);
  const store = await openStore(`sqlite://${setup.where.storeFile}`);
  try {
    await store.namespace<FeedState>('feeds').update(feedKeyOf(setup.feedUrl), (state) => {
      if (state === undefined) throw new Error('the feed has no state: it was never read');
      return { ...state, lastFetchAt: new Date(Date.now() - 120_000).toISOString() };
    });
  } finally {
    await store.close();
  }
  return seeded;
}

/** SIGTERM to the whole group, then again once the bot has begun its stop: both reach it while it stops. */
async function terminateTwice(bot: GroupProcess): Promise<void> {
  void bot.kill('SIGTERM');
  await bot.waitForOutput(/"message":"shutting down"/, SLOW);
  void bot.kill('SIGTERM');
}

const isDigestMessage = (message: StoredMessage) => /dw·[0-9a-z]+·\d+\/\d+$/.test(message.embeds.at(-1)?.footer?.text ?? '');

async function readStore(where: BotHome, guildId: string) {
  const store = await openStore(`sqlite://${where.storeFile}`);
  try {
    return { outbox: await store.namespace<Outbox>('outbox').get(guildId), news: await recentNews(store, guildId) };
  } finally {
    await store.close();
  }
}

describe('the bot process stopped with SIGTERM to its process group, twice', () => {
  it('idle: stops cleanly, logs "stopped" and exits 0', { timeout: 180_000 }, async ({ onTestFinished: defer }) => {
    const { bot } = await setUp(defer, 'idle');
    await terminateTwice(bot);
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(logEntries(bot, 'shutting down')).toHaveLength(1);
    expect(logEntries(bot, 'stopped')).toMatchObject([{ ok: true }]);
    expect(logEntries(bot).filter((entry) => entry['level'] === 'error')).toEqual([]);
  });

  it('during an admin’s /digest now: the digest goes out, the admin gets the reply, newcomers are told to come back, exit 0', { timeout: 180_000 }, async ({ onTestFinished: defer }) => {
    const setup = await setUp(defer, 'digest-now', { env: { SHUTDOWN_TIMEOUT_MS: '60000' } });
    const { double, feed, bot, where } = setup;
    const seeded = await seedFeed(double, setup);

    // New items appear; the feed is read again but its answer is held, so the digest is under way when the signals come.
    const fresh = relevantBatch(kb, 'fresh', 12);
    feed.show([...fresh.items, ...seeded]);
    feed.hold();
    const fetchesBefore = feed.fetches();
    const admin = await digestNow(double);
    await until(() => feed.fetches() > fetchesBefore, 'the feed read of /digest now', SLOW);
    await terminateTwice(bot);
    await bot.waitForOutput(/"message":"shutdown already under way"/, SLOW);

    // The bot is stopping but alive; a new command gets a polite private answer instead of starting work.
    const late = double.dispatchInteraction(double.chatInput({ name: 'about', locale: 'fr' }), { ackWindowMs: SLOW });
    const refusal = await late.waitForCallback({ timeoutMs: SLOW });
    expect(refusal.type).toBe(4);
    expect(refusal.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/redémarre/) });
    expect(bot.alive()).toBe(true);

    feed.release();
    const reply = await finalText(double, admin);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/Digest posted in <#\d+>: 12 item\(s\)/);
    expect(await bot.exited).toEqual({ code: 0, signal: null });
    expect(logEntries(bot, 'stopped')).toMatchObject([{ ok: true }]);
    expect(logEntries(bot, 'shutting down')).toHaveLength(1);

    // Every new item posted once, and recorded as delivered: nothing waits, nothing is lost.
    const posted = double.messagesIn().filter(isDigestMessage).map(messageText).join('\n');
    expect(fresh.tokens.map((token) => posted.split(token).length - 1)).toEqual(fresh.tokens.map(() => 1));
    const { outbox, news } = await readStore(where, double.guildId);
    expect(outbox).toBeUndefined();
    expect(news.map((record) => record.title).sort()).toEqual(fresh.items.map((item) => item.title).sort());
  });

  it('when Discord stalls mid-digest: past SHUTDOWN_TIMEOUT_MS it says so, tells the admin, exits 1; the rest waits in the outbox', { timeout: 180_000 }, async ({ onTestFinished: defer }) => {
    // One channel post per two minutes: the digest's first message goes out, the second waits.
    const setup = await setUp(defer, 'stalled', { double: { rateLimit: { limit: 1, windowMs: 120_000 } }, env: { SHUTDOWN_TIMEOUT_MS: '2000' } });
    const { double, feed, bot, where } = setup;
    const seeded = await seedFeed(double, setup);
    const fresh = relevantBatch(kb, 'stall', 40);
    feed.show([...fresh.items, ...seeded]);
    const admin = await digestNow(double);
    const first = await double.waitForMessage(isDigestMessage, { timeoutMs: SLOW });

    await terminateTwice(bot);
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    const [began] = logEntries(bot, 'shutting down');
    const [passed] = logEntries(bot, 'shutdown deadline passed');
    expect(passed).toMatchObject({ level: 'error', step: 'discord', deadlineMs: 2000 });
    // A timer counts from the event loop's cached clock, which can lag the line logged just before it was armed by a
    // few ms: the deadline fired at 2 s, not a tick early (it once measured 1,999 ms).
    expect(Date.parse(String(passed?.['time'])) - Date.parse(String(began?.['time']))).toBeGreaterThanOrEqual(1_990);
    expect(logEntries(bot, 'stopped')).toEqual([]);

    // The admin is not left with "thinking…": a private word that the restart cut the command short.
    const reply = await finalText(double, admin);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/had to restart before finishing/);

    // What Discord accepted is recorded; the rest is in the outbox for the next start.
    expect(double.messagesIn().filter(isDigestMessage)).toHaveLength(1);
    const { outbox, news } = await readStore(where, double.guildId);
    expect(outbox?.messages.length).toBeGreaterThanOrEqual(2);
    const [sent, ...waiting] = outbox?.messages ?? [];
    expect(sent?.messageId).toBe(first.id);
    expect(waiting.every((message) => message.messageId === undefined)).toBe(true);
    expect(news).toHaveLength(sent?.itemIds.length ?? -1);
    const firstText = messageText(first);
    for (const record of news) expect(firstText).toContain(fresh.tokens.find((token) => record.title.includes(token)) ?? '(no token)');
  });

  it('when a scheduled digest is stuck on a feed that never answers: "shutdown deadline passed", exit 1', { timeout: 180_000 }, async ({ onTestFinished: defer }) => {
    const setup = await setUp(defer, 'stuck-feed', { holdFeed: true, env: { DIGEST_CRON: '* * * * * *', FEED_TIMEOUT_MS: '60000', SHUTDOWN_TIMEOUT_MS: '2000' } });
    const { feed, bot } = setup;
    await until(() => feed.waiting() > 0, 'a scheduled run stuck reading the feed', SLOW);
    await terminateTwice(bot);
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(logEntries(bot, 'shutdown deadline passed')).toMatchObject([{ step: 'discord' }]);
    expect(logEntries(bot, 'stopped')).toEqual([]);
  });
});
