import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { composeDigest, composeEmptyDigest, DELIVERY_MARKER_ROOM, withDeliveryMarker } from '../../src/digest/compose/compose.ts';
import { itemBlock } from '../../src/digest/compose/item.ts';
import type { DigestContext, DigestItem, DigestMessage } from '../../src/digest/types.ts';
import { formatNumber, type Locale } from '../../src/i18n/locale.ts';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { safeMentions, type MessagePayload } from '../../src/render/payload.ts';
import { markdownToPlain } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { fixtureData, fixtureKb, scaleData } from '../support/kb-fixture.ts';

const ZWSP = '\u200b';
const NOW = '2025-11-21T08:00:00Z';
const SINCE = '2025-11-20T08:00:00Z';
const kb = fixtureKb();

let counter = 0;
/** An item with sensible defaults and a unique id and title token ("T17"). */
function item(extra: Partial<DigestItem> = {}): DigestItem {
  counter += 1;
  return {
    id: `id-${counter}`,
    title: `T${counter} AWS closes a lab in Shanghai`,
    summary: 'The lab worked on cloud research and will shut by March, according to people familiar with it.',
    link: `https://news.example/${counter}`,
    publishedAt: '2025-11-20T10:00:00Z',
    firstSeenAt: '2025-11-20T11:00:00Z',
    feedUrl: 'https://feeds.example/rss',
    feedLabel: 'TechNode',
    companies: ['aws'],
    dimensions: ['talent'],
    score: 4,
    reasons: ['company: Amazon Web Services'],
    possibleRetreat: false,
    ...extra,
  };
}

function context(locale: Locale, extra: Partial<DigestContext> = {}): DigestContext {
  return { locale, now: NOW, since: SINCE, ...extra };
}

/** `n` varied items: every dimension of the KB and none, some retreats, different scores and dates, long texts every 7th. */
function manyItems(n: number, knowledge: KnowledgeBase = kb): DigestItem[] {
  const dimensions = knowledge.dimensions.map((d) => d.id);
  const companies = [...knowledge.companies.keys()];
  return Array.from({ length: n }, (_, i) =>
    item({
      title: `T${counter + 1} headline number ${i}${i % 7 === 0 ? ` ${'very long words '.repeat(40)}` : ''}`,
      summary: i % 5 === 0 ? '' : `Summary ${i}: ${'export controls on chips and research labs '.repeat(i % 7 === 0 ? 30 : 2)}`,
      companies: companies.slice(i % companies.length, (i % companies.length) + (i % 4)),
      dimensions: i % 6 === 0 ? [] : [dimensions[i % dimensions.length] ?? 'none'],
      score: i % 9,
      possibleRetreat: i % 11 === 0,
      publishedAt: new Date(Date.UTC(2025, 10, 20, i % 24, i % 60)).toISOString(),
    }),
  );
}

function embedsText(embeds: readonly APIEmbed[]): string {
  return embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text, e.author?.name].join('\n')).join('\n');
}

function messageText(message: DigestMessage): string {
  return embedsText(message.payload.embeds);
}

/** Masked links `[label](target)` Discord would render: opening brackets that are not escaped. */
function maskedLinks(text: string): { label: string; target: string }[] {
  const links: { label: string; target: string }[] = [];
  const link = /\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/y;
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] !== '[') continue;
    link.lastIndex = i;
    const match = link.exec(text);
    if (match) links.push({ label: match[1] ?? '', target: match[2] ?? '' });
  }
  return links;
}

/** Markdown characters in `text` that are not escaped by a backslash. */
function unescapedSpecials(text: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '\\') i += 1;
    else if ('*_~`|[]()'.includes(char)) found.push(char);
  }
  return found;
}

