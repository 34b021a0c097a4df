import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { composeCappedDigest, DEFAULT_DIGEST_LIMITS, withDeliveryMarker, type DigestLimits } from '../../src/digest/compose/compose.ts';
import { itemBlock } from '../../src/digest/compose/item.ts';
import { moreFromLine, OVERFLOW_MAX_FEED_LINES } from '../../src/digest/compose/overflow.ts';
import { compareItems } from '../../src/digest/compose/rank.ts';
import type { DigestContext, DigestItem, DigestMessage } from '../../src/digest/types.ts';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { fixtureData, fixtureKb, scaleData } from '../support/kb-fixture.ts';

const kb = fixtureKb();
const NOW = '2025-11-21T08:00:00Z';
const NARROW_NBSP = '\u202f';
const LIMITS: DigestLimits = { maxMessages: 5, maxItemsPerFeed: 10 };

const context = (locale: 'en' | 'fr'): DigestContext => ({ locale, now: NOW, since: '2025-11-20T08:00:00Z' });

let counter = 0;
/** An item of feed `feed` ("https://feed-<feed>.example/rss", labelled "Feed <feed>") with a unique title token. */
function item(feed: string, extra: Partial<DigestItem> = {}): DigestItem {
  counter += 1;
  return {
    id: `cap-${counter}`,
    title: `K${counter}k AWS closes a lab in Shanghai`,
    summary: 'The lab worked on cloud research and will shut by March.',
    link: `https://news.example/${counter}`,
    publishedAt: new Date(Date.parse(NOW) - (counter % 600) * 60_000).toISOString(),
    firstSeenAt: '2025-11-21T07:00:00Z',
    feedUrl: `https://feed-${feed}.example/rss`,
    feedLabel: `Feed ${feed}`,
    companies: ['aws'],
    dimensions: [['talent', 'compute', 'ecosystem'][counter % 3] ?? 'talent'],
    score: 1 + (counter % 7),
    reasons: [],
    possibleRetreat: counter % 13 === 0,
    ...extra,
  };
}

const batch = (feed: string, count: number, extra: Partial<DigestItem> = {}) => Array.from({ length: count }, () => item(feed, extra));
const text = (embeds: readonly APIEmbed[]) => embeds.map((embed) => [embed.title, embed.description, embed.footer?.text].join('\n')).join('\n');
const digestText = (messages: readonly DigestMessage[]) => messages.map((message) => text(message.payload.embeds)).join('\n');
const shownIds = (messages: readonly DigestMessage[]) => messages.flatMap((message) => message.itemIds);

/** Every message within Discord's limits, even with the longest delivery marker; nobody pinged. */
function expectWithinLimits(messages: readonly DigestMessage[], max: number): void {
  expect(messages.length).toBeGreaterThan(0);
  expect(messages.length).toBeLessThanOrEqual(max);
  for (const message of messages) {
    assertWithinDiscordLimits(message.payload);
    assertWithinDiscordLimits(withDeliveryMarker(message.payload, `dw·${'r'.repeat(70)}·5/5`));
  }
}

