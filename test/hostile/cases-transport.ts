import {
  cutShort,
  redirect,
  resetMidBody,
  respond,
  silent,
  streamingGzipBomb,
  type FeedServer,
} from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { RSS_XML, type HostileCase } from './case-types.ts';
import { brotliZeros, deflateBomb, endlessBody, oneBytePer } from './handlers.ts';

/** Hostile behaviour on the wire: bodies that never end, bombs, slow or silent servers, redirects, HTTP errors. */

const GIGABYTE = 1024 ** 3;
const SMALL_FEED = rss20({ items: [{ title: 'Arrived after five hops', link: 'https://hops.example.com/1' }] });

/** A chain of `hops` redirects under `base`, ending at a small feed. */
function redirectChain(server: FeedServer, base: string, hops: number): string {
  for (let hop = 1; hop <= hops; hop += 1) server.route(`${base}/hop/${hop}`, redirect(`${base}/hop/${hop + 1}`, 301));
  server.route(`${base}/hop/${hops + 1}`, respond({ body: SMALL_FEED, headers: RSS_XML }));
  return `${base}/hop/1`;
}

function status(code: number, headers: Record<string, string> = {}): HostileCase['serve'] {
  return (server, base) => {
    server.route(`${base}/status`, respond({ status: code, body: `<html><body>Error ${code}</body></html>`, headers }));
    return `${base}/status`;
  };
}