const RAW_MENTION = /@(everyone|here)|<[@#/]|<[a-z]?:/i;
/** The digest's own timestamps in the hostile suite: the period's ends and the items' publication time. */
const OWN_TIMESTAMPS = /<t:(1763625600|1763712000):f>|<t:1763632800:R>/g;
const LINE_START_MARKDOWN = /^[ \t]*(#|>|-|[*+] |\d+\.)/;

/** Every message within limits, every item in exactly one message, whole, with its title. */
function expectSoundDigest(messages: readonly DigestMessage[], items: readonly DigestItem[], locale: Locale, knowledge = kb): void {
  for (const [i, message] of messages.entries()) {
    try {
      assertWithinDiscordLimits(message.payload);
    } catch (error) {
      throw new Error(`message ${i + 1}/${messages.length}: ${(error as Error).message}`);
    }
  }
  const carried = messages.flatMap((message) => message.itemIds);
  expect(carried.length).toBe(new Set(carried).size);
  expect(new Set(carried)).toEqual(new Set(items.map((it) => it.id)));
  const byId = new Map(items.map((it) => [it.id, it]));
  for (const message of messages) {
    const blocks = message.payload.embeds.flatMap((embed) => (embed.description ?? '').split('\n\n'));
    for (const id of message.itemIds) {
      const digestItem = byId.get(id);
      if (digestItem === undefined) throw new Error(`unknown id ${id}`);
      expect(blocks, `item ${id} whole in its message`).toContain(itemBlock(knowledge, digestItem, locale));
      const token = /^T\d+/.exec(digestItem.title)?.[0];
      if (token !== undefined) expect(markdownToPlain(messageText(message))).toContain(`${token} `);
    }
  }
}

describe('ranking and grouping', () => {
  it('puts possible new retreats first in their own section, then groups by first known dimension in KB order, Other news last; by score, then newest', () => {
    const items = [
      item({ id: 'other', dimensions: [] }),
      item({ id: 'ghost', dimensions: ['no-such-dimension'] }),
      item({ id: 'gov', dimensions: ['governance', 'compute'] }),
      item({ id: 'talent-low', score: 2 }),
      item({ id: 'talent-high', score: 9 }),
      item({ id: 'talent-retreat', score: 1, possibleRetreat: true }),
      item({ id: 'talent-high-newer', score: 9, publishedAt: '2025-11-21T07:00:00Z', firstSeenAt: '2025-11-21T07:30:00Z' }),
      item({ id: 'compute-via-unknown', dimensions: ['no-such-dimension', 'compute'] }),
      item({ id: 'other-retreat', score: 4, dimensions: [], possibleRetreat: true }),
      item({ id: 'gov-retreat-newer', score: 1, dimensions: ['governance'], possibleRetreat: true, publishedAt: '2025-11-21T07:00:00Z' }),
    ];
    const [message] = composeDigest(kb, items, context('en'));
    expect(message).toBeDefined();
    const titles = message?.payload.embeds.slice(1).map((embed) => embed.title);
    expect(titles).toEqual(['⚠️ Possible new retreats', 'Compute & chips', 'Talent & research climate', 'Governance & norms', 'Other news']);
    expect(message?.itemIds).toEqual([
      'other-retreat', 'gov-retreat-newer', 'talent-retreat',
      'compute-via-unknown', 'talent-high-newer', 'talent-high', 'talent-low', 'gov', 'ghost', 'other',
    ]);
    const [french] = composeDigest(kb, items, context('fr'));
    expect(french?.payload.embeds[1]?.title).toBe('⚠️ Retraits possibles');
  });

  it('gives the same output whatever the input order, and carries a repeated id once', () => {
    const items = manyItems(60);
    const shuffled = [...items].reverse();
    expect(composeDigest(kb, shuffled, context('fr'))).toEqual(composeDigest(kb, items, context('fr')));
    const once = composeDigest(kb, [...items, ...items.slice(0, 5)], context('en'));
    expect(once.flatMap((m) => m.itemIds)).toHaveLength(60);
  });

  it('returns no message for no items; composeEmptyDigest says nothing is new, in both languages', () => {
    expect(composeDigest(kb, [], context('en'))).toEqual([]);
    const en = composeEmptyDigest({ locale: 'en', now: NOW });
    const fr = composeEmptyDigest(context('fr'));
    for (const payload of [en, fr]) assertWithinDiscordLimits(payload);
    expect(embedsText(en.embeds)).toContain('Nothing new on the tracked feeds.');
    expect(embedsText(en.embeds)).toContain('**Period:** up to <t:1763712000:f>');
    expect(embedsText(fr.embeds)).toContain('Rien de nouveau dans les flux suivis.');
    expect(embedsText(fr.embeds)).toContain('**Période\u00a0:** <t:1763625600:f> → <t:1763712000:f>');
  });
});

describe('header and items, in English and French', () => {
  const items = [
    item({ id: 'r1', possibleRetreat: true, companies: ['aws', 'amazon', 'no-such-company'], dimensions: ['talent', 'compute'] }),
    item({ id: 'r2', possibleRetreat: true, dimensions: ['compute'] }),
    item({ id: 'c1', dimensions: ['compute'], companies: [] }),
    item({ id: 'o1', dimensions: [], companies: ['microsoft'] }),
  ];

  it('English: date, counts by dimension, period as Discord timestamps, tags note, item tags', () => {
    const [message] = composeDigest(kb, items, context('en', { guildName: 'Policy Club' }));
    const [header, retreats, compute, other] = message?.payload.embeds ?? [];
    expect(header?.title).toBe('📰 News digest · Policy Club — 21 November 2025');
    expect(header?.description).toContain('**4 items** · ⚠️ 2 possible new retreats · Compute & chips 1, Other news 1');
    expect(header?.description).toContain('**Period:** <t:1763625600:f> → <t:1763712000:f>');
    expect(header?.description).toContain('Tags (companies, dimensions) come from the knowledge base');
    expect(retreats?.title).toBe('⚠️ Possible new retreats');
    expect(compute?.title).toBe('Compute & chips');
    expect(retreats?.description?.split('\n\n')[0]).toBe(
      `**[${items[0]?.title}](${items[0]?.link})**\n` +
        '📰 TechNode · <t:1763632800:R> · 🏢 Amazon Web Services, Amazon · 🏷️ Talent & research climate, Compute & chips · **⚠️ possible new retreat**\n' +
        'The lab worked on cloud research and will shut by March, according to people familiar with it.',
    );
    expect(other?.title).toBe('Other news');
    expect(other?.description).toContain('🏢 Microsoft');
    expect(other?.description).not.toContain('possible new retreat');
  });

  it('French: « Autres actualités », French counts, labels and retreat tag', () => {
    const [message] = composeDigest(kb, items, context('fr'));
    const [header, retreats, compute, other] = message?.payload.embeds ?? [];
    expect(header?.title).toBe('📰 Revue de presse — 21 novembre 2025');
    expect(header?.description).toContain('**4 actualités** · ⚠️ 2 possibles nouveaux retraits · Calcul et puces 1, Autres actualités 1');
    expect(header?.description).toContain('Les étiquettes (entreprises, dimensions) viennent de la base de connaissances');
    expect(retreats?.title).toBe('⚠️ Retraits possibles');
    expect(compute?.title).toBe('Calcul et puces');
    expect(retreats?.description).toContain('🏷️ Talents et climat de recherche, Calcul et puces · **⚠️ possible nouveau retrait**');
    expect(other?.title).toBe('Autres actualités');
  });

  it('a weekly digest says so: its title and “this week” in its counts, in both languages', () => {
    const [en] = composeDigest(kb, items, context('en', { weekly: true, guildName: 'Policy Club' }));
    expect(en?.payload.embeds[0]?.title).toBe('📰 Weekly news digest · Policy Club — 21 November 2025');
    expect(en?.payload.embeds[0]?.description).toContain('**4 items this week** · ⚠️ 2 possible new retreats');
    const [fr] = composeDigest(kb, items, context('fr', { weekly: true }));
    expect(fr?.payload.embeds[0]?.title).toBe('📰 Revue de presse de la semaine — 21 novembre 2025');
    expect(fr?.payload.embeds[0]?.description).toContain('**4 actualités cette semaine** · ⚠️ 2 possibles nouveaux retraits');
    const [daily] = composeDigest(kb, items, context('en'));
    expect(daily?.payload.embeds[0]?.description).not.toContain('this week');
  });

  it('French singular and thousands: « 1 actualité », « 1 000 actualités »', () => {
    const [one] = composeDigest(kb, [item({ possibleRetreat: true })], context('fr'));
    expect(one?.payload.embeds[0]?.description).toContain('**1 actualité** · ⚠️ 1 possible nouveau retrait');
    const thousand = composeDigest(kb, manyItems(1000), context('fr'));
    expect(thousand[0]?.payload.embeds[0]?.description).toContain(`**${formatNumber(1000, 'fr')} actualités**`);
  });

  it('uses the publication time, else the first-seen time, as a relative timestamp; none without a date', () => {
    const block = (extra: Partial<DigestItem>) => itemBlock(kb, item(extra), 'en');
    expect(block({ publishedAt: '2025-11-20T10:00:00Z' })).toContain('<t:1763632800:R>');
    expect(block({ publishedAt: '2025-11-20T10:00:00.999+01:00' })).toContain(`<t:${Date.UTC(2025, 10, 20, 9) / 1000}:R>`);
    const noPublished = item({ firstSeenAt: '2025-11-20T11:00:00Z' });
    delete noPublished.publishedAt;
    expect(itemBlock(kb, noPublished, 'en')).toContain('<t:1763636400:R>');
    expect(block({ publishedAt: '2030-01-01T00:00:00Z' }), 'a date after first seen is not trusted').toContain('<t:1763636400:R>');
    expect(block({ publishedAt: 'yesterday' })).toContain('<t:1763636400:R>');
    expect(block({ publishedAt: 'nope', firstSeenAt: 'never' })).not.toContain('<t:');
  });

  it('shortens summaries at a word boundary and caps titles, labels and tags', () => {
    const long = item({ summary: `${'word '.repeat(100)}END`, title: `T0 ${'title '.repeat(200)}`, feedLabel: 'label '.repeat(50) });
    const lines = itemBlock(kb, long, 'en').split('\n');
    const summary = lines[2] ?? '';
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary).toMatch(/^(word )+word…$/);
    expect(markdownToPlain(/^\*\*\[(.*)\]\(/.exec(lines[0] ?? '')?.[1] ?? '').length).toBeLessThanOrEqual(256);
    expect(/^📰 (.*?) · /.exec(lines[1] ?? '')?.[1]?.length).toBeLessThanOrEqual(80);
    const tagged = itemBlock(kb, item({ companies: [...kb.companies.keys(), 'aws', 'amazon', 'microsoft'] }), 'en');
    expect(tagged).toContain('🏢 Amazon, Amazon Web Services, Microsoft, IBM, McKinsey & Company · 🏷️');
    const scaled = buildKnowledgeBase(scaleData(fixtureData(), 3));
    const crowded = itemBlock(scaled, item({ companies: [...scaled.companies.keys()], dimensions: scaled.dimensions.map((d) => d.id) }), 'fr');
    expect(crowded).toContain('+9 autres');
    expect(crowded).toContain('+8 autres');
  });
});

describe('layout within Discord limits', () => {
  for (const n of [1, 10, 100, 1000]) {
    it(`${n} item(s): every message within limits, every item whole in exactly one message`, () => {
      const items = manyItems(n);
      for (const locale of ['en', 'fr'] as const) {
        const messages = composeDigest(kb, items, context(locale));
        expectSoundDigest(messages, items, locale);
        if (n === 1000) expect(messages.length).toBeGreaterThan(10);
      }
    });
  }

  it('items with 5,000-character titles, summaries, labels and links: each fits, whole', () => {
    const huge = (i: number) =>
      item({
        title: `T${counter + 1} ${'*_~`|[]()<@1> @everyone '.repeat(200)}`.slice(0, 5000),
        summary: '<@&123456789012345678> \\ # '.repeat(200).slice(0, 5000),
        feedLabel: '||__~~'.repeat(900),
        link: `https://news.example/${i}/${'(a)'.repeat(300)}`,
        companies: [...kb.companies.keys()],
        dimensions: kb.dimensions.map((d) => d.id),
        possibleRetreat: true,
      });
    const items = Array.from({ length: 40 }, (_, i) => huge(i));
    for (const locale of ['en', 'fr'] as const) {
      const messages = composeDigest(kb, items, context(locale, { guildName: '*<@1>'.repeat(1000) }));
      expectSoundDigest(messages, items, locale);
      for (const message of messages) assertWithinDiscordLimits(withDeliveryMarker(message.payload, `dw:${'r'.repeat(60)}:99/99`));
    }
    const single = composeDigest(kb, [huge(0)], context('en'));
    expect(single).toHaveLength(1);
  });

  it('a worst-case item (every part at its cap, every character escaped) fits one embed with its group title', () => {
    const data = scaleData(fixtureData(), 10);
    const stars = '*_'.repeat(300);
    const hostileKb = buildKnowledgeBase({
      ...data,
      companies: data.companies.map((c, i) => ({ ...c, name: `${i}${stars}` })),
      dimensions: data.dimensions.map((d, i) => ({ ...d, name: { en: `${i}${stars}`, fr: `${i}${stars}` } })),
    });
    const link = `https://news.example/${'('.repeat(326)}`;
    const worst = item({
      title: '*'.repeat(5000), summary: '`'.repeat(5000), feedLabel: '_'.repeat(5000), link,
      companies: [...hostileKb.companies.keys()], dimensions: hostileKb.dimensions.map((d) => d.id), possibleRetreat: true,
    });
    const block = itemBlock(hostileKb, worst, 'fr');
    expect(block, 'the 998-character link is kept').toContain(`](https://news.example/${'%28'.repeat(326)})`);
    expect(block.length).toBeGreaterThan(3000);
    expect(block.length).toBeLessThanOrEqual(4096 - 256);
    const copy = { ...worst, id: 'copy' };
    const messages = composeDigest(hostileKb, [worst, copy, worst], context('fr'));
    expectSoundDigest(messages, [worst, copy], 'fr', hostileKb);
    for (const message of messages) assertWithinDiscordLimits(withDeliveryMarker(message.payload, 'x'.repeat(DELIVERY_MARKER_ROOM)));
  });

  it('starts a new message after 10 embeds when many dimensions each hold a short item', () => {
    const scaled = buildKnowledgeBase(scaleData(fixtureData(), 10));
    const items = scaled.dimensions.map((d) => item({ dimensions: [d.id], summary: '', companies: [] }));
    const messages = composeDigest(scaled, items, context('en'));
    expectSoundDigest(messages, items, 'en', scaled);
    expect(messages.length).toBeGreaterThanOrEqual(Math.ceil((items.length + 1) / 10));
    expect(messages[0]?.payload.embeds).toHaveLength(10);
    expect(messages.flatMap((m) => m.payload.embeds.slice(m === messages[0] ? 1 : 0).map((e) => e.title))).toEqual(scaled.dimensions.map((d) => d.name.en));
  });

  it('splits a long day over several messages, continuing a dimension with "(cont.)" / « (suite) »', () => {
    const items = Array.from({ length: 80 }, () => item({ summary: 'long summary words '.repeat(20) }));
    const en = composeDigest(kb, items, context('en'));
    const fr = composeDigest(kb, items, context('fr'));
    expect(en.length).toBeGreaterThan(1);
    expect(en[1]?.payload.embeds[0]?.title).toBe('Talent & research climate (cont.)');
    expect(fr[1]?.payload.embeds[0]?.title).toBe('Talents et climat de recherche (suite)');
    expect(en.flatMap((m) => m.itemIds)).toEqual(items.map((it) => it.id));
  });
});

describe('feed text is inert', () => {
  const HOSTILE = [
    '@everyone', '@here', '<@123456789012345678>', '<@&1>', '<#1>', '**bold**', '__u__', '~~s~~', '||spoiler||',
    '# heading', '> quote', '```code```', '[click](https://evil.example)', '](javascript:alert(1))', 'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>', 'a\u202eevil\u202c b\u2066c\u2069', '@\u200deveryone', 'line one\nline two\r\n> three',
    '-# subtext', '1. list', '<t:1:R> <:emoji:1> <a:anim:2>', 'nul\u0000 bell\u0007 csi\u009b',
  ];
  const LINKS = ['javascript:alert(1)', 'data:text/html,hi', 'JAVASCRIPT:alert(1)', 'vbscript:x', 'https://ok.example/a)b](c', undefined];

  const items = HOSTILE.flatMap((text, i) => [
    item({ title: text, summary: text, feedLabel: text, link: LINKS[i % LINKS.length] ?? '' }),
    item({ title: `x ${text} y`, summary: `${text}\n${text}`, feedLabel: `${text} feed`, link: `https://news.example/${i}` }),
  ]);

  it('escapes markdown and neutralises mentions, exactly', () => {
    const title = (text: string, link?: string) => itemBlock(kb, item({ title: text, ...(link === undefined ? {} : { link }) }), 'en').split('\n')[0];
    expect(title('[click](https://evil.example)', 'https://news.example/1')).toBe('**[\\[click\\]\\(https://evil.example\\)](https://news.example/1)**');
    expect(title('](javascript:alert(1))', 'javascript:alert(1)')).toBe('**\\]\\(javascript:alert\\(1\\)\\)**');
    expect(title('@everyone <@123456789012345678> <@&1> <#1>', 'data:text/html,x')).toBe(`**@${ZWSP}everyone <${ZWSP}@123456789012345678> <${ZWSP}@&1> <${ZWSP}#1>**`);
    expect(title('**bold** __u__ ~~s~~ ||sp||', 'https://news.example/2')).toBe('**[\\*\\*bold\\*\\* \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|sp\\|\\|](https://news.example/2)**');
    expect(title('# heading\n> quote', 'nope')).toBe('**\\# heading > quote**');
    expect(title('a\u202eevil\u202c\u2066b\u2069 @\u200deveryone 👩\u200d💻 x\u0000y\u009bz', 'nope')).toBe(`**aevilb @${ZWSP}everyone 👩\u200d💻 xyz**`);
    expect(title('<t:1:R> <:e:1>', 'nope')).toBe(`**<${ZWSP}t:1:R> <${ZWSP}:e:1>**`);
    const summary = itemBlock(kb, item({ summary: '```code```\n-# small\n|| x ||' }), 'en').split('\n')[2];
    expect(summary).toBe('\\`\\`\\`code\\`\\`\\` -# small \\|\\| x \\|\\|');
    expect(itemBlock(kb, item({ summary: '-# small' }), 'en').split('\n')[2]).toBe('\\-# small');
  });

  for (const locale of ['en', 'fr'] as const) {
    it(`hostile titles, summaries, labels and links (${locale}): no ping, no forged link, no formatting, every link http(s)`, () => {
      const messages = composeDigest(kb, items, context(locale, { guildName: '@everyone **club** <@1>\u202e' }));
      expectSoundDigest(messages, items, locale);
      const linked = items.filter((it) => it.link?.startsWith('https://')).length;
      let links = 0;
      for (const { payload } of messages) {
        expect(payload.allowed_mentions).toEqual({ parse: [] });
        for (const embed of payload.embeds) {
          const texts = [embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '', embed.author?.name ?? ''];
          if (embed.url !== undefined) expect(embed.url).toMatch(/^https?:\/\//);
          for (const text of texts) {
            expect(text.replace(OWN_TIMESTAMPS, '')).not.toMatch(RAW_MENTION);
            expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
            for (const line of text.split('\n')) expect(line).not.toMatch(LINE_START_MARKDOWN);
            for (const link of maskedLinks(text)) {
              links += 1;
              expect(link.target).toMatch(/^https:\/\/(news|ok)\.example\/[^\s()<>]*$/);
              expect(unescapedSpecials(link.label)).toEqual([]);
            }
          }
        }
      }
      expect(links).toBe(linked);
    });
  }

  it('every piece of feed text reads back as its folded, stripped self and holds no live markdown', () => {
    for (const text of HOSTILE) {
      const [title, meta, summary] = itemBlock(kb, item({ title: text, summary: text, feedLabel: text, link: 'https://news.example/x' }), 'en').split('\n');
      const expected = text.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\u200d/g, '').replace(/\s+/g, ' ').trim();
      const label = /^\*\*\[(.*)\]\(https:\/\/news\.example\/x\)\*\*$/.exec(title ?? '')?.[1];
      const feed = /^📰 (.*) · <t:\d+:R>/.exec(meta ?? '')?.[1];
      for (const [part, escaped] of [['title', label], ['label', feed], ['summary', summary]] as const) {
        expect(escaped, `${part} of ${JSON.stringify(text)}`).toBeDefined();
        expect(unescapedSpecials(escaped ?? ''), `${part} of ${JSON.stringify(text)}`).toEqual([]);
        expect(markdownToPlain(escaped ?? ''), `${part} of ${JSON.stringify(text)}`).toBe(expected);
      }
    }
  });
});

describe('withDeliveryMarker', () => {
  const marker = `dw:${'r'.repeat(DELIVERY_MARKER_ROOM - 3 - 9)}:12/34`;

  it('sets the last embed footer of every composed message, within limits, even on full messages', () => {
    expect(marker.length).toBe(DELIVERY_MARKER_ROOM - 3);
    const messages = composeDigest(kb, manyItems(300), context('en'));
    for (const message of messages) {
      const marked = withDeliveryMarker(message.payload, marker);
      assertWithinDiscordLimits(marked);
      expect(marked.embeds.at(-1)?.footer?.text).toBe(marker);
      expect(marked.embeds.slice(0, -1)).toEqual(message.payload.embeds.slice(0, -1));
      expect(message.payload.embeds.at(-1)?.footer, 'the original is left alone').toBeUndefined();
    }
  });

  it('extends an existing footer, and refuses a marker that would break a limit or a payload without embeds', () => {
    const payload: MessagePayload = { embeds: [{ title: 'a' }, { description: 'b', footer: { text: 'Page 1 / 2' } }], allowed_mentions: { parse: [] } };
    expect(withDeliveryMarker(payload, 'dw:run:1/2').embeds[1]?.footer?.text).toBe('Page 1 / 2 · dw:run:1/2');
    const full: MessagePayload = { embeds: [{ description: 'x'.repeat(4096) }, { description: 'y'.repeat(1900) }], allowed_mentions: { parse: [] } };
    expect(() => withDeliveryMarker(full, 'dw:run:1/2')).toThrow(RangeError);
    expect(() => withDeliveryMarker({ embeds: [], allowed_mentions: { parse: [] } }, 'dw:x')).toThrow(RangeError);
  });
});

describe('the role alert', () => {
  const ROLE = '123456789012345678';

  it('pings the alert role, and only it, in the message holding the possible new retreats; the others ping nobody', () => {
    // Long items so that the digest spans several messages: the retreats come first, in the first message.
    const items = manyItems(120).map((entry, n) => ({ ...entry, possibleRetreat: n === 7 || n === 50 }));
    const messages = composeDigest(kb, items, context('en', { alertRoleId: ROLE }));
    expect(messages.length).toBeGreaterThan(2);
    const [first, ...rest] = messages;
    expect(first?.payload.content).toBe(`<@&${ROLE}> ⚠️ 2 possible new retreats in this digest`);
    expect(first?.payload.allowed_mentions).toEqual({ parse: [], roles: [ROLE] });
    for (const message of rest) {
      expect(message.payload.content).toBeUndefined();
      expect(message.payload.allowed_mentions).toEqual({ parse: [] });
    }
    const [french] = composeDigest(kb, items, context('fr', { alertRoleId: ROLE }));
    expect(french?.payload.content).toBe(`<@&${ROLE}> ⚠️ 2 possibles nouveaux retraits dans cette revue`);
  });

  it('pings nobody without a retreat, without an alert role, or with a role id that is not a Discord id', () => {
    const calm = composeDigest(kb, [item(), item()], context('en', { alertRoleId: ROLE }));
    const retreat = [item({ possibleRetreat: true })];
    for (const messages of [calm, composeDigest(kb, retreat, context('en')), composeDigest(kb, retreat, context('en', { alertRoleId: '@everyone' }))]) {
      expect(messages.length).toBeGreaterThan(0);
      for (const message of messages) {
        expect(message.payload.content).toBeUndefined();
        expect(message.payload.allowed_mentions).toEqual({ parse: [] });
      }
    }
  });

  it('safeMentions lets through one well-formed role and nothing else, whatever the stored value says', () => {
    expect(safeMentions({ parse: [], roles: [ROLE] })).toEqual({ parse: [], roles: [ROLE] });
    expect(safeMentions({ parse: ['everyone', 'users', 'roles'], roles: [ROLE] })).toEqual({ parse: [], roles: [ROLE] });
    expect(safeMentions({ parse: ['everyone'] })).toEqual({ parse: [] });
    expect(safeMentions({ parse: [], roles: [ROLE, '223456789012345678'] })).toEqual({ parse: [] });
    expect(safeMentions({ parse: [], roles: ['everyone'] })).toEqual({ parse: [] });
    expect(safeMentions({ parse: [], users: [ROLE] })).toEqual({ parse: [] });
    expect(safeMentions(undefined)).toEqual({ parse: [] });
  });
});
