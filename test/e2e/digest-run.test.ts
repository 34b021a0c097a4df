import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { getGuildSettings, updateGuildSettings } from '../../src/digest/guilds.ts';
import { MAX_DIGEST_ITEMS } from '../../src/digest/state.ts';
import { trackedFeeds } from '../../src/digest/collect/tracked-feeds.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { silentLogger } from '../../src/log.ts';
import type { StoredMessage } from '../double/index.ts';
import { startTestBot } from '../support/bot-harness.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  answer, digestMessages, digestNowIn, expectTokenNeverLeaked, expectWellFormedDigests, liveFeed, markerOf, messageText, movableClock,
  newsItem, occurrences, relevantBatch, setupPayload, slash,
} from './digest-support.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

/** /digest now, preview and delivery through Discord's failures, with the real bot, a local feed and a SQLite store. */

const SEEDED = 'IBM closes its China research lab as decoupling deepens';
const MICROSOFT = 'Microsoft closes its Shanghai AI lab amid US-China tensions';
const HOSTILE = '@everyone <@123456789012345678> **Nvidia** [click](javascript:alert(1)) H20 export controls China';
const IRRELEVANT = 'Local bakery wins a regional pastry award';
const MESSAGES_ROUTE = 'POST /channels/:channelId/messages';

const scratch = useScratch('dw-e2e-run-');
let realKb: KnowledgeBase;
let worlds = 0;

beforeAll(async () => {
  realKb = await loadRealKb();
});

afterAll(async () => {
  await closeParsePool();
});

/**
 * A fresh world for one case: a local default feed with two relevant items, the bot on a new store with its clock
 * under the test's control, and the digest set up (all stopped after the case).
 */
async function world() {
  const server = await startFeedServer();
  scratch.defer(() => server.close());
  const wire = liveFeed(server, '/wire.xml', [newsItem(SEEDED), newsItem('Nvidia export controls tighten on H100 sales to China')]);
  const kb: KnowledgeBase = Object.freeze({ ...realKb, feeds: [{ id: 'local-wire', label: 'Local wire', url: wire.url, language: 'en' as const, verified: true }] });
  const clock = movableClock();
  worlds += 1;
  // Delivery through failures is tested on digests of several messages from the one feed: none is capped here
  // (test/e2e/digest-floods.test.ts tests the caps).
  const t = await startTestBot({ kb, digest: { storePath: scratch.file(`store-${worlds}.sqlite`), now: clock.now, env: { DIGEST_MAX_ITEMS_PER_FEED: '50' } } });
  scratch.defer(() => t.close());
  const setup = await answer(t, setupPayload(t, { language: 'en' }));
  expect(setup.text).toContain('✅ The digest will be posted');
  await updateGuildSettings(t.store!, t.discord.guildId, (settings) => ({ ...settings, maxItems: MAX_DIGEST_ITEMS }));
  return { server, wire, kb, clock, t };
}

type World = Awaited<ReturnType<typeof world>>;

const digestNow = digestNowIn;

/** A world whose feed was seeded by a first run: what it held then is never posted, what comes next is. */
async function arrangeSeeded(): Promise<World> {
  const w = await world();
  const seeded = await digestNow(w);
  expect(seeded.text).toBe('Nothing new to post: every relevant item was already delivered.');
  return w;
}

/** A seeded world that then delivered the Microsoft and hostile items (the bakery one was dropped) in one message. */
async function arrangeDelivered(): Promise<World> {
  const w = await arrangeSeeded();
  w.wire.add(newsItem(MICROSOFT), newsItem(HOSTILE), newsItem(IRRELEVANT));
  const run = await digestNow(w);
  expect(run.text).toBe(`Digest posted in <#${w.t.discord.channelId}>: 2 item(s) in 1 message(s).`);
  return w;
}

const itemLine = (message: StoredMessage, needle: string) => messageText(message).split('\n').find((line) => line.includes(needle));

