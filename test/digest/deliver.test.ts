import type { APIEmbed, REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { DigestLimits } from '../../src/digest/compose/compose.ts';
import { deliverOutbox, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { getGuildSettings, saveGuildSettings } from '../../src/digest/guilds.ts';
import { readLeads } from '../../src/digest/deliver/leads.ts';
import { recentNews } from '../../src/digest/deliver/news.ts';
import { runGuildDigest } from '../../src/digest/run/run.ts';
import { deliveredKey, POOL_KEY, type GuildSettings, type Outbox } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { silentLogger } from '../../src/log.ts';
import type { Namespace, NamespaceName, Store } from '../../src/store/index.ts';
import type { DiscordDouble, StoredMessage } from '../double/index.ts';
import { startDeliveryWorld } from '../support/delivery-world.ts';
import { useScratch } from '../support/scratch.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { HOUR } from '../support/time.ts';

const kb = fixtureKb();
const FEED = kb.feeds[0]?.url ?? '';
const POSTS = 'POST /channels/:channelId/messages';
/** Delivery is tested on digests of several messages from one feed: limits wide enough that none is capped. */
const ROOMY: DigestLimits = { maxMessages: 20, maxItemsPerFeed: 100, maxItems: 1_000 };

const scratch = useScratch('dw-deliver-');

interface Setup {
  readonly double: DiscordDouble;
  readonly store: Store;
  readonly rest: REST;
  readonly poster: DiscordPoster;
  readonly clock: { now: number };
  readonly deps: { kb: typeof kb; store: Store; poster: DiscordPoster; log: typeof silentLogger; now: () => Date; limits: DigestLimits };
}

let storeCount = 0;
async function setup(options: { store?: (store: Store) => Store } = {}): Promise<Setup> {
  storeCount += 1;
  const { double, store: real, rest, poster } = await startDeliveryWorld(scratch, `deliver-${storeCount}`);
  const store = options.store?.(real) ?? real;
  const clock = { now: Date.parse('2025-11-21T08:00:00Z') };
  const deps = { kb, store, poster, log: silentLogger, now: () => new Date(clock.now), limits: ROOMY };
  await saveGuildSettings(store, settingsFor(double, clock.now));
  return { double, store, rest, poster, clock, deps };
}

function settingsFor(double: DiscordDouble, now: number, extra: Partial<GuildSettings> = {}): GuildSettings {
  return {
    guildId: double.guildId, channelId: double.channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true,
    feeds: [], since: new Date(now - 24 * HOUR).toISOString(), ...extra,
  };
}

let itemCounter = 0;
/** `count` items with unique title tokens ("Zq17x"), long enough that a digest spans several messages. */
function makeItems(count: number, firstSeenAt: number, title: (token: string, index: number) => string = (token) => token): DigestItem[] {
  return Array.from({ length: count }, (_, index) => {
    itemCounter += 1;
    const token = `Zq${itemCounter}x`;
    const words = ['export', 'controls', 'research', 'laboratory', 'semiconductor', 'relocation', 'talent', 'cloud'];
    return {
      id: `item-${itemCounter}`,
      title: `${title(token, index)} ${words.map((word, w) => `${word}${(itemCounter * 7 + w) % 97}`).join(' ')} ${'headline '.repeat(20)}`,
      summary: `Summary about ${words[index % words.length]} ${'and more context '.repeat(12)}`,
      link: `https://news.example.com/story/${itemCounter}`,
      publishedAt: new Date(firstSeenAt - 10 * 60_000).toISOString(),
      firstSeenAt: new Date(firstSeenAt).toISOString(),
      feedUrl: FEED,
      feedLabel: 'Example Tech',
      companies: [['aws', 'microsoft', 'ibm'][index % 3] ?? 'aws'],
      dimensions: [['talent', 'compute', 'ecosystem', 'governance'][index % 4] ?? 'talent'],
      score: 3 + (index % 5),
      reasons: ['company'],
      possibleRetreat: index % 9 === 0,
    };
  });
}

async function pool(store: Store, items: readonly DigestItem[]): Promise<void> {
  await store.namespace<DigestItem[]>('history').update(POOL_KEY, (current) => [...items, ...(current ?? [])]);
}

function token(item: DigestItem): string {
  return item.title.split(' ')[0] ?? '';
}

function embedText(embeds: readonly APIEmbed[]): string {
  return embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n')).join('\n');
}

/** Channel messages oldest first. */
function channel(double: DiscordDouble): StoredMessage[] {
  return double.messagesIn().reverse();
}

/** How many channel messages carry each item's title token: 1 for every item means each was delivered exactly once. */
function deliveries(double: DiscordDouble, items: readonly DigestItem[]): number[] {
  const texts = channel(double).map((message) => embedText(message.embeds));
  return items.map((item) => texts.filter((text) => text.includes(token(item))).length);
}

async function deliveredIds(store: Store, channelId: string, items: readonly DigestItem[]): Promise<string[]> {
  const marks = await store.namespace<string>('history').getMany(items.map((item) => deliveredKey(channelId, item.id)));
  return items.filter((_item, index) => marks[index] !== undefined).map((item) => item.id);
}

/** Items carried by the channel's messages (by title token). */
function itemsInChannel(double: DiscordDouble, items: readonly DigestItem[]): DigestItem[] {
  return items.filter((_item, index) => (deliveries(double, items)[index] ?? 0) > 0);
}

/** A poster that runs `before(n)` just before its n-th post (1-based), e.g. to program a fault for that request. */
function posterWithHooks(poster: DiscordPoster, before: (n: number) => void): DiscordPoster {
  let posts = 0;
  return {
    postMessage: (channelId, body) => {
      posts += 1;
      before(posts);
      return poster.postMessage(channelId, body);
    },
    recentMessages: (channelId, limit) => poster.recentMessages(channelId, limit),
  };
}

describe('deliverOutbox through runGuildDigest, with the real REST client', () => {
  it('delivers a several-message digest in order, each item exactly once, records news and deletes the outbox, pinging nobody', async () => {
    const { double, store, deps, clock } = await setup();
    const hostile = ['@everyone', '@here', `<@${double.userId}>`, `<@&${double.guildId}>`];
    const items = makeItems(30, clock.now - HOUR, (t, index) => `${t} ${hostile[index % hostile.length] ?? ''}`);
    await pool(store, items);

    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });

    expect(result).toMatchObject({ outcome: 'delivered', ok: true, delivered: 30, pending: 0, items: 30 });
    const messages = channel(double);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(result.sent).toBe(messages.length);
    const markers = messages.map((message) => message.embeds.at(-1)?.footer?.text?.match(/dw·(\w+)·(\d+)\/(\d+)$/));
    const runIds = new Set(markers.map((marker) => marker?.[1]));
    expect(runIds.size).toBe(1);
    expect(markers.map((marker) => `${marker?.[2]}/${marker?.[3]}`)).toEqual(messages.map((_m, i) => `${i + 1}/${messages.length}`));
    expect(deliveries(double, items)).toEqual(items.map(() => 1));

    const posts = double.requestsTo(POSTS);
    expect(posts).toHaveLength(messages.length);
    for (const post of posts) {
      const body = post.body as { allowed_mentions: unknown; nonce: string; enforce_nonce: boolean };
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.enforce_nonce).toBe(true);
      expect(body.nonce.length).toBeLessThanOrEqual(25);
    }
    expect(new Set(posts.map((post) => (post.body as { nonce: string }).nonce)).size).toBe(posts.length);
    for (const message of messages) expect(message.pings).toEqual({ users: [], roles: [], everyone: false });

    expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
    expect((await deliveredIds(store, double.channelId, items)).sort()).toEqual(items.map((item) => item.id).sort());
    const news = await recentNews(store, double.guildId);
    expect(news.map((record) => record.itemId).sort()).toEqual(items.map((item) => item.id).sort());
    expect(news[0]).toMatchObject({ feedLabel: 'Example Tech', deliveredAt: new Date(clock.now).toISOString() });
    expect((await getGuildSettings(store, double.guildId))?.lastRun).toEqual({ at: new Date(clock.now).toISOString(), ok: true, delivered: 30, pending: 0 });
  });

  it('rides out 429s (route and global scope), 500, 502 and connection resets: nothing lost, nothing doubled', async () => {
    const base = await setup();
    const { double, store, clock } = base;
    const faults: Record<number, () => void> = {
      1: () => double.faults.rateLimit(POSTS, { retryAfterSeconds: 0.1 }),
      2: () => double.faults.rateLimit(POSTS, { retryAfterSeconds: 0.1, scope: 'global' }),
      3: () => {
        double.faults.serverError(POSTS, { status: 500 });
        double.faults.serverError(POSTS, { status: 502 });
        double.faults.resetConnection(POSTS);
      },
      4: () => double.faults.resetConnection(POSTS, { count: 2 }),
    };
    const deps = { ...base.deps, poster: posterWithHooks(base.poster, (n) => faults[n]?.()) };
    const items = makeItems(36, clock.now - HOUR);
    await pool(store, items);

    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });

    expect(result).toMatchObject({ outcome: 'delivered', delivered: 36, pending: 0 });
    expect(result.sent).toBeGreaterThanOrEqual(4);
    expect(double.faults.pending()).toEqual([]);
    const posts = double.requestsTo(POSTS);
    expect(posts.filter((post) => post.fault !== null).map((post) => [post.fault, post.status])).toEqual([
      ['rate-limit', 429], ['rate-limit', 429], ['server-error', 500], ['server-error', 502], ['reset', null], ['reset', null], ['reset', null],
    ]);
    expect(channel(double)).toHaveLength(result.sent);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  });

  it('stops on a persistent 5xx, keeps the rest in the outbox, marks only what Discord accepted, and sends exactly the rest first on the next run', async () => {
    const base = await setup();
    const { double, store, clock } = base;
    const deps = { ...base.deps, poster: posterWithHooks(base.poster, (n) => n === 2 && double.faults.serverError(POSTS, { count: 4, status: 503 })) };
    const first = makeItems(30, clock.now - HOUR);
    await pool(store, first);

    const failed = await runGuildDigest(deps, double.guildId, { reason: 'test' });

    expect(failed).toMatchObject({ outcome: 'failed', ok: false, sent: 1, error: { code: 'discord-unavailable' } });
    expect(failed.pending).toBeGreaterThanOrEqual(2);
    expect(double.requestsTo(POSTS).map((post) => post.status)).toEqual([200, 503, 503, 503, 503]);
    const accepted = itemsInChannel(double, first);
    expect((await deliveredIds(store, double.channelId, first)).sort()).toEqual(accepted.map((item) => item.id).sort());
    expect((await recentNews(store, double.guildId)).map((record) => record.itemId).sort()).toEqual(accepted.map((item) => item.id).sort());
    // Only the possible retreats Discord accepted became leads.
    const acceptedLeads = accepted.filter((item) => item.possibleRetreat).map((item) => item.id).sort();
    expect(acceptedLeads.length).toBeGreaterThan(0);
    expect((await readLeads(store, double.guildId)).map((lead) => lead.id).sort()).toEqual(acceptedLeads);
    const outbox = await store.namespace<Outbox>('outbox').get(double.guildId);
    expect(outbox?.messages.map((message) => [message.attempted, message.messageId !== undefined])).toEqual(
      outbox?.messages.map((_message, index) => [index <= 1, index === 0]),
    );
    const lastRun = (await getGuildSettings(store, double.guildId))?.lastRun;
    expect(lastRun).toMatchObject({ ok: false, delivered: accepted.length, pending: failed.pending });
    expect(lastRun?.error?.en).toMatch(/HTTP 503/);
    expect(lastRun?.error?.fr).toMatch(/HTTP 503/);

    clock.now += 24 * HOUR;
    const second = makeItems(5, clock.now - HOUR);
    await pool(store, second);
    const resumed = await runGuildDigest(base.deps, double.guildId, { reason: 'test' });

    expect(resumed).toMatchObject({ outcome: 'delivered', ok: true, pending: 0, items: 5, resumed: { ok: true, sent: failed.pending } });
    expect(deliveries(double, [...first, ...second])).toEqual([...first, ...second].map(() => 1));
    const runs = channel(double).map((message) => message.embeds.at(-1)?.footer?.text?.match(/dw·(\w+)·/)?.[1]);
    const firstRun = runs[0];
    expect(runs.slice(0, (outbox?.messages.length ?? 0))).toEqual(runs.slice(0, outbox?.messages.length).map(() => firstRun));
    expect(runs.slice(outbox?.messages.length).every((run) => run !== firstRun)).toBe(true);
    expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
    const flagged = [...first, ...second].filter((item) => item.possibleRetreat).map((item) => item.id).sort();
    expect((await readLeads(store, double.guildId)).map((lead) => lead.id).sort()).toEqual(flagged);
  });

  it('reports Missing Permissions in both languages, marks nothing, and delivers everything once the bot may post', async () => {
    const { double, store, deps, clock } = await setup();
    const items = makeItems(12, clock.now - HOUR);
    await pool(store, items);
    double.faults.denyMessages();

    const denied = await runGuildDigest(deps, double.guildId, { reason: 'test' });

    expect(denied).toMatchObject({ outcome: 'failed', ok: false, sent: 0, delivered: 0, error: { code: 'missing-permissions' } });
    expect(denied.error?.message.en).toContain(`The bot cannot post in <#${double.channelId}>: it needs View Channel, Send Messages and Embed Links`);
    expect(denied.error?.message.fr).toContain(`<#${double.channelId}>`);
    expect(denied.error?.message.fr).toMatch(/Envoyer des messages/);
    expect(double.requestsTo(POSTS)).toHaveLength(1);
    expect(await deliveredIds(store, double.channelId, items)).toEqual([]);
    expect(await recentNews(store, double.guildId)).toEqual([]);
    expect((await getGuildSettings(store, double.guildId))?.lastRun?.error).toEqual(denied.error?.message);

    double.faults.allowMessages();
    clock.now += HOUR;
    const allowed = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(allowed).toMatchObject({ outcome: 'delivered', delivered: 12, resumed: { ok: true, delivered: 12 } });
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
  });

  it('reports a connection that keeps being reset as Discord being unreachable, and keeps the whole digest', async () => {
    const { double, store, deps, clock } = await setup();
    const items = makeItems(4, clock.now - HOUR);
    await pool(store, items);
    double.faults.resetConnection(POSTS, { count: 4 });
    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(result).toMatchObject({ outcome: 'failed', sent: 0, pending: 1, error: { code: 'network' } });
    expect(result.error?.message.en).toMatch(/^Discord could not be reached \(ECONNRESET\)/);
    expect(double.messagesIn()).toEqual([]);
    expect(await deliveredIds(store, double.channelId, items)).toEqual([]);
  });

  it('reports an unknown channel (10003) in both languages', async () => {
    const { double, store, deps, clock } = await setup();
    await saveGuildSettings(store, settingsFor(double, clock.now, { channelId: '123456789012345678' }));
    await pool(store, makeItems(3, clock.now - HOUR));
    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });
    expect(result.error?.code).toBe('unknown-channel');
    expect(result.error?.message.en).toContain('<#123456789012345678>');
    expect(result.error?.message.fr).toContain('<#123456789012345678>');
    expect(double.messagesIn()).toEqual([]);
  });
});

