import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MIN_REFETCH_MS } from '../../src/digest/collect/types.ts';
import { feedKeyOf } from '../../src/digest/collect/feed-state.ts';
import { recentNews } from '../../src/digest/deliver/news.ts';
import { updateGuildSettings } from '../../src/digest/guilds.ts';
import { MAX_DIGEST_ITEMS, type FeedState, type Outbox } from '../../src/digest/state.ts';
import { dedupeItems } from '../../src/feeds/identify/same-story.ts';
import { tagItem } from '../../src/feeds/tag/relevance.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { openStore } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type StoredMessage } from '../double/index.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20, type XmlItem } from '../support/feed-xml.ts';
import { botHome, launchBot, logEntries, MAIN, nodeArgs, type BotHome } from '../support/bot-process.ts';
import { launchInGroup } from '../support/process-group.ts';
import { loadRealKb, REAL_DATA_DIR } from '../support/real-kb.ts';
import { useScratch } from '../support/scratch.ts';

const FEED_PATH = '/feed.xml';
/** New relevant items: several digest messages' worth, within the most one digest may show (MAX_DIGEST_ITEMS). */
const NEW_ITEMS = 48;
/** Digest posts are held to one per this many ms (the double's rate limit), so a kill lands between two of them. */
const POST_SPACING_MS = 1000;
/** How long to wait for the bot process: start-up through tsx takes seconds, and far more on a loaded machine. */
const SLOW = 60_000;

type Defer = (cleanup: () => Promise<void>) => void;

let kb: KnowledgeBase;
const scratch = useScratch('dw-crash-bot-');
beforeAll(async () => {
  kb = await loadRealKb();
});

const COMPANIES = ['Microsoft', 'IBM', 'Nvidia', 'Oracle', 'Micron', 'Google', 'Amazon Web Services', 'Tencent', 'Alibaba', 'Baidu'];
const ACTIONS = [
  'closes its research lab in Shanghai',
  'moves AI researchers out of Beijing',
  'halts chip sales to China over export controls',
  'winds down cloud deployment in Shenzhen',
  'cuts jobs at its Chinese engineering center',
];

/** A feed item with a token of its own ("Qx0007k") that no other text contains. */
interface TestItem {
  readonly token: string;
  readonly title: string;
  readonly link: string;
  readonly guid: string;
  readonly description: string;
  readonly date: string;
}

let tokens = 0;
/** `count` relevant headlines, told apart by their tokens. */
function relevantItems(count: number, label: string): TestItem[] {
  return Array.from({ length: count }, (_, index) => {
    tokens += 1;
    const token = `Qx${String(tokens).padStart(4, '0')}k`;
    const company = COMPANIES[index % COMPANIES.length] ?? 'Microsoft';
    const action = ACTIONS[Math.floor(index / COMPANIES.length) % ACTIONS.length] ?? ACTIONS[0] ?? '';
    const link = `https://news.example.com/${label}/${token}`;
    return {
      token,
      title: `${token} ${company} ${action}`,
      link,
      guid: link,
      description: `Reported ${token}: what the move means for ${company}, its staff and its customers, and how it fits the wider pattern of American technology groups reducing their exposure in the country, as analysts expect more to follow.`,
      date: new Date(Date.now() - index * 60_000).toUTCString(),
    };
  });
}

/** The items the first fetch shows (seeded, never posted), then those plus the new ones. */
function makeFeed(server: FeedServer) {
  const seeded = relevantItems(5, 'seed');
  const fresh = relevantItems(NEW_ITEMS, 'new');
  let items: readonly XmlItem[] = seeded;
  server.route(FEED_PATH, (_request, response) => {
    const body = rss20({ title: 'Local test feed', items });
    response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  return { seeded, fresh, publishNew: () => void (items = [...fresh, ...seeded]) };
}

const MARKER = /dw·(\w+)·(\d+)\/(\d+)$/;
const markerOf = (message: StoredMessage) => MARKER.exec(message.embeds.at(-1)?.footer?.text ?? '');
const digestMessages = (double: DiscordDouble) => double.messagesIn().filter((message) => markerOf(message) !== null);
const textOf = (message: StoredMessage) =>
  [message.content, ...message.embeds.flatMap((embed) => [embed.title, embed.description, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])])].join('\n');

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Runs collect → digest every second; the feed is fetched at most once per DEFAULT_MIN_REFETCH_MS (10 minutes).
 * Instead of waiting that long, the test moves the feed's last fetch back by as much, in the store the bot uses
 * (again if a run of the bot wrote its own copy of the state in between).
 */
