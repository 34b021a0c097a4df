import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionPool } from '../../src/feeds/fetch/connections.ts';
import { fetchFeed } from '../../src/feeds/fetch/fetch.ts';
import { DEFAULT_USER_AGENT } from '../../src/feeds/fetch/settings.ts';
import { parseRetryAfter } from '../../src/feeds/fetch/errors.ts';
import { hostOf, mapWithLimits, type JobLimits } from '../../src/async/limits.ts';
import type { FetchError, FetchErrorCode, FetchOptions, FetchResult, FetchedFeed } from '../../src/feeds/fetch/types.ts';
import {
  compress,
  conditionalFeed,
  contentEncoding,
  cutShort,
  encodeUtf16be,
  encodeWindows1252,
  fakeLookup,
  gzipBomb,
  installLoopbackFirewall,
  redirect,
  resetMidBody,
  respond,
  silent,
  startFeedServer,
  streamingGzipBomb,
  trickle,
  type Coding,
  type FeedServer,
  type LoopbackFirewall,
} from '../support/feed-server.ts';

const FEED = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pékin, café, Zürich</title></channel></rss>';
const RSS_UTF8 = { 'content-type': 'application/rss+xml; charset=utf-8' };
const local = { allowPrivate: true } as const;
const PUBLIC_IP = '93.184.215.14';

let server: FeedServer;
let firewall: LoopbackFirewall;

beforeAll(async () => {
  firewall = installLoopbackFirewall();
  server = await startFeedServer();
});

afterEach(async () => {
  firewall.divertTo(undefined);
  await server.waitForIdle(1000);
  server.resetStats();
});

afterAll(async () => {
  await server.close();
  firewall.restore();
});

function expectFeed(result: FetchResult): FetchedFeed {
  if (!result.ok) throw new Error(`expected a feed, got ${result.error.code}: ${result.error.message.en}`);
  if (result.notModified) throw new Error('expected a feed, got 304');
  return result;
}

function expectFailure(result: FetchResult, code: FetchErrorCode): FetchError {
  if (result.ok) throw new Error(`expected ${code}, got HTTP ${result.status}`);
  expect(result.error.code, result.error.message.en).toBe(code);
  expect(result.error.message.en.length).toBeGreaterThan(0);
  expect(result.error.message.fr.length).toBeGreaterThan(0);
  return result.error;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now();
  const value = await work;
  return { value, elapsedMs: performance.now() - started };
}

describe('fetchFeed: a normal exchange', () => {
  it('returns the text, validators and final URL, then a bodiless 304 on a conditional GET', async () => {
    const lastModified = 'Tue, 01 Jul 2025 10:00:00 GMT';
    server.route('/cond.xml', conditionalFeed({ body: FEED, etag: '"v1"', lastModified, headers: RSS_UTF8 }));

    const first = expectFeed(await fetchFeed(server.url('/cond.xml'), local));
    expect(first).toMatchObject({ status: 200, text: FEED, charset: 'utf-8', etag: '"v1"', lastModified, truncated: false });
    expect(first.finalUrl).toBe(server.url('/cond.xml'));
    expect(first.bytes).toBe(Buffer.byteLength(FEED));
    const [firstRequest] = server.requestsTo('/cond.xml');
    expect(firstRequest?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(firstRequest?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(firstRequest?.headers['if-none-match']).toBeUndefined();

    const conditional = { ...(first.etag ? { etag: first.etag } : {}), ...(first.lastModified ? { lastModified } : {}) };
    const second = await fetchFeed(server.url('/cond.xml'), { ...local, conditional, userAgent: 'TestAgent/1' });
    expect(second).toEqual({
      ok: true,
      status: 304,
      notModified: true,
      etag: '"v1"',
      lastModified,
      finalUrl: server.url('/cond.xml'),
    });
    const secondRequest = server.requestsTo('/cond.xml')[1];
    expect(secondRequest?.headers['if-none-match']).toBe('"v1"');
    expect(secondRequest?.headers['if-modified-since']).toBe(lastModified);
    expect(secondRequest?.headers['user-agent']).toBe('TestAgent/1');
  });

  it.each<Coding>(['gzip', 'deflate', 'deflate-raw', 'br'])('decompresses %s', async (coding) => {
    const body = FEED.repeat(50);
    const headers = { ...RSS_UTF8, 'content-encoding': contentEncoding(coding) };
    server.route(`/coded-${coding}`, respond({ body: compress(body, coding), headers }));
    const feed = expectFeed(await fetchFeed(server.url(`/coded-${coding}`), local));
    expect(feed.text).toBe(body);
    expect(feed.bytes).toBe(Buffer.byteLength(body));
  });

  it('reports a body that does not decompress as a decode error', async () => {
    server.route('/corrupt', respond({ body: Buffer.from('definitely not gzip'), headers: { 'content-encoding': 'gzip' } }));
    expectFailure(await fetchFeed(server.url('/corrupt'), local), 'decode');
  });

  it('refuses an unknown Content-Encoding', async () => {
    server.route('/zstd', respond({ body: 'x', headers: { 'content-encoding': 'zstd' } }));
    expectFailure(await fetchFeed(server.url('/zstd'), local), 'decode');
  });

  it('rejects a non-http(s) or malformed address without any connection', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/feed.xml', 'not a url', '']) {
      expectFailure(await fetchFeed(url, local), 'bad-url');
    }
    expect(server.connections()).toBe(0);
  });
});

