import { ChannelType, OverwriteType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getGuildSettings } from '../../src/digest/guilds.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  ADMIN, answer, asAnotherUser, digestMessages, expectWellFormedDigests, liveFeed, messageText, newsItem, occurrences, relevantBatch, setupPayload,
  slash, withLocalFeeds,
} from './digest-support.ts';
import { tempDir, type TempDir } from '../support/scratch.ts';

/**
 * Adding feeds and changing settings as admins really do it: feeds seeded at the add, and concurrent commands on a
 * new server that all land. Each case runs its own bot on its own SQLite store.
 */

let server: FeedServer;
let baseKb: KnowledgeBase;
let kb: KnowledgeBase;
const open: { t: TestBot; dir: TempDir }[] = [];

beforeAll(async () => {
  server = await startFeedServer();
  baseKb = await loadRealKb();
  const wire = liveFeed(server, '/default-wire.xml', [newsItem('IBM closes its China research lab as decoupling deepens')]);
  kb = withLocalFeeds(baseKb, [{ label: 'Local wire', url: wire.url }]);
});

afterEach(async () => {
  for (const { t, dir } of open.splice(0)) {
    await t.close();
    await dir.remove();
  }
});

afterAll(async () => {
  await server?.close();
  await closeParsePool();
});

async function bot(env: Record<string, string> = {}): Promise<TestBot> {
  const dir = await tempDir('dw-e2e-settings-');
  const t = await startTestBot({ kb, digest: { storePath: dir.file('store.sqlite'), env } });
  open.push({ t, dir });
  return t;
}

let routeCounter = 0;
const freshPath = (name: string) => `/${name}-${++routeCounter}.xml`;

describe('a feed added is a feed seeded', () => {
  it('posts exactly the items that appear after the add, at a /digest now right after it', async () => {
    const t = await bot();
    expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅');
    const before = relevantBatch(baseKb, 'old', 4);
    const feedA = liveFeed(server, freshPath('seed-a'), before.items.slice(0, 2));
    const feedB = liveFeed(server, freshPath('seed-b'), before.items.slice(2));
    for (const [feed, label] of [[feedA, 'Wire A'], [feedB, 'Wire B']] as const) {
      const added = await answer(t, slash(t, 'feeds', 'add', { url: feed.url, label }));
      expect(added.text).toContain(`✅ Now tracking “${label}”: 2 item(s) there now, 2 of them relevant. Items published from now on will appear`);
    }

    const after = relevantBatch(baseKb, 'new', 6);
    feedA.add(...after.items.slice(0, 3), newsItem('Local bakery wins a regional pastry award'));
    feedB.add(...after.items.slice(3));
    const run = await answer(t, slash(t, 'digest', 'now'), 20_000);
    expect(run.text).toContain('6 item');
    // Fetched again by the digest, though the add read it less than a minute before.
    expect(feedA.fetches()).toBe(2);
    expect(feedB.fetches()).toBe(2);

    const posted = digestMessages(t);
    expectWellFormedDigests(posted);
    for (const token of after.tokens) expect(occurrences(posted, token), token).toBe(1);
    for (const token of before.tokens) expect(occurrences(posted, token), token).toBe(0);
  });

  it('a feed empty at the add does not swallow its first real items', async () => {
    const t = await bot();
    await answer(t, setupPayload(t, { language: 'en' }));
    const feed = liveFeed(server, freshPath('empty'));
    expect((await answer(t, slash(t, 'feeds', 'add', { url: feed.url, label: 'Empty wire' }))).text).toContain('0 item(s) there now');
    const first = relevantBatch(baseKb, 'fill', 2);
    feed.add(...first.items);
    await answer(t, slash(t, 'digest', 'now'), 20_000);
    const posted = digestMessages(t);
    for (const token of first.tokens) expect(occurrences(posted, token), token).toBe(1);
  });
});