describe('/digest now', () => {
  it('seeds the feeds on their first fetch: nothing is posted', async () => {
    const w = await world();
    const { t, wire } = w;
    const reply = await digestNow(w);
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toBe('Nothing new to post: every relevant item was already delivered.');
    expect(wire.fetches()).toBe(1);
    expect(t.discord.messagesIn()).toEqual([]);
  });

  it('posts the new relevant items once, grouped, pinging nobody, with hostile feed text made inert', async () => {
    const w = await arrangeSeeded();
    const { t, wire, kb } = w;
    wire.add(newsItem(MICROSOFT), newsItem(HOSTILE), newsItem(IRRELEVANT));
    const reply = await digestNow(w);
    expect(reply.text).toBe(`Digest posted in <#${t.discord.channelId}>: 2 item(s) in 1 message(s).`);
    expect(wire.fetches()).toBe(2);

    const posted = t.discord.messagesIn();
    expect(posted).toHaveLength(1);
    const [digest] = digestMessages(t);
    expect(digest).toBeDefined();
    const message = digest!;
    expect(message.author.id).toBe(t.discord.botUserId);
    expect(markerOf(message)).toMatchObject({ index: 1, total: 1 });
    expectWellFormedDigests([message]);

    expect(occurrences([message], MICROSOFT)).toBe(1);
    expect(occurrences([message], 'H20 export controls China')).toBe(1);
    expect(occurrences([message], 'bakery')).toBe(0);
    expect(occurrences([message], 'IBM closes')).toBe(0);

    // A header first, then the items under their group's heading.
    const [header, ...groups] = message.embeds;
    expect(header?.title).toMatch(/^📰 /);
    expect(header?.description).toContain('2 items');
    const groupNames = new Set(['⚠️ Possible new retreats', ...kb.dimensions.map((dimension) => dimension.name.en), 'Other news']);
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(groupNames.has((group.title ?? '').replace(/ \(cont\.\)$/, ''))).toBe(true);
    expect(groups.map((group) => group.description ?? '').join('\n')).toContain(MICROSOFT);

    const hostile = itemLine(message, 'H20 export controls China') ?? '';
    expect(hostile).not.toContain('](javascript:');
    expect(hostile).toContain('\\[click\\]');
    expect(hostile).toContain('\\*\\*Nvidia\\*\\*');
    expect(hostile).not.toMatch(/@everyone|<@!?\d{17,20}>/);
    // No markdown link anywhere but to an http(s) address.
    expect(messageText(message)).not.toMatch(/(?<!\\)\]\((?!https?:\/\/)/);
  });

  it('says “nothing new” on the next run and posts nothing', async () => {
    const w = await arrangeDelivered();
    const { t, wire } = w;
    const reply = await digestNow(w);
    expect(reply.text).toBe('Nothing new to post: every relevant item was already delivered.');
    expect(wire.fetches()).toBe(3);
    expect(t.discord.messagesIn()).toHaveLength(1);
  });

  it('/company shows the delivered item among the company’s latest news', async () => {
    const { t } = await arrangeDelivered();
    const first = await answer(t, t.discord.chatInput({ name: 'company', options: { name: 'microsoft' } }));
    const pages = [first.message];
    // Turn the pages until the one with the latest news.
    while (!pages.some((page) => page.embeds.some((embed) => embed.title === 'Latest news'))) {
      const last = pages.at(-1)!;
      const next = (last.components as APIActionRowComponent<APIButtonComponent>[]).flatMap((row) => row.components).at(-1);
      if (next === undefined || !('custom_id' in next) || next.disabled === true) break;
      const handle = t.discord.dispatchInteraction(t.discord.button({ customId: next.custom_id, message: { ...last, channel_id: last.channelId } as never }));
      await handle.waitForCallback();
      pages.push(handle.original()!);
    }
    const news = pages.flatMap((page) => page.embeds).find((embed) => embed.title === 'Latest news');
    expect(news?.description).toContain(MICROSOFT);
    expect(news?.description).not.toContain('bakery');
  });
});