describe('fetchFeed: size limits', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await gzipBomb(100 * 1024 * 1024);
  });

  it('stops a 100 MB gzip bomb at maxBytes: the first maxBytes come back, truncated, at once', async () => {
    expect(bomb.length).toBeLessThan(200 * 1024);
    server.route('/bomb', respond({ body: bomb, headers: { 'content-encoding': 'gzip' } }));
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/bomb'), { ...local, maxBytes: 1024 * 1024 }));
    const feed = expectFeed(value);
    expect(feed).toMatchObject({ truncated: true, bytes: 1024 * 1024 });
    expect(feed.text).toBe('\0'.repeat(1024 * 1024));
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('does not inflate the rest of an endless bomb once the cap is reached', async () => {
    // 500 GB of zeros, about 500 MB on the wire: inflating even a tenth of it would take well over a minute.
    const endless = streamingGzipBomb(500 * 1024 ** 3);
    server.route('/endless-bomb', endless.handler);
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/endless-bomb'), { ...local, maxBytes: 2 * 1024 * 1024 }));
    expect(expectFeed(value)).toMatchObject({ truncated: true, bytes: 2 * 1024 * 1024 });
    expect(elapsedMs).toBeLessThan(2000);
    await server.waitForIdle(500);
    // What the socket buffers of both ends absorbed, not what was inflated.
    expect(endless.sent()).toBeLessThan(32 * 1024 * 1024);
  });

  it('reads the first maxBytes of a body announced larger than the cap, and of one that streams past it', async () => {
    const big = Array.from({ length: 200 * 1024 / 8 }, (_, i) => String(i).padStart(8, '.')).join('');
    server.route('/big', respond({ body: big }));
    server.route('/big-chunked', respond({ body: big, chunked: true }));
    for (const path of ['/big', '/big-chunked']) {
      const feed = expectFeed(await fetchFeed(server.url(path), { ...local, maxBytes: 64 * 1024 }));
      expect(feed).toMatchObject({ truncated: true, bytes: 64 * 1024 });
      expect(feed.text).toBe(big.slice(0, 64 * 1024));
    }
    const whole = expectFeed(await fetchFeed(server.url('/big-chunked'), { ...local, maxBytes: 200 * 1024 }));
    expect(whole).toMatchObject({ truncated: false, text: big });
  });

  it('stops a compressed stream that never gives anything at twice the cap on the wire', async () => {
    // A gzip header, then empty deflate blocks forever: nothing ever comes out of the decompressor.
    const emptyBlocks = Buffer.from('000000ffff'.repeat(1024), 'hex');
    let sent = 0;
    server.route('/empty-blocks', (_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.write(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]));
      const pump = () => {
        while (!response.destroyed && sent < 1024 ** 3) {
          sent += emptyBlocks.length;
          if (!response.write(emptyBlocks)) return void response.once('drain', pump);
        }
      };
      pump();
    });
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/empty-blocks'), { ...local, maxBytes: 64 * 1024 }));
    expect(expectFeed(value)).toMatchObject({ truncated: true, bytes: 0, text: '' });
    expect(elapsedMs).toBeLessThan(2000);
    await server.waitForIdle(500);
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });

  it.each<Coding>(['gzip', 'deflate', 'deflate-raw', 'br'])('cuts a %s body at the cap after decompression', async (coding) => {
    const body = Array.from({ length: 40_000 }, (_, i) => `<item>${i}</item>`).join('');
    const headers = { 'content-encoding': contentEncoding(coding) };
    server.route(`/big-${coding}`, respond({ body: compress(body, coding), headers }));
    const feed = expectFeed(await fetchFeed(server.url(`/big-${coding}`), { ...local, maxBytes: 100_000 }));
    expect(feed).toMatchObject({ truncated: true, bytes: 100_000 });
    expect(feed.text).toBe(body.slice(0, 100_000));
  });
});