describe('which items a capped digest shows', () => {
  it('shows each feed’s best items by the digest’s ranking (retreats, score, newest), carries the next ones and summarises the rest', () => {
    const a = batch('a', 35);
    const b = batch('b', 3);
    const c = batch('c', 14);
    const all = [...a, ...b, ...c];
    const { messages, plan } = composeCappedDigest(kb, [...all].reverse(), context('en'), LIMITS);

    const best = (items: DigestItem[], from: number, to: number) => [...items].sort(compareItems).slice(from, to).map((entry) => entry.id);
    expect(new Set(shownIds(messages))).toEqual(new Set([...best(a, 0, 10), ...b.map((entry) => entry.id), ...best(c, 0, 10)]));
    expect(plan.shown.map((entry) => entry.id)).toEqual([...plan.shown].sort(compareItems).map((entry) => entry.id));
    expect(new Set(plan.carried)).toEqual(new Set([...best(a, 10, 20), ...best(c, 10, 14)]));
    expect(new Set(plan.summarized)).toEqual(new Set(best(a, 20, 35)));
    // Every candidate is shown, carried or summarised, once.
    const accounted = [...shownIds(messages), ...plan.carried, ...plan.summarized];
    expect(accounted.sort()).toEqual(all.map((entry) => entry.id).sort());

    expect(plan.overflow).toEqual([
      { feed: 'https://feed-a.example/rss', label: 'Feed a', count: 25 },
      { feed: 'https://feed-c.example/rss', label: 'Feed c', count: 4 },
    ]);
    const last = messages.at(-1);
    expect(last?.summarizedIds?.sort()).toEqual([...plan.summarized].sort());
    expect(messages.slice(0, -1).every((message) => message.summarizedIds === undefined)).toBe(true);
    const trailer = last?.payload.embeds.at(-1);
    expect(trailer?.title).toBe('Not in this digest');
    expect(trailer?.description).toBe(
      '+25 more from Feed a\n+4 more from Feed c\n**+29 more in all**\n_The best 10 of each feed come in the next digest; the others are only counted here._',
    );
    expectWithinLimits(messages, LIMITS.maxMessages);
  });

  it('adds nothing when everything fits, and is deterministic whatever the input order', () => {
    const items = [...batch('a', 10), ...batch('b', 4)];
    const { messages, plan } = composeCappedDigest(kb, items, context('fr'), LIMITS);
    expect(plan).toMatchObject({ carried: [], summarized: [], overflow: [] });
    expect(shownIds(messages).sort()).toEqual(items.map((entry) => entry.id).sort());
    expect(digestText(messages)).not.toContain('Hors de cette revue');
    expect(composeCappedDigest(kb, [...items].reverse(), context('fr'), LIMITS)).toEqual({ messages, plan });
    expect(composeCappedDigest(kb, [], context('en'), LIMITS).messages).toEqual([]);
  });

  it('stays within the message cap when many feeds each bring long items, showing as many as fit, best first', () => {
    const items = Array.from({ length: 40 }, (_, feed) => batch(`f${feed}`, 12, { summary: `${'export controls on chips and research labs '.repeat(5)}` })).flat();
    for (const maxMessages of [2, 3, 5, 20]) {
      const limits = { maxMessages, maxItemsPerFeed: 10 };
      const { messages, plan } = composeCappedDigest(kb, items, context('en'), limits);
      expectWithinLimits(messages, maxMessages);
      expect(plan.shown.length).toBeGreaterThan(0);
      // As many as fit: at least the last message is reasonably full.
      expect(messages.length).toBe(maxMessages);
      const shown = new Set(shownIds(messages));
      expect(plan.shown.map((entry) => entry.id).every((id) => shown.has(id))).toBe(true);
      // The shown ones are the best of the showable ones (each feed's 10 best), in the digest's order.
      const showable = items.filter((entry) => [...items].filter((other) => other.feedUrl === entry.feedUrl).sort(compareItems).slice(0, 10).includes(entry));
      expect(plan.shown.map((entry) => entry.id)).toEqual([...showable].sort(compareItems).slice(0, plan.shown.length).map((entry) => entry.id));
      expect(plan.shown.length + plan.carried.length + plan.summarized.length).toBe(items.length);
      // Carried: at most one digest's worth per feed.
      expect(plan.carried.length).toBeLessThanOrEqual(40 * 10);
    }
  });

  it('with worst-case items (every part at its cap, every character escaped) and two messages, still shows one', () => {
    const data = scaleData(fixtureData(), 10);
    const stars = '*_'.repeat(300);
    const hostileKb = buildKnowledgeBase({
      ...data,
      companies: data.companies.map((company, i) => ({ ...company, name: `${i}${stars}` })),
      dimensions: data.dimensions.map((dimension, i) => ({ ...dimension, name: { en: `${i}${stars}`, fr: `${i}${stars}` } })),
    });
    const worst = (feed: string) => item(feed, {
      title: '*'.repeat(5000), summary: '`'.repeat(5000), feedLabel: '_<@1>'.repeat(1000), link: `https://news.example/${'('.repeat(326)}`,
      companies: [...hostileKb.companies.keys()], dimensions: hostileKb.dimensions.map((dimension) => dimension.id), possibleRetreat: true,
    });
    const items = Array.from({ length: 30 }, (_, feed) => [worst(`w${feed}`), worst(`w${feed}`)]).flat();
    expect(itemBlock(hostileKb, items[0]!, 'fr').length).toBeGreaterThan(3000);
    for (const locale of ['en', 'fr'] as const) {
      const { messages, plan } = composeCappedDigest(hostileKb, items, { ...context(locale), guildName: '*<@1>'.repeat(1000) }, { maxMessages: 2, maxItemsPerFeed: 1 });
      expectWithinLimits(messages, 2);
      expect(plan.shown.length).toBeGreaterThanOrEqual(1);
      expect(digestText(messages)).not.toMatch(/@everyone|<@!?\d/);
    }
  });

  it('holds the server’s item cap: its best items shown, the best of the rest carried (the cap at most), the others counted', () => {
    const a = batch('a', 8);
    const b = batch('b', 6);
    const all = [...a, ...b];
    const ranked = [...all].sort(compareItems).map((entry) => entry.id);
    const { messages, plan } = composeCappedDigest(kb, all, context('en'), { ...LIMITS, maxItems: 4 });
    expect(plan.shown.map((entry) => entry.id)).toEqual(ranked.slice(0, 4));
    expect(new Set(shownIds(messages))).toEqual(new Set(ranked.slice(0, 4)));
    expect(plan.carried).toEqual(ranked.slice(4, 8));
    expect(new Set(plan.summarized)).toEqual(new Set(ranked.slice(8)));
    expect(plan.overflow.reduce((sum, feed) => sum + feed.count, 0)).toBe(10);
    const trailer = messages.at(-1)?.payload.embeds.at(-1)?.description ?? '';
    expect(trailer).toContain('**+10 more in all**');
    expect(trailer).toContain('_The best 4 come in the next digest; the others are only counted here._');
    const fr = composeCappedDigest(kb, all, context('fr'), { ...LIMITS, maxItems: 1 });
    expect(fr.plan.shown).toHaveLength(1);
    expect(fr.plan.carried).toHaveLength(1);
    expect(digestText(fr.messages)).toContain(`_La meilleure viendra dans la prochaine revue${NARROW_NBSP}; les autres ne sont que comptées ici._`);
    // A cap above what there is changes nothing.
    expect(composeCappedDigest(kb, all, context('en'), { ...LIMITS, maxItems: 50 })).toEqual(composeCappedDigest(kb, all, context('en'), LIMITS));
  });

  it('refuses limits out of bounds', () => {
    expect(() => composeCappedDigest(kb, [item('a')], context('en'), { ...LIMITS, maxItems: 0 })).toThrow(RangeError);
    expect(() => composeCappedDigest(kb, [item('a')], context('en'), { ...LIMITS, maxItems: 2.5 })).toThrow(RangeError);
    expect(() => composeCappedDigest(kb, [item('a')], context('en'), { maxMessages: 1, maxItemsPerFeed: 10 })).toThrow(RangeError);
    expect(() => composeCappedDigest(kb, [item('a')], context('en'), { maxMessages: 5, maxItemsPerFeed: 0 })).toThrow(RangeError);
    expect(() => composeCappedDigest(kb, [item('a')], context('en'), { maxMessages: 2.5, maxItemsPerFeed: 3 })).toThrow(RangeError);
    expect(DEFAULT_DIGEST_LIMITS).toEqual({ maxMessages: 5, maxItemsPerFeed: 10 });
  });
});

