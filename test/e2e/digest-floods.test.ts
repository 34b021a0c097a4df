import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DIGEST_LIMITS } from '../../src/digest/compose/compose.ts';
import { deliveredKey, POOL_KEY } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  answer, digestMessages, expectWellFormedDigests, liveFeed, messageText, movableClock, newsItem, relevantBatch, setupPayload,
  slash, withLocalFeeds, type LiveFeed,
} from './digest-support.ts';
import { tempDir } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

/** No floods: a digest run posts a handful of messages whatever comes in, and failing feeds are told in one message. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real bot on a SQLite store, with local feeds (`/<name>.xml`, each seeded with one item) as its default feeds. */
async function startWorld(names: readonly string[], env: Record<string, string> = {}) {
  const dir = await tempDir('dw-e2e-floods-');
  cleanups.push(() => dir.remove());
  const server: FeedServer = await startFeedServer();
  cleanups.push(async () => {
    await server.close();
    await closeParsePool();
  });
  const feeds = names.map((name) => ({ name, feed: liveFeed(server, `/${name.toLowerCase().replace(/\W+/g, '-')}.xml`, [newsItem(`${name} opens a Shanghai office amid chip export controls`)]) }));
  const kb = withLocalFeeds(await loadRealKb(), feeds.map(({ name, feed }) => ({ label: name, url: feed.url })));
  const clock = movableClock();
  const t: TestBot = await startTestBot({ kb, digest: { storePath: dir.file('store.sqlite'), now: clock.now, env } });
  cleanups.push(() => t.close());
  const setup = await answer(t, setupPayload(t, { language: 'en' }));
  expect(setup.text).toContain('✅ The digest will be posted');
  return { t, server, clock, kb, feeds: new Map(feeds.map(({ name, feed }) => [name, feed] as const)) };
}

/** `/digest now` once the feeds may be fetched again; the reply as the admin sees it. */
async function digestNow(world: { t: TestBot; clock: { advance(ms: number): void } }, timeoutMs = 15_000) {
  world.clock.advance(11 * MINUTE);
  return answer(world.t, slash(world.t, 'digest', 'now'), timeoutMs);
}

/** The batch tokens ("zf17q") the messages show, with how many times each. */
function tokensShown(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of texts.join('\n').match(/\bz[a-z]\d+q\b/g) ?? []) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