describe('fetchFeed: deadline and cancellation', () => {
  it('gives up on a server that trickles its body, on time, and closes the socket', async () => {
    server.route('/trickle', trickle({ chunk: '<', intervalMs: 20 }));
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/trickle'), { ...local, deadlineMs: 300 }));
    expect(expectFailure(value, 'timeout').message.en).toContain('300 ms');
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
    expect(elapsedMs).toBeLessThan(300 + 250);
    await server.waitForIdle(200);
  });

  it('gives up on a server that never sends headers', async () => {
    server.route('/silent', silent());
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/silent'), { ...local, deadlineMs: 250 }));
    expectFailure(value, 'timeout');
    expect(elapsedMs).toBeLessThan(250 + 250);
    expect(server.requestsTo('/silent')).toHaveLength(1);
    await server.waitForIdle(200);
  });

  it('counts DNS in the deadline', async () => {
    const never = () => new Promise<string[]>(() => {});
    const { value, elapsedMs } = await timed(fetchFeed('http://stuck.test/feed', { deadlineMs: 200, lookup: never }));
    expectFailure(value, 'timeout');
    expect(elapsedMs).toBeLessThan(200 + 250);
  });

  it('stops when the caller aborts, and does not start when already aborted', async () => {
    server.route('/abort', silent());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const { value, elapsedMs } = await timed(fetchFeed(server.url('/abort'), { ...local, signal: controller.signal }));
    expectFailure(value, 'aborted');
    expect(elapsedMs).toBeLessThan(400);
    await server.waitForIdle(200);

    server.resetStats();
    expectFailure(await fetchFeed(server.url('/abort'), { ...local, signal: AbortSignal.abort() }), 'aborted');
    expect(server.connections()).toBe(0);
  });
});