describe('the "+N more" lines', () => {
  it('one flooded feed: "+1,990 more from Feed X" / « +1 990 de plus dans Feed X » with French digit grouping', () => {
    const items = batch('x', 2_000, { feedLabel: 'Feed X' });
    const en = composeCappedDigest(kb, items, context('en'), LIMITS);
    const fr = composeCappedDigest(kb, items, context('fr'), LIMITS);
    const trailerOf = (messages: DigestMessage[]) => messages.at(-1)?.payload.embeds.at(-1)?.description ?? '';
    expect(trailerOf(en.messages).split('\n')).toEqual([
      '+1,990 more from Feed X',
      '_The best 10 of each feed come in the next digest; the others are only counted here._',
    ]);
    expect(trailerOf(fr.messages).split('\n')).toEqual([
      `+1${NARROW_NBSP}990 de plus dans Feed X`,
      `_Les 10 meilleures de chaque flux viendront dans la prochaine revue${NARROW_NBSP}; les autres ne sont que comptées ici._`,
    ]);
    expect(fr.messages.at(-1)?.payload.embeds.at(-1)?.title).toBe('Hors de cette revue');
    expect(en.plan).toMatchObject({ carried: expect.any(Array), summarized: expect.any(Array) });
    expect([en.plan.shown.length, en.plan.carried.length, en.plan.summarized.length]).toEqual([10, 10, 1_980]);
    expectWithinLimits(en.messages, 5);
    expectWithinLimits(fr.messages, 5);
  });

  it('counts what the pool turned away, and says when everything left out is carried or only counted', () => {
    const labels = new Map([['https://feed-y.example/rss', 'Feed Y renamed']]);
    const turnedAway = new Map([['https://feed-y.example/rss', 9_500], ['https://feed-z.example/rss', 3]]);
    const withPool = composeCappedDigest(kb, batch('y', 12), context('en'), LIMITS, { turnedAway, labels });
    expect(withPool.plan.overflow).toEqual([
      { feed: 'https://feed-y.example/rss', label: 'Feed Y renamed', count: 9_502 },
      { feed: 'https://feed-z.example/rss', label: 'https://feed-z.example/rss', count: 3 },
    ]);
    expect(digestText(withPool.messages)).toContain('+9,502 more from Feed Y renamed\n+3 more from https://feed-z.example/rss\n**+9,505 more in all**');

    const carriedOnly = composeCappedDigest(kb, batch('c', 14), context('fr'), LIMITS);
    expect(digestText(carriedOnly.messages)).toContain('+4 de plus dans Feed c\n_Elles viendront dans la prochaine revue, les meilleures d’abord._');
    const countedOnly = composeCappedDigest(kb, batch('d', 3), context('en'), LIMITS, { turnedAway: new Map([['https://feed-d.example/rss', 40]]) });
    expect(digestText(countedOnly.messages)).toContain('+40 more from Feed d\n_They are only counted here._');
  });

  it(`names at most ${OVERFLOW_MAX_FEED_LINES} feeds, the most first, then the others on one line, with a total`, () => {
    const items = Array.from({ length: 20 }, (_, feed) => batch(`m${String(feed).padStart(2, '0')}`, 2 + feed)).flat();
    const { messages, plan } = composeCappedDigest(kb, items, context('fr'), { maxMessages: 5, maxItemsPerFeed: 1 });
    expect(plan.shown).toHaveLength(20);
    const lines = (messages.at(-1)?.payload.embeds.at(-1)?.description ?? '').split('\n');
    expect(lines.slice(0, OVERFLOW_MAX_FEED_LINES)).toEqual(Array.from({ length: OVERFLOW_MAX_FEED_LINES }, (_, n) => `+${20 - n} de plus dans Feed m${19 - n}`));
    expect(lines).toHaveLength(OVERFLOW_MAX_FEED_LINES + 3);
    const others = Array.from({ length: 12 }, (_, n) => 1 + n).reduce((sum, n) => sum + n, 0);
    expect(lines[OVERFLOW_MAX_FEED_LINES]).toBe(`+${others} de plus dans 12 autres flux`);
    const total = Array.from({ length: 20 }, (_, n) => 1 + n).reduce((sum, n) => sum + n, 0);
    expect(lines[OVERFLOW_MAX_FEED_LINES + 1]).toBe(`**+${total} de plus au total**`);
  });

  it('makes feed names inert and keeps the embed small whatever they hold', () => {
    const hostile = '@everyone <@123456789012345678> **bold** [x](javascript:alert(1)) <t:0:R> \u202e'.repeat(20);
    const items = Array.from({ length: 30 }, (_, feed) => batch(`h${feed}`, 12, { feedLabel: `${feed} ${hostile}` })).flat();
    const { messages } = composeCappedDigest(kb, items, context('en'), LIMITS);
    expectWithinLimits(messages, 5);
    const trailer = messages.at(-1)?.payload.embeds.at(-1);
    expect((trailer?.description ?? '').length).toBeLessThan(1_500);
    expect(trailer?.description).not.toMatch(/(?<!\\)\*\*bold|\]\(javascript:|<t:0:R>|\u202e|<@1/);
    expect(moreFromLine(1_234_567, '*a*', 'en')).toBe('+1,234,567 more from \\*a\\*');
    expect(moreFromLine(1_234_567, '*a*', 'fr')).toBe(`+1${NARROW_NBSP}234${NARROW_NBSP}567 de plus dans \\*a\\*`);
  });
});