describe('/digest preview', () => {
  it('shows privately what the next digest would post, changes nothing, and /digest now then posts exactly that', async () => {
    const { t, wire, kb, clock } = await arrangeSeeded();
    const title = 'Alibaba closes its Hangzhou cloud lab as US-China chip curbs bite';
    wire.add(newsItem(title));
    // Another server's run (here, the collection alone) fetched the shared default feed: the item waits in the pool.
    clock.advance(11 * MINUTE);
    const settings = await getGuildSettings(t.store!, t.discord.guildId);
    await collectFeeds({ kb, store: t.store!, now: clock.now, log: silentLogger }, trackedFeeds(kb, settings!), { allowPrivate: true });
    const fetches = wire.fetches();
    const before = t.discord.messagesIn().length;

    const preview = await answer(t, slash(t, 'digest', 'preview'));
    expect(preview.ephemeral).toBe(true);
    expect(preview.callbackType).toBe(5);
    expect(preview.text).toContain(title);
    expect(preview.embeds[0]?.title).toMatch(/^📰 /);
    expect(t.discord.messagesIn()).toHaveLength(before);
    const again = await answer(t, slash(t, 'digest', 'preview'));
    expect(again.embeds.map((embed) => embed.description)).toEqual(preview.embeds.map((embed) => embed.description));

    // Within 10 minutes of that fetch the feed is not fetched again: the run posts the pooled item.
    const run = await answer(t, slash(t, 'digest', 'now'), 15_000);
    expect(run.text).toBe(`Digest posted in <#${t.discord.channelId}>: 1 item(s) in 1 message(s).`);
    expect(wire.fetches()).toBe(fetches);
    expect(occurrences(t.discord.messagesIn(), title)).toBe(1);

    const empty = await answer(t, slash(t, 'digest', 'preview', {}, { locale: 'fr' }));
    expect(empty.ephemeral).toBe(true);
    expect(empty.text).not.toContain(title);
    expect(t.discord.messagesIn()).toHaveLength(before + 1);
  });
});