async function fastForwardRefetch(file: string, feedUrl: string, server: FeedServer): Promise<void> {
  const fetchesBefore = server.requestsTo(FEED_PATH).length;
  for (let attempt = 1; ; attempt += 1) {
    const store = await openStore(`sqlite://${file}`);
    try {
      await store.namespace<FeedState>('feeds').update(feedKeyOf(feedUrl), (state) => {
        if (state === undefined) throw new Error('the feed has no state: it was never fetched');
        return { ...state, lastFetchAt: new Date(Date.now() - DEFAULT_MIN_REFETCH_MS - 60_000).toISOString() };
      });
    } finally {
      await store.close();
    }
    try {
      await until('the next fetch of the feed', () => server.requestsTo(FEED_PATH).length > fetchesBefore, 5000);
      return;
    } catch (error) {
      if (attempt === 4) throw error;
    }
  }
}

/** Sets the server's item cap to the most a digest may show, in the store the running bot uses. */
async function showAllItems(file: string, guildId: string): Promise<void> {
  const store = await openStore(`sqlite://${file}`);
  try {
    const changed = await updateGuildSettings(store, guildId, (settings) => ({ ...settings, maxItems: MAX_DIGEST_ITEMS }));
    if (changed === undefined) throw new Error('the server has no settings');
  } finally {
    await store.close();
  }
}

async function setUpBot(defer: Defer, name: string) {
  const double = await startDiscordDouble({ rateLimit: { limit: 1, windowMs: POST_SPACING_MS } });
  defer(() => double.close());
  const server = await startFeedServer();
  defer(() => server.close());
  const feed = makeFeed(server);
  const feedUrl = server.url(FEED_PATH);
  // A digest of several messages to kill in the middle of: no item of the one feed is held back by the caps.
  const setup: BotHome = await botHome(path.join(scratch.dir, name), double, [{ label: 'Local Test Feed', url: feedUrl }], {
    DIGEST_CRON: '* * * * * *', DIGEST_MAX_MESSAGES: '20', DIGEST_MAX_ITEMS_PER_FEED: '100',
  });
  return { double, server, feed, feedUrl, setup };
}