describe('settings change atomically', () => {
  it('/digest setup sent while slow /feeds add are fetching, on a new server: every change lands', async () => {
    const t = await bot();
    const slow = freshPath('slow');
    server.route(slow, respond({ body: rss20({ title: 'Slow', items: [newsItem('Huawei opens a chip plant')] }), headers: { 'content-type': 'application/rss+xml' }, delayMs: 800 }));
    const fast = [1, 2, 3].map((n) => liveFeed(server, freshPath(`fast-${n}`), [newsItem(`Story ${n}`)]));
    const urls = [server.url(slow), ...fast.map((feed) => feed.url)];
    const replies = await Promise.all([
      ...urls.map((url) => answer(t, asAnotherUser(slash(t, 'feeds', 'add', { url })), 10_000)),
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return answer(t, setupPayload(t, { time: '09:15', language: 'fr' }), 10_000);
      })(),
    ]);
    for (const reply of replies) expect(reply.text).toContain('✅');
    const stored = await getGuildSettings(t.store!, t.discord.guildId);
    expect(stored).toMatchObject({ channelId: t.discord.channelId, cron: '15 9 * * *', locale: 'fr', enabled: true });
    expect(stored?.feeds.map((feed) => feed.url).sort()).toEqual([...urls].sort());
    // The schedule follows what was stored.
    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.text).toContain('every day at 09:15');
  });

  it('with MAX_FEEDS_PER_GUILD=5, 25 concurrent /feeds add store exactly 5; every other one is told why', async () => {
    const t = await bot({ MAX_FEEDS_PER_GUILD: '5' });
    const feeds = Array.from({ length: 25 }, (_, n) => liveFeed(server, freshPath(`cap-${n}`), [newsItem(`Cap story ${n}`)]));
    const replies = await Promise.all(feeds.map((feed) => answer(t, asAnotherUser(slash(t, 'feeds', 'add', { url: feed.url })), 15_000)));
    const accepted = replies.filter((reply) => reply.text.startsWith('✅'));
    const refusedCap = replies.filter((reply) => reply.text === 'This server already tracks 5 feeds of its own, the most allowed. Remove one with /feeds remove first.');
    const refusedRate = replies.filter((reply) => /^Feeds can be added 5 a minute per person and 10 per server\. Try again in \d+ s\.$/.test(reply.text));
    expect(accepted).toHaveLength(5);
    expect(accepted.length + refusedCap.length + refusedRate.length).toBe(25);
    expect(refusedCap.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.ephemeral).toBe(true);
    expect((await getGuildSettings(t.store!, t.discord.guildId))?.feeds).toHaveLength(5);
  });

  it('10 concurrent adds of one URL store it once', async () => {
    const t = await bot();
    const feed = liveFeed(server, freshPath('same'), [newsItem('Same story')]);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, n) => answer(t, asAnotherUser(slash(t, 'feeds', 'add', { url: feed.url, label: `Same ${n}` })), 15_000)));
    expect(replies.filter((reply) => reply.text.startsWith('✅'))).toHaveLength(1);
    expect(replies.filter((reply) => /^This feed is already tracked as “Same \d”\.$/.test(reply.text))).toHaveLength(9);
    expect((await getGuildSettings(t.store!, t.discord.guildId))?.feeds.map((stored) => stored.url)).toEqual([feed.url]);
  });

  it('rate-limits /feeds add per user', async () => {
    const t = await bot();
    const feeds = Array.from({ length: 6 }, (_, n) => liveFeed(server, freshPath(`rate-${n}`), [newsItem(`Rate story ${n}`)]));
    const replies = [];
    for (const feed of feeds) replies.push(await answer(t, slash(t, 'feeds', 'add', { url: feed.url }, { locale: 'fr' })));
    expect(replies.slice(0, 5).every((reply) => reply.text.startsWith('✅'))).toBe(true);
    expect(replies[5]?.text).toMatch(/^On peut ajouter 5 flux par minute et par personne, et 10 par serveur\. Réessayez dans \d+ s\.$/);
    expect(feeds[5]?.fetches()).toBe(0);
    expect(messageText(replies[5]!.message)).not.toContain('Error');
  });
});