describe('delivery through Discord’s failures', () => {
  it('with 429s (route and global) and 500s on message posts, delivers every message exactly once', async () => {
    const w = await arrangeSeeded();
    const { t, wire, kb } = w;
    const { items, tokens } = relevantBatch(kb, 'r', 30);
    wire.add(...items);
    const before = t.discord.messagesIn().length;
    t.discord.faults.rateLimit(MESSAGES_ROUTE, { retryAfterSeconds: 0.2 });
    t.discord.faults.rateLimit(MESSAGES_ROUTE, { retryAfterSeconds: 0.2, scope: 'global' });
    t.discord.faults.serverError(MESSAGES_ROUTE, { count: 2 });
    t.discord.faults.serverError(MESSAGES_ROUTE, { count: 1, status: 502 });

    const reply = await digestNow(w);
    const sent = Number(/in (\d+) message\(s\)/.exec(reply.text)?.[1]);
    expect(reply.text).toBe(`Digest posted in <#${t.discord.channelId}>: 30 item(s) in ${sent} message(s).`);
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(t.discord.faults.pending()).toEqual([]);
    const faults = t.discord.requestsTo(MESSAGES_ROUTE).map((request) => request.fault).filter((fault) => fault !== null);
    expect(faults).toEqual(['rate-limit', 'rate-limit', 'server-error', 'server-error', 'server-error']);

    const posted = t.discord.messagesIn().slice(0, t.discord.messagesIn().length - before);
    expect(posted).toHaveLength(sent);
    for (const token of tokens) expect(occurrences(posted, token), token).toBe(1);
    expectWellFormedDigests(digestMessages(t));
  });

  it('refused by Discord (403), reports the problem in the user’s language and keeps the rest; once allowed, sends exactly the rest', async () => {
    const w = await arrangeSeeded();
    const { t, wire, kb } = w;
    const { items, tokens } = relevantBatch(kb, 'd', 30);
    wire.add(...items);
    const before = digestMessages(t).length;
    // Posting is denied right after the first message of this digest is accepted.
    const denied = t.discord.waitForMessage((message) => tokens.some((token) => messageText(message).includes(token)), { timeoutMs: 10_000 })
      .then(() => t.discord.faults.denyMessages());

    const reply = await digestNow(w, 'fr');
    await denied;
    expect(reply.ephemeral).toBe(true);
    expect(reply.text).toMatch(/^Le résumé n’a pas pu être publié en entier\u00a0: Le bot ne peut pas publier dans <#\d+>\u00a0: il lui faut les permissions Voir le salon, Envoyer des messages et Intégrer des liens\. La suite du résumé partira au prochain passage\.$/);
    const firstPart = digestMessages(t).slice(before);
    expect(firstPart).toHaveLength(1);
    const total = markerOf(firstPart[0]!).total;
    expect(total).toBeGreaterThanOrEqual(2);
    const deliveredFirst = tokens.filter((token) => occurrences(firstPart, token) === 1);

    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.text).toMatch(/Last run: <t:\d+:R> — ⚠️ The bot cannot post in <#\d+>/);
    expect(status.text).toContain(`Waiting to be sent: ${total - 1} message(s), ${30 - deliveredFirst.length} item(s)`);

    t.discord.faults.allowMessages();
    const retry = await answer(t, slash(t, 'digest', 'now'), 15_000);
    expect(retry.text).toBe(`Digest posted in <#${t.discord.channelId}>: ${30 - deliveredFirst.length} item(s) in ${total - 1} message(s).`);
    const all = digestMessages(t).slice(before);
    expect(all.map((message) => markerOf(message).index)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const token of tokens) expect(occurrences(all, token), token).toBe(1);
    expectWellFormedDigests(digestMessages(t));

    const cleared = await answer(t, slash(t, 'digest', 'status'));
    expect(cleared.text).not.toContain('Waiting to be sent');
  });

  it('survives a gateway drop in the middle of a run: the session resumes and the digest completes exactly once', async () => {
    const { t, wire, kb, clock } = await arrangeSeeded();
    const { items, tokens } = relevantBatch(kb, 'g', 30);
    wire.add(...items);
    const before = digestMessages(t).length;
    const sessions = t.discord.gateway.sessions().length;
    const resumes = t.discord.gateway.sessions().reduce((sum, session) => sum + session.resumes, 0);
    const requestsBefore = t.discord.state.requests.length;
    // The first post waits out a 429 while the connection drops.
    t.discord.faults.rateLimit(MESSAGES_ROUTE, { retryAfterSeconds: 0.5 });
    clock.advance(11 * MINUTE);
    const handle = t.discord.dispatchInteraction(slash(t, 'digest', 'now'));
    await t.discord.waitFor(() => t.discord.state.requests.slice(requestsBefore).find((request) => request.fault === 'rate-limit'), { timeoutMs: 10_000 });
    t.discord.gateway.drop();

    await t.discord.gateway.waitForResumes(resumes + 1, { timeoutMs: 10_000 });
    await handle.waitForEdit(1, { timeoutMs: 15_000 });
    expect(handle.original()?.content).toMatch(/^Digest posted in <#\d+>: 30 item\(s\) in \d+ message\(s\)\.$/);
    expect(t.discord.gateway.sessions()).toHaveLength(sessions);

    const posted = digestMessages(t).slice(before);
    expect(posted.length).toBe(markerOf(posted[0]!).total);
    for (const token of tokens) expect(occurrences(posted, token), token).toBe(1);
    expectWellFormedDigests(digestMessages(t));

    // The resumed session still receives commands.
    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.text).toContain('30 item(s) delivered');
  });
});

describe('secrets', () => {
  it('after a seeding run and a delivered digest, the bot token is in no log line, reply or message the double received', async () => {
    const { t } = await arrangeDelivered();
    expectTokenNeverLeaked(t);
  });
});