export const TRANSPORT_CASES: readonly HostileCase[] = [
  {
    name: 'endless body (the response never ends)',
    expected: 'failed: too-large at 5 MB (or timeout at the deadline), process alive',
    serve(server, base) {
      server.route(`${base}/endless`, endlessBody());
      return `${base}/endless`;
    },
    outcome: { ok: false, code: ['too-large', 'timeout'], message: /larger than 5\.0 MB|within 600 ms/ },
    maxRssGrowthMb: 150,
  },
  {
    name: 'gzip bomb: 1 GB of zeros',
    expected: 'failed: too-large, stops inflating at the limit',
    serve(server, base) {
      server.route(`${base}/gzip-bomb`, streamingGzipBomb(GIGABYTE).handler);
      return `${base}/gzip-bomb`;
    },
    outcome: { ok: false, code: 'too-large', message: /larger than 5\.0 MB/ },
    maxRssGrowthMb: 150,
  },
  {
    name: 'deflate bomb: 1 GB of zeros',
    expected: 'failed: too-large',
    serve(server, base) {
      server.route(`${base}/deflate-bomb`, deflateBomb(GIGABYTE));
      return `${base}/deflate-bomb`;
    },
    outcome: { ok: false, code: 'too-large', message: /larger than 5\.0 MB/ },
    maxRssGrowthMb: 150,
  },
  {
    name: 'brotli bomb: 1 GB of zeros',
    expected: 'failed: too-large',
    async serve(server, base) {
      const body = await brotliZeros(GIGABYTE);
      server.route(`${base}/br-bomb`, respond({ body, headers: { ...RSS_XML, 'content-encoding': 'br' } }));
      return `${base}/br-bomb`;
    },
    outcome: { ok: false, code: 'too-large', message: /larger than 5\.0 MB/ },
    maxRssGrowthMb: 150,
  },
  {
    name: 'slow server: 1 byte every 100 ms',
    expected: 'failed: timeout at the deadline, socket closed',
    serve(server, base) {
      server.route(`${base}/slow`, oneBytePer(100, SMALL_FEED));
      return `${base}/slow`;
    },
    outcome: { ok: false, code: 'timeout', message: /within 600 ms/ },
    endsAtDeadline: true,
  },
  {
    name: 'silent server: accepts, never answers',
    expected: 'failed: timeout at the deadline, socket closed',
    serve(server, base) {
      server.route(`${base}/silent`, silent());
      return `${base}/silent`;
    },
    outcome: { ok: false, code: 'timeout', message: /within 600 ms/ },
    endsAtDeadline: true,
  },
  {
    name: 'redirect loop',
    expected: 'failed: too-many-redirects',
    serve(server, base) {
      server.route(`${base}/loop/a`, redirect(`${base}/loop/b`));
      server.route(`${base}/loop/b`, redirect(`${base}/loop/a`));
      return `${base}/loop/a`;
    },
    outcome: { ok: false, code: 'too-many-redirects', message: /after 5 redirects/ },
  },
  {
    name: 'five redirects, then the feed',
    expected: 'ok: 1 item (five hops is within the cap)',
    serve: (server, base) => redirectChain(server, base, 5),
    outcome: { ok: true, titles: ['Arrived after five hops'] },
  },
  {
    name: 'six redirects (one over the cap)',
    expected: 'failed: too-many-redirects',
    serve: (server, base) => redirectChain(server, base, 6),
    outcome: { ok: false, code: 'too-many-redirects', message: /after 5 redirects/ },
  },
  {
    name: 'redirect to file:///etc/passwd',
    expected: 'failed: bad-redirect naming the address, nothing read',
    serve(server, base) {
      server.route(`${base}/to-file`, redirect('file:///etc/passwd'));
      return `${base}/to-file`;
    },
    outcome: { ok: false, code: 'bad-redirect', message: /file:\/\/\/etc\/passwd/ },
    forbidden: [/root:/],
  },
  {
    name: 'redirect to ftp:',
    expected: 'failed: bad-redirect naming the address',
    serve(server, base) {
      server.route(`${base}/to-ftp`, redirect('ftp://ftp.example.com/feed.xml'));
      return `${base}/to-ftp`;
    },
    outcome: { ok: false, code: 'bad-redirect', message: /ftp:\/\/ftp\.example\.com\/feed\.xml/ },
  },
  {
    name: 'body shorter than its Content-Length',
    expected: 'failed: network (the connection closed early)',
    serve(server, base) {
      server.route(`${base}/short`, cutShort({ body: SMALL_FEED.slice(0, 120), declaredLength: SMALL_FEED.length }));
      return `${base}/short`;
    },
    outcome: { ok: false, code: 'network', message: /closed early|cut/ },
  },
  {
    name: 'connection reset mid-body',
    expected: 'failed: network (the connection was cut)',
    serve(server, base) {
      server.route(`${base}/reset`, resetMidBody({ prefix: SMALL_FEED.slice(0, 120) }));
      return `${base}/reset`;
    },
    outcome: { ok: false, code: 'network', message: /cut|closed early/ },
  },
  {
    name: 'HTTP 404',
    expected: 'failed: http-status 404',
    serve: status(404),
    outcome: { ok: false, code: 'http-status', status: 404, message: /HTTP 404 \(Not Found\)/ },
  },
  {
    name: 'HTTP 410',
    expected: 'failed: http-status 410',
    serve: status(410),
    outcome: { ok: false, code: 'http-status', status: 410, message: /HTTP 410 \(Gone\)/ },
  },
  {
    name: 'HTTP 500',
    expected: 'failed: http-status 500',
    serve: status(500),
    outcome: { ok: false, code: 'http-status', status: 500, message: /HTTP 500/ },
  },
  {
    name: 'HTTP 503 with Retry-After in seconds',
    expected: 'failed: http-status 503, retryAfterMs 120 000',
    serve: status(503, { 'retry-after': '120' }),
    outcome: { ok: false, code: 'http-status', status: 503, retryAfterMs: [120_000, 120_000], message: /503.*wait 2 min/ },
  },
  {
    name: 'HTTP 429 with Retry-After as an HTTP date',
    expected: 'failed: http-status 429, retryAfterMs about 90 000',
    serve: (server, base) => status(429, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() })(server, base),
    outcome: { ok: false, code: 'http-status', status: 429, retryAfterMs: [85_000, 90_000], message: /429.*wait/ },
  },
];
