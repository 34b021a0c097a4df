import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../src/feeds/item.ts';
import { closeParsePool, parseFeed, type ParseResult } from '../../src/feeds/parse/parse.ts';
import { atom, numberedItems, rss091, rss10, rss20, type XmlItem } from '../support/feed-xml.ts';

afterAll(closeParsePool);

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url), 'utf8');
}

function itemsOf(result: ParseResult): FeedItem[] {
  if (!result.ok) throw new Error(`expected a parsed feed, got ${result.error.code}: ${result.error.message}`);
  return result.items;
}

function errorOf(result: ParseResult): { code: string; message: string } {
  if (result.ok) throw new Error(`expected an error, got ${result.items.length} items`);
  return result.error;
}

function byTitle(items: readonly FeedItem[], title: string): FeedItem {
  const item = items.find((candidate) => candidate.title === title);
  if (!item) throw new Error(`no item titled "${title}" among ${items.map((i) => i.title).join(' | ')}`);
  return item;
}

describe('parseFeed: formats', () => {
  it('reads RSS 0.91 despite its Netscape DOCTYPE', async () => {
    const result = await parseFeed(fixture('rss-0.91.xml'), { baseUrl: 'http://oldwire.example.net/rss.xml' });
    expect(result.ok && result.feed).toEqual({ title: 'Old Tech Wire', link: 'http://oldwire.example.net/' });
    const items = itemsOf(result);
    expect(items.map((item) => item.title)).toEqual(['IBM winds down China research unit', 'Chip tariffs return']);
    expect(items[1]).toMatchObject({
      summary: 'Import duties on semiconductors rise again.',
      link: 'http://oldwire.example.net/stories/tariffs.html',
      feedUrl: 'http://oldwire.example.net/rss.xml',
    });
    expect(items[1]?.published).toBeUndefined();
  });

  it('reads RSS 1.0 (RDF) with dc:date and rdf:about', async () => {
    const items = itemsOf(await parseFeed(fixture('rss-1.0.rdf'), { baseUrl: 'https://journal.example.fr/rss' }));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      title: 'Microsoft ferme son laboratoire de Shanghai',
      summary: 'Le groupe américain déplace ses chercheurs hors de Chine.',
      link: 'https://journal.example.fr/2025/07/microsoft-shanghai',
      guid: 'https://journal.example.fr/2025/07/microsoft-shanghai',
      published: '2025-07-22T07:30:00.000Z',
    });
    expect(items[1]?.published).toBe('2025-07-15T00:00:00.000Z');
  });

  it('reads RSS 2.0: HTML to plain text, relative and script links, readable and unreadable dates', async () => {
    const result = await parseFeed(fixture('rss-2.0.xml'), { baseUrl: 'https://www.example.com/tech/feed.xml' });
    expect(result.ok && result.feed.title).toBe('Example Times – Technology');
    const items = itemsOf(result);
    expect(items).toHaveLength(3);

    const aws = byTitle(items, 'AWS to close Shanghai AI lab');
    expect(aws.summary).toBe('Amazon’s cloud unit will shut its Shanghai lab. Staff were told on Tuesday & asked to leave.');
    expect(aws.summary).not.toMatch(/tracking|color|<|>/);
    expect(aws).toMatchObject({ guid: 'example-times-4711', published: '2025-07-22T18:04:00.000Z' });

    const relative = byTitle(items, 'Relative link, French date');
    expect(relative.link).toBe('https://www.example.com/tech/relative-story');
    expect(relative.published).toBe('2025-07-22T08:00:00.000Z');

    const script = byTitle(items, 'Script link story');
    expect(script.link).toBeUndefined();
    expect(script.published).toBeUndefined();
    expect(script.summary).toContain('its date cannot be read');
  });

  it('reads Atom: xml:base, alternate links, xhtml and empty typed titles, a link given as text, a bad date', async () => {
    const result = await parseFeed(fixture('atom.xml'), { baseUrl: 'https://blog.example.org/atom.xml' });
    expect(result.ok && result.feed).toEqual({ title: 'Example Blog', link: 'https://blog.example.org/' });
    const items = itemsOf(result);
    expect(items).toHaveLength(3);
    for (const item of items) {
      expect(typeof item.title).toBe('string');
      expect(typeof item.summary).toBe('string');
    }

    expect(items[0]).toMatchObject({
      title: 'Nvidia H20 sales to China resume',
      link: 'https://blog.example.org/posts/h20',
      summary: 'Export licences granted.',
      published: '2025-07-15T04:00:00.000Z',
      guid: 'tag:blog.example.org,2025:h20',
    });
    expect(items[1]).toMatchObject({
      title: 'Talent moves east',
      summary: 'Researchers leave for Shenzhen.',
      link: 'https://blog.example.org/posts/talent',
    });
    expect(items[1]?.published).toBeUndefined();
    expect(items[2]).toMatchObject({
      title: 'An entry whose title is empty.',
      link: 'https://blog.example.org/posts/untitled',
      published: '2025-07-20T00:00:00.000Z',
    });
  });

  it('falls back to an Atom entry’s updated date when its published date is unreadable', async () => {
    const xml = atom({ items: [{ title: 'Dated by update', date: '31/31/2025', extra: '<updated>2025-07-01T10:00:00Z</updated>' }] });
    const [item] = itemsOf(await parseFeed(xml));
    expect(item?.published).toBe('2025-07-01T10:00:00.000Z');
  });

  it('reads builder-made documents of all four formats alike', async () => {
    const items: XmlItem[] = [{ title: 'Same story', link: 'https://news.example.com/same', description: 'Same summary.' }];
    for (const build of [rss091, rss10, rss20, atom]) {
      const [item] = itemsOf(await parseFeed(build({ items })));
      expect(item).toMatchObject({ title: 'Same story', link: 'https://news.example.com/same', summary: 'Same summary.' });
    }
  });

  it('reads an <rss> element without version as RSS 2.0', async () => {
    const xml = rss20({ items: [{ title: 'Versionless' }] }).replace('<rss version="2.0"', '<rss');
    expect(itemsOf(await parseFeed(xml)).map((item) => item.title)).toEqual(['Versionless']);
  });
});