describe('fetchFeed: redirects', () => {
  it('resolves a relative Location against the current URL', async () => {
    server.route('/r/a/start', redirect('../feed.xml', 301));
    server.route('/r/feed.xml', respond({ body: FEED, headers: RSS_UTF8 }));
    const feed = expectFeed(await fetchFeed(server.url('/r/a/start'), local));
    expect(feed.text).toBe(FEED);
    expect(feed.finalUrl).toBe(server.url('/r/feed.xml'));
  });

  it.each([301, 302, 303, 307, 308])('follows a chain of 3 redirects with status %i', async (status) => {
    server.route(`/chain${status}/1`, redirect(`/chain${status}/2`, status));
    server.route(`/chain${status}/2`, redirect(server.url(`/chain${status}/3`), status));
    server.route(`/chain${status}/3`, redirect(`/chain${status}/end`, status));
    server.route(`/chain${status}/end`, respond({ body: FEED }));
    const feed = expectFeed(await fetchFeed(server.url(`/chain${status}/1`), { ...local, maxRedirects: 3 }));
    expect(feed.finalUrl).toBe(server.url(`/chain${status}/end`));
    expect(server.requests).toHaveLength(4);
    expect(server.connections()).toBe(4);
  });

  it('stops a chain longer than maxRedirects', async () => {
    server.route('/short/1', redirect('/short/2'));
    server.route('/short/2', redirect('/short/3'));
    server.route('/short/3', redirect('/short/end'));
    server.route('/short/end', respond({ body: FEED }));
    expectFailure(await fetchFeed(server.url('/short/1'), { ...local, maxRedirects: 2 }), 'too-many-redirects');
    expect(server.requestsTo('/short/end')).toHaveLength(0);
  });

  it('stops a redirect loop at the cap', async () => {
    server.route('/loop/a', redirect('/loop/b'));
    server.route('/loop/b', redirect('/loop/a'));
    const error = expectFailure(await fetchFeed(server.url('/loop/a'), local), 'too-many-redirects');
    expect(server.requests).toHaveLength(6);
    expect(error.url).toBe(server.url('/loop/b'));
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/feed', 'javascript:alert(1)', 'data:text/xml,<rss/>', 'http://'])(
    'refuses a redirect to %s',
    async (location) => {
      server.route('/bad-redirect', redirect(location));
      expectFailure(await fetchFeed(server.url('/bad-redirect'), local), 'bad-redirect');
      expect(server.connections()).toBe(1);
    },
  );

  it('refuses a redirect without Location', async () => {
    server.route('/no-location', respond({ status: 302 }));
    expectFailure(await fetchFeed(server.url('/no-location'), local), 'bad-redirect');
  });
});

describe('fetchFeed: HTTP errors', () => {
  it.each([404, 500, 403, 410])('reports HTTP %i with its status', async (status) => {
    server.route(`/status-${status}`, respond({ status, body: 'error page' }));
    const error = expectFailure(await fetchFeed(server.url(`/status-${status}`), local), 'http-status');
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.message.en).toContain(String(status));
  });

  it('reads Retry-After in seconds on 429', async () => {
    server.route('/429', respond({ status: 429, headers: { 'retry-after': '120' } }));
    const error = expectFailure(await fetchFeed(server.url('/429'), local), 'http-status');
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(error.message.en).toContain('2 min');
    expect(error.message.fr).toContain('Le serveur a répondu HTTP 429');
  });

  it('caps an absurd Retry-After at a day and says the wait actually applied, not the one asked', async () => {
    server.route('/429-forever', respond({ status: 429, headers: { 'retry-after': String(277_778 * 3600) } }));
    const error = expectFailure(await fetchFeed(server.url('/429-forever'), local), 'http-status');
    expect(error.retryAfterMs).toBe(24 * 3_600_000);
    expect(error.message.en).toBe('The server answered HTTP 429 (Too Many Requests). It asks us to wait longer than we ever do: next try in 24 h.');
    expect(error.message.fr).toContain('prochain essai dans 24 h');
    expect(error.message.en).not.toContain('277778');
  });

  it('reads Retry-After as an HTTP date on 503', async () => {
    const retryAt = new Date(Date.now() + 90_000).toUTCString();
    server.route('/503', respond({ status: 503, headers: { 'retry-after': retryAt } }));
    const error = expectFailure(await fetchFeed(server.url('/503'), local), 'http-status');
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBeGreaterThan(87_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000);
  });
});

describe('fetchFeed: broken connections', () => {
  it('reports a connection reset in the middle of the body', async () => {
    server.route('/reset', resetMidBody({ prefix: '<rss><channel>' }));
    expectFailure(await fetchFeed(server.url('/reset'), local), 'network');
  });

  it('reports a body cut short of its Content-Length', async () => {
    server.route('/short-body', cutShort({ body: '<rss><channel>', declaredLength: 5000 }));
    expectFailure(await fetchFeed(server.url('/short-body'), local), 'network');
  });

  it('reports a refused connection', async () => {
    const closed = await startFeedServer();
    const url = closed.url('/feed.xml');
    await closed.close();
    const error = expectFailure(await fetchFeed(url, local), 'network');
    expect(error.message).toEqual({ en: 'Network error: connection refused.', fr: 'Erreur réseau : connexion refusée.' });
    expect(error.url).toBe(url);
  });
});