describe('the bot process killed with SIGKILL in the middle of a digest, then started again', () => {
  it('the test feed is what the bot keeps: every new item relevant to the real knowledge base, and a story of its own', () => {
    const items = relevantItems(NEW_ITEMS + 5, 'check').map((item) => ({ title: item.title, summary: item.description, link: item.link }));
    expect(items.filter((item) => !tagItem(kb, item).kept)).toEqual([]);
    expect(dedupeItems(items)).toHaveLength(items.length);
  });

  it.concurrent.for([
    { moment: 'after the first message', killAfter: (_total: number) => 1 },
    { moment: 'mid-way', killAfter: (total: number) => Math.ceil(total / 2) },
    { moment: 'before the last message', killAfter: (total: number) => total - 1 },
  ])('killed $moment: the restart resumes the digest and every new item is posted exactly once', { timeout: 240_000 }, async (scenario, { expect, onTestFinished: defer }) => {
    const { double, server, feed, feedUrl, setup } = await setUpBot(defer, scenario.moment.replaceAll(' ', '-'));

    // First run: the feed's first fetch is recorded, nothing is posted.
    const first = launchBot(defer, setup);
    await first.waitForOutput(/"message":"digest run"[^\n]*"outcome":"nothing-new"/, SLOW);
    expect(server.requestsTo(FEED_PATH)).toHaveLength(1);
    expect(double.messagesIn()).toEqual([]);

    // The server shows every new item in one digest (as /digest setup items: would set it).
    await showAllItems(setup.storeFile, double.guildId);
    // New items appear; the next fetch pools them and the digest starts going out, one message per POST_SPACING_MS.
    feed.publishNew();
    await fastForwardRefetch(setup.storeFile, feedUrl, server);
    const opening = await double.waitForMessage((message) => markerOf(message) !== null, { timeoutMs: SLOW });
    const total = Number(markerOf(opening)?.[3]);
    expect(total).toBeGreaterThanOrEqual(4);
    const killAfter = scenario.killAfter(total);
    await double.waitFor(() => (digestMessages(double).length >= killAfter ? true : undefined), { timeoutMs: SLOW, what: `${killAfter} digest message(s)` });
    expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

    expect(digestMessages(double).length).toBeLessThan(total);
    const outbox = await readOutbox(setup.storeFile, double.guildId);
    expect(outbox?.messages).toHaveLength(total);
    expect(outbox?.messages.filter((message) => message.messageId === undefined).length).toBeGreaterThan(0);

    // The restart finishes the digest before anything else, then later runs find nothing new.
    const second = launchBot(defer, setup);
    await second.waitForOutput(/"message":"interrupted digest resumed"/, SLOW);
    const [resumed] = logEntries(second, 'interrupted digest resumed');
    expect(resumed).toMatchObject({ guildId: double.guildId, ok: true, pending: 0 });
    expect(resumed?.['sent']).toBeGreaterThanOrEqual(1);
    await double.waitFor(() => (digestMessages(double).length >= total ? true : undefined), { timeoutMs: SLOW, what: 'the whole digest' });
    const runsBefore = logEntries(second, 'digest run').filter((entry) => entry['outcome'] !== undefined).length;
    await until('a later run of the restarted bot', () => logEntries(second, 'digest run').filter((entry) => entry['outcome'] === 'nothing-new').length > runsBefore, SLOW);
    // SIGTERM to the whole group reaches the bot directly and, relayed by tsx, a second time: the stop is clean.
    expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(logEntries(second, 'stopped')).toMatchObject([{ ok: true }]);

    const texts = double.messagesIn().map(textOf);
    expect(feed.fresh.map((item) => texts.filter((text) => text.includes(item.token)).length)).toEqual(feed.fresh.map(() => 1));
    expect(feed.seeded.filter((item) => texts.some((text) => text.includes(item.token)))).toEqual([]);
    expect(new Set(texts).size).toBe(texts.length);
    expect(double.requestsTo('POST /channels/:channelId/messages').filter((request) => request.status === 200)).toHaveLength(total);
    expect(digestMessages(double).map((message) => Number(markerOf(message)?.[2])).reverse()).toEqual(Array.from({ length: total }, (_, index) => index + 1));

    const store = await openStore(`sqlite://${setup.storeFile}`);
    try {
      expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
      const news = await recentNews(store, double.guildId);
      expect(news.map((record) => record.title).sort()).toEqual(feed.fresh.map((item) => item.title).sort());
    } finally {
      await store.close();
    }
  });

  it('with a corrupt store file, exits 1 before contacting Discord, naming the file, without a stack trace', { timeout: 120_000 }, async ({ onTestFinished: defer }) => {
    const home = scratch.file('corrupt');
    await mkdir(home, { recursive: true });
    const storeFile = path.join(home, 'state.sqlite');
    await writeFile(storeFile, randomBytes(8192));
    const double = await startDiscordDouble();
    defer(() => double.close());
    const bot = launchInGroup(process.execPath, nodeArgs(MAIN), {
      cwd: home,
      defer,
      env: {
        PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
        DISCORD_TOKEN: double.token, DISCORD_API_BASE: double.apiBase, DATA_DIR: REAL_DATA_DIR, STORE_URL: `sqlite://${storeFile}`,
      },
    });
    expect(await bot.exited).toEqual({ code: 1, signal: null });
    expect(bot.stderr()).toContain(`${storeFile} is not a SQLite database`);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
    expect(double.requestsTo('GET /gateway/bot')).toEqual([]);
  });
});

async function readOutbox(file: string, guildId: string): Promise<Outbox | undefined> {
  const store = await openStore(`sqlite://${file}`);
  try {
    return await store.namespace<Outbox>('outbox').get(guildId);
  } finally {
    await store.close();
  }
}
