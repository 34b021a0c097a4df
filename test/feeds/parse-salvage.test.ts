import { afterAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/feeds/item.ts';
import { closeParsePool, parseFeed, type ParseResult } from '../../src/feeds/parse/parse.ts';
import { atom, numberedItems, rss10, rss20, type XmlItem } from '../support/feed-xml.ts';

/** What a feed keeps when part of it cannot be read: the body cut at the byte cap, too many items, one item too deep. */

afterAll(closeParsePool);

function parsed(result: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a parsed feed, got ${result.error.code}: ${result.error.message}`);
  return result;
}

function errorOf(result: ParseResult): { code: string; message: string } {
  if (result.ok) throw new Error(`expected an error, got ${result.items.length} items`);
  return result.error;
}

const titles = (items: readonly FeedItem[]) => items.map((item) => item.title);
const numberedTitles = (count: number) => numberedItems(count).map((item) => String(item.title));

/** 50 numbered items, the 25th replaced by `bad`. */
function withBadItem(bad: XmlItem): XmlItem[] {
  return numberedItems(50).map((item, index) => (index === 24 ? bad : item));
}
const FORTY_NINE = numberedTitles(50).filter((_, index) => index !== 24);
const nested = (depth: number, closed = true) => `${'<div>'.repeat(depth)}deep${closed ? '</div>'.repeat(depth) : ''}`;

describe('parseFeed: a body cut at the byte cap', () => {
  it.each([
    ['RSS 2.0', rss20],
    ['RSS 1.0', rss10],
    ['Atom', atom],
  ] as const)('%s: keeps the complete items before the cut, in order, and says why', async (_format, build) => {
    const xml = build({ items: numberedItems(40) });
    const cutInside31st = xml.indexOf('Story number 31 about trade') + 5;
    const result = parsed(await parseFeed(xml.slice(0, cutInside31st), { truncated: true }));
    expect(titles(result.items)).toEqual(numberedTitles(30));
    expect(result.items[29]).toMatchObject({ link: 'https://news.example.com/story/30', published: '2025-01-30T00:00:00.000Z' });
    expect(result.warnings.join('\n')).toMatch(/cut at the byte cap/);
    expect(result.itemsCapped).toBe(false);
  });

  it('keeps the channel’s own title when the cut falls in the middle of an item', async () => {
    const xml = rss20({ title: 'Cut Channel', items: numberedItems(5) });
    const result = parsed(await parseFeed(xml.slice(0, xml.indexOf('Story number 4')), { truncated: true }));
    expect(result.feed.title).toBe('Cut Channel');
    expect(result.items).toHaveLength(3);
  });

  it('a cut before the first item ends leaves nothing to read: a parse error, not a crash', async () => {
    const xml = rss20({ items: numberedItems(3) });
    const error = errorOf(await parseFeed(xml.slice(0, xml.indexOf('Story number 1') + 3), { truncated: true }));
    expect(error.code).toBe('parse');
  });
});

describe('parseFeed: the item cap', () => {
  it('reads the first maxItems items of a longer feed and says it was capped', async () => {
    const result = parsed(await parseFeed(rss20({ items: numberedItems(150) }), { maxItems: 100 }));
    expect(titles(result.items)).toEqual(numberedTitles(100));
    expect(result.itemsCapped).toBe(true);
    expect(result.warnings.join('\n')).toMatch(/first 100 of 150 items/);
  });

  it('leaves a feed within the cap as it is', async () => {
    const result = parsed(await parseFeed(atom({ items: numberedItems(100) }), { maxItems: 100 }));
    expect(result.items).toHaveLength(100);
    expect(result.itemsCapped).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('caps a cut body full of tiny items at the default cap, well within the time limit', async () => {
    const tiny = Array.from({ length: 60_000 }, (_, i) => `<item><title>T${i + 1}</title><link>https://t.example/${i + 1}</link></item>`).join('');
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>Tiny</title>${tiny}`;
    const result = parsed(await parseFeed(xml.slice(0, -7), { truncated: true }));
    expect(result.items).toHaveLength(10_000);
    expect(result.items[9_999]?.title).toBe('T10000');
    expect(result.itemsCapped).toBe(true);
  });
});

describe('parseFeed: one item nesting too deep', () => {
  it('drops the item whose description nests 10 000 elements, keeps the 49 others, and says so', async () => {
    const result = parsed(await parseFeed(rss20({ items: withBadItem({ title: 'Too deep', extra: `<description>${nested(10_000)}</description>` }) })));
    expect(titles(result.items)).toEqual(FORTY_NINE);
    expect(result.warnings.join('\n')).toMatch(/dropped 1 item whose elements nest more than 100 levels deep/);
  });

  it('drops an item whose deep elements never close, up to its own end tag', async () => {
    const result = parsed(await parseFeed(rss20({ items: withBadItem({ title: 'Unclosed', extra: nested(10_000, false) }) })));
    expect(titles(result.items)).toEqual(FORTY_NINE);
  });

  it('drops a deep Atom entry and a deep RSS 1.0 item alike', async () => {
    for (const build of [atom, rss10]) {
      const result = parsed(await parseFeed(build({ items: withBadItem({ title: 'Too deep', extra: nested(5_000) }) })));
      expect(titles(result.items)).toEqual(FORTY_NINE);
    }
  });

  it('keeps an item nesting exactly to the limit', async () => {
    // rss › channel › item › 97 divs = 100 levels.
    const result = parsed(await parseFeed(rss20({ items: [{ title: 'At the limit', extra: nested(97) }] })));
    expect(titles(result.items)).toEqual(['At the limit']);
    const over = errorOf(await parseFeed(rss20({ items: [{ title: 'One over', extra: nested(98) }] })));
    expect(over.code).toBe('too-deep');
  });

  it('fails the whole feed when the nesting is outside items, or when every item nests too deep', async () => {
    const outside = errorOf(await parseFeed(rss20({ extra: nested(10_000), items: numberedItems(3) })));
    expect(outside).toMatchObject({ code: 'too-deep', message: expect.stringMatching(/outside any item/) });
    const every = errorOf(await parseFeed(rss20({ items: [{ title: 'A', extra: nested(1_000) }, { title: 'B', extra: nested(1_000) }] })));
    expect(every).toMatchObject({ code: 'too-deep', message: expect.stringMatching(/in every item/) });
  });

  it('stays fast and keeps working when many items nest 100 000 deep', async () => {
    const items = numberedItems(20).map((item, index) => (index % 2 === 0 ? { ...item, extra: nested(100_000, index % 4 === 0) } : item));
    const started = performance.now();
    const result = parsed(await parseFeed(rss20({ items })));
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(titles(result.items)).toEqual(numberedTitles(20).filter((_, index) => index % 2 === 1));
    expect(titles(parsed(await parseFeed(rss20({ items: [{ title: 'Shallow' }] }))).items)).toEqual(['Shallow']);
  });
});