describe('/digest setup checks the channel', () => {
  const VOICE = '300000000000000001';
  const CATEGORY = '300000000000000002';
  const MUTED = '300000000000000003';
  const ELSEWHERE = '300000000000000004';
  const SEND = 1n << 11n;
  const EMBED = 1n << 14n;
  const base = { position: 1, permission_overwrites: [], nsfw: false, parent_id: null } as const;

  async function botWithChannels(): Promise<TestBot> {
    const dir = await tempDir('dw-e2e-channels-');
    const t = await startTestBot({
      kb,
      digest: { storePath: dir.file('store.sqlite') },
      double: {
        extraChannels: [
          { ...base, id: VOICE, type: ChannelType.GuildVoice, name: 'Voice', bitrate: 64000, user_limit: 0, rtc_region: null },
          { ...base, id: CATEGORY, type: ChannelType.GuildCategory, name: 'Category' },
          // @everyone (the bot's only role) may not send nor embed there.
          { ...base, id: MUTED, type: ChannelType.GuildText, name: 'read-only', permission_overwrites: [{ id: '@everyone', type: OverwriteType.Role, allow: '0', deny: String(SEND | EMBED) }] },
        ] as never,
      },
    });
    open.push({ t, dir });
    return t;
  }

  /** `/digest setup` naming `channelId`, resolved as Discord would send it. */
  function setupIn(t: TestBot, channelId: string, type: ChannelType, locale: 'en-US' | 'fr' = 'en-US') {
    const payload = t.discord.chatInput({ name: 'digest', subcommand: 'setup', options: { channel: channelId }, locale, permissions: ADMIN });
    return { ...payload, data: { ...payload.data, resolved: { channels: { [channelId]: { id: channelId, name: 'chosen', type, permissions: ADMIN } } } } };
  }

  it('refuses voice and category channels, channels of other servers and unknown ids; stores nothing', async () => {
    const t = await botWithChannels();
    const voice = await answer(t, setupIn(t, VOICE, ChannelType.GuildVoice));
    expect(voice.text).toBe(`<#${VOICE}> is not a text or announcement channel: the digest needs one it can post in.`);
    const category = await answer(t, setupIn(t, CATEGORY, ChannelType.GuildCategory, 'fr'));
    expect(category.text).toBe(`<#${CATEGORY}> n’est pas un salon textuel ou d’annonces\u00a0: le résumé a besoin d’un salon où publier.`);
    const elsewhere = await answer(t, setupIn(t, ELSEWHERE, ChannelType.GuildText));
    expect(elsewhere.text).toBe('That channel is not one of this server’s (or the bot cannot see it): choose a text channel of this server.');
    for (const reply of [voice, category, elsewhere]) expect(reply.ephemeral).toBe(true);
    expect(await getGuildSettings(t.store!, t.discord.guildId)).toBeUndefined();
  });

  it('says which permissions the bot lacks in the chosen channel, in the user’s language, and stores nothing', async () => {
    const t = await botWithChannels();
    const english = await answer(t, setupIn(t, MUTED, ChannelType.GuildText));
    expect(english.text).toBe(`I cannot post the digest in <#${MUTED}>: I am missing Send Messages, Embed Links there. Give me these permissions in the channel’s settings, then run /digest setup again.`);
    const french = await answer(t, setupIn(t, MUTED, ChannelType.GuildText, 'fr'));
    expect(french.text).toContain('il me manque Envoyer des messages, Intégrer des liens dans ce salon');
    expect(await getGuildSettings(t.store!, t.discord.guildId)).toBeUndefined();
    // The double's own text channel is fine.
    expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅');
  });
});
