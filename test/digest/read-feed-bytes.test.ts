import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../src/digest/collect/read-feed.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';

/**
 * A digest's reads hand the body to the parse worker as it came, which decompresses and decodes it there (issue 14):
 * the charset rules of the fetcher hold all the same, for a small body (which Node may have cut from its shared
 * buffer pool, so it must be copied before it moves to the worker) and a large compressed one; and so do its
 * decompression rules: every coding, the byte cap after decompression, a clear failure for a corrupt body.
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
  const small = Buffer.from(rss20({ items: [{ title: TITLE, link: 'https://news.example.com/c' }] }));
  server.route('/raw-deflate', respond({ body: deflateRawSync(small), headers: { ...RSS, 'content-encoding': 'deflate' } }));
  server.route('/brotli', respond({ body: brotliCompressSync(small), headers: { ...RSS, 'content-encoding': 'br' } }));
  server.route('/corrupt-gzip', respond({ body: Buffer.concat([gzipSync(small).subarray(0, 10), Buffer.from('not deflate data at all')]), headers: { ...RSS, 'content-encoding': 'gzip' } }));
  // 150 KB compressed to a few KB: far below the cap on the wire, far above it once inflated.
  server.route('/inflates-past-cap', respond({ body: gzipSync(longFeed), headers: { ...RSS, 'content-encoding': 'gzip' } }));
});

const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };
const longFeed = Buffer.from(rss20({ items: Array.from({ length: 300 }, (_, index) => ({ title: `Item ${index}`, link: `https://news.example.com/p${index}`, description: 'y'.repeat(400) })) }));
const CAP = 40_000;

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

describe('decompressing in the parse worker', () => {
  it('reads raw deflate and brotli bodies', async () => {
    expect(await titles('/raw-deflate')).toEqual([TITLE]);
    expect(await titles('/brotli')).toEqual([TITLE]);
  });

  it('stops a body that inflates past the byte cap there, keeps its complete items and says it was cut', async () => {
    const read = await readFeed(server.url('/inflates-past-cap'), { allowPrivate: true, maxBytes: CAP });
    if (read.kind !== 'parsed') throw new Error(`expected items, got ${read.kind}`);
    const kept = longFeed.subarray(0, CAP).toString().split('</item>').length - 1;
    expect(read.items.length).toBe(kept);
    expect(read.items.length).toBeGreaterThan(10);
    expect(read.items[0]?.title).toBe('Item 0');
    expect(read.truncated).toEqual({ by: 'bytes', limit: CAP });
  });

  it('fails a corrupt compressed body with a clear reason in English and French, and the next read works', async () => {
    const read = await readFeed(server.url('/corrupt-gzip'), { allowPrivate: true });
    if (read.kind !== 'failed') throw new Error(`expected a failure, got ${read.kind}`);
    expect(read.failure.code).toBe('decode');
    expect(read.failure.message.en).toMatch(/^Could not decompress the feed \(.+\)\.$/);
    expect(read.failure.message.fr).toMatch(/^Impossible de décompresser le flux \(.+\)\.$/);
    expect(await titles('/brotli')).toEqual([TITLE]);
  });
});