describe('parseFeed: identity of items', () => {
  it('keeps all 50 items of a 50-item feed, in order, with distinct ids', async () => {
    const items = itemsOf(await parseFeed(rss20({ items: numberedItems(50) })));
    expect(items).toHaveLength(50);
    expect(items[0]?.title).toBe('Story number 1 about trade');
    expect(items[49]?.title).toBe('Story number 50 about trade');
    expect(new Set(items.map((item) => item.id)).size).toBe(50);
    expect(items[0]?.published).toBe('2025-01-01T00:00:00.000Z');
  });

  it('gives a guid-less feed the same ids on every parse', async () => {
    const feed: XmlItem[] = [
      { title: 'Linked, no guid', link: 'https://news.example.com/a' },
      { title: 'No link, no guid', description: 'Only text.', date: 'Wed, 23 Jul 2025 08:00:00 GMT' },
      { title: 'No link, no guid, no date' },
    ];
    const options = { baseUrl: 'https://news.example.com/feed' };
    const first = itemsOf(await parseFeed(rss20({ items: feed }), options));
    const second = itemsOf(await parseFeed(rss20({ items: feed }), options));
    expect(first.map((item) => item.id)).toEqual(second.map((item) => item.id));
    expect(new Set(first.map((item) => item.id)).size).toBe(3);
    const oldFeed = fixture('rss-0.91.xml');
    expect(itemsOf(await parseFeed(oldFeed)).map((item) => item.id)).toEqual(itemsOf(await parseFeed(oldFeed)).map((item) => item.id));
  });

  it('gives a link the same id through tracking parameters, www, https and a trailing slash', async () => {
    const links = [
      'https://www.example.com/tech/story/',
      'http://example.com/tech/story?utm_source=rss&utm_campaign=x',
      'https://EXAMPLE.com:443/tech/story#comments',
      'https://example.com/tech/story?fbclid=abc&gclid=def',
    ];
    const ids = [];
    for (const link of links) {
      const [item] = itemsOf(await parseFeed(rss20({ items: [{ title: 'One story', link }] })));
      ids.push(item?.id);
    }
    expect(new Set(ids).size).toBe(1);
    const [other] = itemsOf(await parseFeed(rss20({ items: [{ title: 'One story', link: 'https://example.com/tech/other-story' }] })));
    expect(ids).not.toContain(other?.id);
  });
});