describe('fetchFeed: character sets', () => {
  const ACCENTS = 'Pékin, café, Zürich';
  const rss = (title: string, declaration = '<?xml version="1.0"?>') =>
    `${declaration}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;

  it('decodes ISO-8859-1 named in the Content-Type header', async () => {
    const headers = { 'content-type': 'application/rss+xml; charset=ISO-8859-1' };
    server.route('/latin1', respond({ body: encodeWindows1252(rss(ACCENTS)), headers }));
    const feed = expectFeed(await fetchFeed(server.url('/latin1'), local));
    expect(feed.text).toBe(rss(ACCENTS));
    expect(feed.charset).toBe('windows-1252');
  });

  it('decodes windows-1252 named only in the XML declaration, through gzip', async () => {
    const title = '“Pékin” – 5 € au café';
    const text = rss(title, '<?xml version="1.0" encoding="windows-1252"?>');
    const headers = { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' };
    server.route('/cp1252', respond({ body: compress(encodeWindows1252(text), 'gzip'), headers }));
    const feed = expectFeed(await fetchFeed(server.url('/cp1252'), local));
    expect(feed.text).toBe(text);
    expect(feed.text).toContain('“Pékin” – 5 €');
  });

  it('decodes UTF-16LE with a BOM and UTF-16BE named in the header', async () => {
    server.route('/utf16le', respond({ body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss(ACCENTS), 'utf16le')]) }));
    server.route('/utf16be', respond({ body: encodeUtf16be(rss(ACCENTS)), headers: { 'content-type': 'text/xml; charset=UTF-16BE' } }));
    const little = expectFeed(await fetchFeed(server.url('/utf16le'), local));
    const big = expectFeed(await fetchFeed(server.url('/utf16be'), local));
    expect([little.text, little.charset]).toEqual([rss(ACCENTS), 'utf-16le']);
    expect([big.text, big.charset]).toEqual([rss(ACCENTS), 'utf-16be']);
  });

  it('strips a UTF-8 BOM', async () => {
    server.route('/bom', respond({ body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(ACCENTS))]) }));
    const feed = expectFeed(await fetchFeed(server.url('/bom'), local));
    expect(feed.text).toBe(rss(ACCENTS));
  });
});

describe('fetchFeed: private addresses', () => {
  it('refuses a literal loopback address without connecting', async () => {
    server.route('/guarded', respond({ body: FEED }));
    const error = expectFailure(await fetchFeed(server.url('/guarded')), 'private-address');
    expect(error.message.en).toContain('127.0.0.1');
    expect(error.message.fr).toContain('adresse privée');
    expect(server.connections()).toBe(0);
  });

  it.each([
    'http://[::1]/feed',
    'http://0x7f.1/feed',
    'http://2130706433/feed',
    'http://[::ffff:127.0.0.1]/feed',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.1/feed',
    'http://0.0.0.0/feed',
  ])(
    'refuses the literal address in %s without any connection attempt',
    async (url) => {
      const attemptsBefore = firewall.attempts.length;
      expectFailure(await fetchFeed(url), 'private-address');
      expect(firewall.attempts).toHaveLength(attemptsBefore);
      expect(server.connections()).toBe(0);
    },
  );

  it('refuses localhost as resolved by the system', async () => {
    expectFailure(await fetchFeed(server.url('/guarded', 'localhost')), 'private-address');
    expect(server.connections()).toBe(0);
  });

  it('refuses a public-looking name that resolves to loopback', async () => {
    const dns = fakeLookup({ 'news.example': ['127.0.0.1'] });
    expectFailure(await fetchFeed(server.url('/guarded', 'news.example'), { lookup: dns.lookup }), 'private-address');
    expect(server.connections()).toBe(0);
  });

  it('refuses a name whose answers mix public and private addresses', async () => {
    const dns = fakeLookup({ 'mixed.example': [PUBLIC_IP, '::ffff:10.0.0.1'] });
    const attemptsBefore = firewall.attempts.length;
    expectFailure(await fetchFeed('http://mixed.example/feed', { lookup: dns.lookup }), 'private-address');
    expect(firewall.attempts).toHaveLength(attemptsBefore);
  });

  it('checks every redirect hop: an allowed host cannot redirect to a private one', async () => {
    const dns = fakeLookup({ 'bridge.test': ['127.0.0.1'], 'evil.test': ['127.0.0.1'] });
    const options = { lookup: dns.lookup, allowPrivateHosts: ['bridge.test'] };
    server.route('/secret', respond({ body: 'secret' }));
    server.route('/to-literal', redirect(server.url('/secret')));
    server.route('/to-name', redirect(server.url('/secret', 'evil.test')));
    server.route('/to-self', redirect(server.url('/secret', 'bridge.test')));

    expectFailure(await fetchFeed(server.url('/to-literal', 'bridge.test'), options), 'private-address');
    expectFailure(await fetchFeed(server.url('/to-name', 'bridge.test'), options), 'private-address');
    expect(dns.calls('evil.test')).toBe(1);
    expect(server.requestsTo('/secret')).toHaveLength(0);
    expect(expectFeed(await fetchFeed(server.url('/to-self', 'bridge.test'), options)).text).toBe('secret');
  });

  it('connects only to the address it checked, even if DNS answers differently later (rebinding)', async () => {
    server.route('/rebind', respond({ body: 'internal' }));
    const dns = fakeLookup({ 'rebind.example': (call) => (call === 1 ? [PUBLIC_IP] : ['127.0.0.1']) });
    const result = await fetchFeed(server.url('/rebind', 'rebind.example'), { lookup: dns.lookup, deadlineMs: 500 });
    // The checked public address is the only one tried; the firewall keeps the packet on this machine.
    expectFailure(result, 'network');
    expect(firewall.attempts.at(-1)).toBe(PUBLIC_IP);
    expect(result.ok || result.error.message.en).toContain('host unreachable');
    expect(dns.calls('rebind.example')).toBe(1);
    expect(server.connections()).toBe(0);
  });

  it('uses one resolution per hop: a second answer pointing elsewhere is never used', async () => {
    const other = await startFeedServer({ host: '127.0.0.2', port: server.port });
    try {
      server.route('/pinned', respond({ body: 'first answer' }));
      other.route('/pinned', respond({ body: 'second answer' }));
      const dns = fakeLookup({ 'pin.test': (call) => (call === 1 ? ['127.0.0.1'] : ['127.0.0.2']) });
      const feed = expectFeed(await fetchFeed(server.url('/pinned', 'pin.test'), { ...local, lookup: dns.lookup }));
      expect(feed.text).toBe('first answer');
      expect(dns.calls('pin.test')).toBe(1);
      expect(other.connections()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('checks the connected peer and sends nothing when it is not the checked address', async () => {
    server.route('/diverted', respond({ body: 'internal' }));
    firewall.divertTo('127.0.0.1');
    const dns = fakeLookup({ 'diverted.example': [PUBLIC_IP] });
    const result = await fetchFeed(server.url('/diverted', 'diverted.example'), { lookup: dns.lookup, deadlineMs: 500 });
    expect(expectFailure(result, 'private-address').message.en).toContain('127.0.0.1');
    expect(server.connections()).toBe(1);
    expect(server.requests).toHaveLength(0);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-07-01T10:00:00Z');

  it('reads delay-seconds and HTTP dates, and ignores what it cannot read', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 01 Jul 2025 10:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Tue, 01 Jul 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('many fetches under mapWithLimits (as collectFeeds runs them)', () => {
  const fetchAll = (urls: readonly string[], options: FetchOptions, limits: JobLimits): Promise<FetchResult[]> =>
    mapWithLimits(urls, limits, hostOf, (url) => fetchFeed(url, options));
  const hosts = ['h1.test', 'h2.test', 'h3.test', 'h4.test', 'h5.test', 'h6.test'];
  const dns = fakeLookup(Object.fromEntries(['a.test', 'b.test', ...hosts].map((host) => [host, ['127.0.0.1']])));

  it('runs at most `concurrency` fetches at once and returns results in input order', async () => {
    server.route('/pool/slow', (request, response, hit) =>
      respond({ body: `${request.headers.host ?? ''}`, delayMs: 80 })(request, response, hit),
    );
    const urls = hosts.map((host) => server.url('/pool/slow', host));
    const results = await fetchAll(urls, { ...local, lookup: dns.lookup }, { concurrency: 3, perKey: 1 });
    expect(results.map((result) => expectFeed(result).text)).toEqual(hosts.map((host) => `${host}:${server.port}`));
    expect(server.maxActiveRequests()).toBe(3);
    expect(server.maxOpenSockets()).toBe(3);
  });

  it('runs at most `perKey` fetches per host', async () => {
    server.route('/pool/host', respond({ body: FEED, delayMs: 60 }));
    const urls = [1, 2, 3].flatMap(() => [server.url('/pool/host', 'a.test'), server.url('/pool/host', 'b.test')]);
    const results = await fetchAll(urls, { ...local, lookup: dns.lookup }, { concurrency: 4, perKey: 1 });
    expect(results.every((result) => result.ok)).toBe(true);
    expect(server.maxActiveRequests(`a.test:${server.port}`)).toBe(1);
    expect(server.maxActiveRequests(`b.test:${server.port}`)).toBe(1);
    expect(server.maxActiveRequests()).toBe(2);
  });

  it('keeps each result independent of the others failing', async () => {
    server.route('/pool/one', respond({ body: 'one' }));
    server.route('/pool/two', respond({ body: 'two' }));
    server.route('/pool/missing', respond({ status: 404 }));
    server.route('/pool/silent', silent());
    const urls = [
      server.url('/pool/one'),
      server.url('/pool/missing'),
      'not a url',
      server.url('/pool/silent'),
      server.url('/pool/two'),
    ];
    const results = await fetchAll(urls, { ...local, deadlineMs: 300 }, { concurrency: 4, perKey: 4 });
    expect(expectFeed(results[0] as FetchResult).text).toBe('one');
    expect(expectFailure(results[1] as FetchResult, 'http-status').status).toBe(404);
    expectFailure(results[2] as FetchResult, 'bad-url');
    expectFailure(results[3] as FetchResult, 'timeout');
    expect(expectFeed(results[4] as FetchResult).text).toBe('two');
    expect(await fetchAll([], local, { concurrency: 4, perKey: 1 })).toEqual([]);
  });
});

describe('fetchFeed with a connection pool (keep-alive within a run)', () => {
  it('reuses one connection for the fetches of a host, 304s included, and closes it with the pool', async () => {
    server.route('/keep/feed', respond({ body: FEED, headers: RSS_UTF8 }));
    server.route('/keep/cond', conditionalFeed({ body: FEED, etag: '"v1"', lastModified: 'Tue, 22 Jul 2025 18:04:00 GMT' }));
    const connections = createConnectionPool();
    try {
      const options = { ...local, connections };
      expectFeed(await fetchFeed(server.url('/keep/feed'), options));
      expectFeed(await fetchFeed(server.url('/keep/feed'), options));
      const notModified = await fetchFeed(server.url('/keep/cond'), { ...options, conditional: { etag: '"v1"' } });
      expect(notModified.ok && notModified.notModified).toBe(true);
      expectFeed(await fetchFeed(server.url('/keep/feed'), options));
      expect(server.requests).toHaveLength(4);
      expect(server.connections()).toBe(1);
    } finally {
      connections.close();
    }
    await server.waitForIdle(1000);
  });

  it('never reuses a connection for other pinned addresses: DNS that now answers another address gets its own, checked', async () => {
    server.route('/keep/dns', respond({ body: FEED }));
    // First 127.0.0.1 (where the server listens), then 127.0.0.2 (nothing listens there).
    const dns = fakeLookup({ 'moving.test': (call) => [call === 1 ? '127.0.0.1' : '127.0.0.2'] });
    const connections = createConnectionPool();
    try {
      const options = { ...local, lookup: dns.lookup, connections };
      expectFeed(await fetchFeed(server.url('/keep/dns', 'moving.test'), options));
      // Reusing the open socket to 127.0.0.1 would have succeeded; the fetch goes where DNS now points, and fails.
      expectFailure(await fetchFeed(server.url('/keep/dns', 'moving.test'), options), 'network');
      expect(server.requests).toHaveLength(1);
    } finally {
      connections.close();
    }
  });

  it('drops the connection of a fetch cut at the byte cap or failed, and keeps the others', async () => {
    server.route('/keep/big', respond({ body: 'x'.repeat(200_000) }));
    server.route('/keep/missing', respond({ status: 404, body: 'gone' }));
    server.route('/keep/small', respond({ body: FEED }));
    const connections = createConnectionPool();
    try {
      const options = { ...local, connections, maxBytes: 1_000 };
      expect(expectFeed(await fetchFeed(server.url('/keep/big'), options)).truncated).toBe(true);
      expectFailure(await fetchFeed(server.url('/keep/missing'), options), 'http-status');
      expectFeed(await fetchFeed(server.url('/keep/small'), options));
      expectFeed(await fetchFeed(server.url('/keep/small'), options));
      // One connection each for the cut and the failed fetch, one shared by the two complete ones.
      expect(server.connections()).toBe(3);
    } finally {
      connections.close();
    }
  });
});
