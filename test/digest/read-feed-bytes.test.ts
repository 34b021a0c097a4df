import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../src/digest/collect/read-feed.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';

/**
 * A digest's reads hand the body to the parse worker as bytes, which decodes it there (issue 14): the charset rules
 * of the fetcher hold all the same, for a small body (which Node may have cut from its shared buffer pool, so it must
 * be copied before it moves to the worker) and a large compressed one.
 */

let server: FeedServer;
const TITLE = 'Pékin: l’État réduit les « contrôles » à 5 €';

function latin1Feed(items: number): Buffer {
  const xml = rss20({ items: Array.from({ length: items }, (_, index) => ({ title: `${TITLE.replace('’', "'").replace('€', 'EUR')} ${index}`, link: `https://news.example.com/${index}` })) });
  return Buffer.from(xml, 'latin1');
}

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/small-latin1', respond({ body: latin1Feed(1), headers: { 'content-type': 'application/rss+xml; charset=iso-8859-1' } }));
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss20({ items: [{ title: TITLE, link: 'https://news.example.com/u' }] }), 'utf16le')]);
  server.route('/utf16-bom', respond({ body: utf16, headers: { 'content-type': 'application/rss+xml' } }));
  const large = gzipSync(Buffer.from(rss20({ items: Array.from({ length: 400 }, (_, index) => ({ title: `${TITLE} ${index}`, link: `https://news.example.com/l${index}`, description: 'x'.repeat(400) })) })));
  server.route('/large-gzip', respond({ body: large, headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'content-encoding': 'gzip' } }));
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

const titles = async (path: string) => {
  const read = await readFeed(server.url(path), { allowPrivate: true });
  if (read.kind !== 'parsed') throw new Error(`${path}: ${read.kind === 'failed' ? read.failure.message.en : read.kind}`);
  return read.items.map((item) => item.title);
};

describe('reading a feed as bytes decoded in the parse worker', () => {
  it('decodes a small Latin-1 body by its Content-Type, and the process keeps working after it moved', async () => {
    expect(await titles('/small-latin1')).toEqual(["Pékin: l'État réduit les « contrôles » à 5 EUR 0"]);
    // Buffers cut from Node's shared pool still work: the body that moved was a copy of its own.
    expect(Buffer.from('still fine').toString()).toBe('still fine');
    expect(await titles('/small-latin1')).toHaveLength(1);
  });

  it('decodes UTF-16 by its BOM and a large gzipped UTF-8 body', async () => {
    expect(await titles('/utf16-bom')).toEqual([TITLE]);
    const large = await titles('/large-gzip');
    expect(large).toHaveLength(400);
    expect(large[399]).toBe(`${TITLE} 399`);
  });
});