describe('parseFeed: broken and hostile input', () => {
  it('recovers a bare "&" and says so', async () => {
    const xml = rss20({ items: [{ title: { raw: 'AT&T & Verizon&nbsp;rally' }, link: 'https://news.example.com/att' }] });
    const result = await parseFeed(xml);
    expect(itemsOf(result)[0]?.title).toBe('AT&T & Verizon rally');
    expect(result.ok && result.warnings.join(' ')).toMatch(/&/);
  });

  it('answers a parse error for XML that is not well-formed', async () => {
    const error = errorOf(await parseFeed('<rss version="2.0"><channel><title>Unclosed</channel></rss>'));
    expect(error.code).toBe('parse');
    expect(error.message).not.toBe('');
  });

  it('refuses 100 000 nested elements quickly, before parsing, and keeps working', async () => {
    const nested = `${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`;
    const started = performance.now();
    const error = errorOf(await parseFeed(rss20({ items: [{ title: 'Deep', extra: nested }] })));
    expect(error.code).toBe('too-deep');
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(itemsOf(await parseFeed(rss20({ items: [{ title: 'Shallow' }] })))[0]?.title).toBe('Shallow');
  });

  it('stops a parse that passes its time limit, and the pool still works afterwards', async () => {
    const big = rss20({ items: numberedItems(20_000) });
    const started = performance.now();
    const error = errorOf(await parseFeed(big, { timeoutMs: 1 }));
    expect(error.code).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(2_000);
    const results = await Promise.all([1, 2, 3].map((n) => parseFeed(rss20({ items: [{ title: `After ${n}` }] }))));
    expect(results.map((result) => itemsOf(result)[0]?.title)).toEqual(['After 1', 'After 2', 'After 3']);
  });

  it('a body cut at the byte cap in the worker says so even when its parse then runs out of time', async () => {
    const body = gzipSync(Buffer.from(rss20({ items: numberedItems(20_000) })));
    const read = (maxBytes: number) => parseFeed({ bytes: [Uint8Array.from(body)], coding: 'gzip', maxBytes }, { timeoutMs: 1 });
    const cut = await read(1_000_000);
    expect(errorOf(cut).code).toBe('timeout');
    expect(cut.bodyTruncated).toBe(true);
    const whole = await read(100_000_000);
    expect(errorOf(whole).code).toBe('timeout');
    expect(whole.bodyTruncated).toBeUndefined();
  });

  it('never expands DOCTYPE entities (billion laughs, external entity)', async () => {
    const result = await parseFeed(fixture('billion-laughs.xml'));
    const [item] = itemsOf(result);
    expect(item?.title.length).toBeLessThan(20);
    expect(item?.summary).not.toMatch(/root:/);
    expect(item?.link).toBe('https://laughs.example.com/1');
    expect(result.ok && result.warnings.join(' ')).toMatch(/not expanded/);
  });

  it('says a JSON Feed is not a feed it reads', async () => {
    const error = errorOf(await parseFeed(fixture('json-feed.json')));
    expect(error).toMatchObject({ code: 'not-a-feed' });
    expect(error.message).toMatch(/JSON/);
  });

  it('says an HTML page is not a feed', async () => {
    const error = errorOf(await parseFeed(fixture('html-page.html')));
    expect(error).toMatchObject({ code: 'not-a-feed' });
    expect(error.message).toMatch(/HTML/);
    expect(errorOf(await parseFeed('<html><body>no doctype</body></html>')).code).toBe('not-a-feed');
  });

  it('says text, an empty document and other XML are not feeds', async () => {
    expect(errorOf(await parseFeed('')).code).toBe('not-a-feed');
    expect(errorOf(await parseFeed('Service unavailable')).code).toBe('not-a-feed');
    const error = errorOf(await parseFeed('<?xml version="1.0"?><sitemap><url/></sitemap>'));
    expect(error.code).toBe('not-a-feed');
    expect(error.message).toContain('sitemap');
  });

  it('parses many feeds at once through the pool, each answer to its own document', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => `Concurrent ${i}`);
    const results = await Promise.all(titles.map((title) => parseFeed(atom({ items: [{ title }] }))));
    expect(results.map((result) => itemsOf(result)[0]?.title)).toEqual(titles);
  });
});