/** The store with writes to `namespace` rejecting while `failing(key, value)` says so. */
function failingWrites(store: Store, namespace: NamespaceName, failing: (key: string, value: unknown) => boolean): Store {
  return {
    location: store.location,
    purgeExpired: () => store.purgeExpired(),
    close: () => store.close(),
    namespace<T>(name: NamespaceName): Namespace<T> {
      const real = store.namespace<T>(name);
      if (name !== namespace) return real;
      return {
        ...real,
        name: real.name,
        get: (key) => real.get(key),
        getMany: (keys) => real.getMany(keys),
        has: (key) => real.has(key),
        delete: (key) => real.delete(key),
        set: (key, value, ttl) => (failing(key, value) ? Promise.reject(new Error('disk I/O error')) : real.set(key, value, ttl)),
        update: (key, next, ttl) => real.update(key, (current) => {
          const value = next(current);
          if (failing(key, value)) throw new Error('disk I/O error');
          return value;
        }, ttl),
      };
    },
  };
}

describe('store failures during delivery', () => {
  it('a failed "attempted" write stops before posting: nothing posted or marked for that message', async () => {
    let failOn: ((outbox: Outbox) => boolean) | undefined;
    const { double, store, deps, clock } = await setup({
      store: (real) => failingWrites(real, 'outbox', (_key, value) => failOn?.(value as Outbox) ?? false),
    });
    const items = makeItems(30, clock.now - HOUR);
    await pool(store, items);
    failOn = (outbox) => outbox.messages[1]?.attempted === true && outbox.messages[1].messageId === undefined;

    const result = await runGuildDigest(deps, double.guildId, { reason: 'test' });

    expect(result).toMatchObject({ outcome: 'failed', sent: 1, error: { code: 'store' } });
    expect(result.error?.message.fr).toMatch(/enregistré/);
    expect(channel(double)).toHaveLength(1);
    const accepted = itemsInChannel(double, items);
    expect((await deliveredIds(store, double.channelId, items)).sort()).toEqual(accepted.map((item) => item.id).sort());

    failOn = undefined;
    const next = await deliverOutbox(deps, double.guildId);
    expect(next).toMatchObject({ ok: true, pending: 0 });
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
  });

  it('a failed write after Discord accepted a message stops there; the next delivery finds the message and posts nothing twice', async () => {
    let failing = false;
    const { double, store, deps, clock } = await setup({
      store: (real) => failingWrites(real, 'history', (key) => failing && key.startsWith('delivered:')),
    });
    const items = makeItems(30, clock.now - HOUR);
    await pool(store, items);
    const poster = posterWithHooks(deps.poster, (n) => (failing = n === 2));

    const result = await runGuildDigest({ ...deps, poster }, double.guildId, { reason: 'test' });

    expect(result).toMatchObject({ outcome: 'failed', sent: 1, error: { code: 'store' } });
    expect(channel(double)).toHaveLength(2);
    failing = false;
    const next = await deliverOutbox(deps, double.guildId);
    expect(next).toMatchObject({ ok: true, pending: 0 });
    expect(next.sent).toBe(channel(double).length - 1);
    expect(double.requestsTo('GET /channels/:channelId/messages')).toHaveLength(1);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    expect((await deliveredIds(store, double.channelId, items)).length).toBe(items.length);
  });
});