describe('a flood of new items', () => {
  it(`one feed with 10,000 new relevant items: at most ${DEFAULT_DIGEST_LIMITS.maxMessages} messages, "+9,990 more" said, the best carried to the next digest, nothing posted twice`, async () => {
    // 10,000 items with their long summaries weigh 5.5 MB: the byte cap is raised as FEED_MAX_BYTES allows.
    const world = await startWorld(['Flood wire', 'Calm wire'], { FEED_MAX_BYTES: '20000000' });
    const { t } = world;
    const flood = world.feeds.get('Flood wire') as LiveFeed;
    const calm = world.feeds.get('Calm wire') as LiveFeed;
    expect((await digestNow(world)).text).toBe('Nothing new to post: every relevant item was already delivered.');

    flood.add(...relevantBatch(world.kb, 'f', 10_000).items);
    calm.add(...relevantBatch(world.kb, 'c', 14).items);
    const first = await digestNow(world, 180_000);
    expect(first.text).toMatch(new RegExp(`^Digest posted in <#${t.discord.channelId}>: 20 item\\(s\\) in [1-${DEFAULT_DIGEST_LIMITS.maxMessages}] message\\(s\\)\\.$`));
    const firstDigest = digestMessages(t);
    expect(firstDigest.length).toBeGreaterThan(0);
    expect(firstDigest.length).toBeLessThanOrEqual(DEFAULT_DIGEST_LIMITS.maxMessages);
    expect(t.discord.messagesIn()).toHaveLength(firstDigest.length);
    expectWellFormedDigests(firstDigest);
    const trailer = firstDigest.at(-1)?.embeds.at(-1);
    expect(trailer?.title).toBe('Not in this digest');
    expect(trailer?.description).toBe([
      '+9,990 more from Flood wire',
      '+4 more from Calm wire',
      '**+9,994 more in all**',
      '_The best 10 of each feed come in the next digest; the others are only counted here._',
    ].join('\n'));
    const shownFirst = tokensShown(firstDigest.map(messageText));
    expect([...shownFirst.keys()].filter((token) => token.startsWith('zf'))).toHaveLength(10);
    expect([...shownFirst.keys()].filter((token) => token.startsWith('zc'))).toHaveLength(10);
    expect([...shownFirst.values()].every((count) => count === 1)).toBe(true);

    // What the pool took in of the flood, less what was shown and the ten carried, is marked as summarised.
    const pooled = ((await t.store!.namespace<DigestItem[]>('history').get(POOL_KEY)) ?? []).filter((entry) => entry.feedLabel === 'Flood wire');
    const marks = await t.store!.namespace<string>('history').getMany(pooled.map((entry) => deliveredKey(t.discord.channelId, entry.id)));
    expect(marks.filter((mark) => mark?.startsWith('summary:') === true)).toHaveLength(pooled.length - 20);
    expect(marks.filter((mark) => mark === undefined)).toHaveLength(10);

    // The next digest brings the carried ones (the flood's next ten, the calm feed's last four), and says nothing more.
    const second = await digestNow(world, 120_000);
    expect(second.text).toMatch(new RegExp(`^Digest posted in <#\\d+>: 14 item\\(s\\) in [1-${DEFAULT_DIGEST_LIMITS.maxMessages}] message\\(s\\)\\.$`));
    const all = digestMessages(t);
    expectWellFormedDigests(all);
    const secondDigest = all.slice(firstDigest.length);
    expect(secondDigest.map(messageText).join('\n')).not.toContain('more from');
    const shownAll = tokensShown(all.map(messageText));
    expect([...shownAll.values()].every((count) => count === 1)).toBe(true);
    expect([...shownAll.keys()].filter((token) => token.startsWith('zf'))).toHaveLength(20);
    expect([...shownAll.keys()].filter((token) => token.startsWith('zc'))).toHaveLength(14);

    expect((await digestNow(world, 120_000)).text).toBe('Nothing new to post: every relevant item was already delivered.');
    expect(t.discord.messagesIn()).toHaveLength(all.length);
  }, 400_000);
});

describe('feeds failing together', () => {
  it('several feeds failing three runs in a row with the network down: ONE notice naming them all, then nothing more', async () => {
    const names = ['Wire A', 'Wire B', 'Wire C', 'Wire D', 'Wire E'];
    const world = await startWorld(names);
    const { t } = world;
    expect((await digestNow(world)).text).toBe('Nothing new to post: every relevant item was already delivered.');

    // The network goes down: every connection to the feeds is reset.
    for (const feed of world.feeds.values()) world.server.route(feed.path, (request) => request.socket.destroy());
    for (let run = 1; run <= 3; run += 1) await digestNow(world);
    const notices = () => t.discord.messagesIn().filter((message) => (message.embeds[0]?.title ?? '').startsWith('⚠️'));
    expect(notices()).toHaveLength(1);
    expect(t.discord.messagesIn()).toHaveLength(1);
    const [notice] = notices();
    expect(notice?.embeds[0]?.title).toBe(`⚠️ ${names.length} feeds keep failing`);
    const lines = (notice?.embeds[0]?.description ?? '').split('\n');
    expect(lines.slice(0, -1).map((line) => /^• \*\*(.+?)\*\* — failed 3 runs in a row: .+\.$/.exec(line)?.[1]).sort()).toEqual(names);
    expect(lines.at(-1)).toBe('/digest status shows their health.');
    expect(notice?.allowedMentions).toEqual({ parse: [] });

    await digestNow(world);
    await digestNow(world);
    expect(notices()).toHaveLength(1);
    expect(t.discord.messagesIn()).toHaveLength(1);
  }, 120_000);
});
