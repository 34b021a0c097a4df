import { expect } from 'vitest';
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
import { brotliZeros, deflateBomb, endlessBody, endlessTitle, oneBytePer } from './handlers.ts';

/** Hostile behaviour on the wire: bodies that never end, bombs, slow or silent servers, redirects, HTTP errors. */

/**
 * Cases that must reach the byte cap (20 MB) get a deadline long enough for a loaded machine to read that much: the
 * outcome is then the cap's, not a race between the cap and the deadline.
 */
const CAP_DEADLINE_MS = 10_000;
/** And time to parse what was read (10 000 items at most) on that machine. */
const CAP_SLACK_MS = 5_000;
/** A bomb read up to the cap is 20 MB of zeros: not XML, refused by the parser at its first character. */
const ZEROS_AT_THE_CAP = { ok: false, code: 'not-a-feed', message: /not XML/ } as const;

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
    expected: 'ok with a warning: the first 10 000 items, the body cut at the 20 MB cap, process alive',
    serve(server, base) {
      server.route(`${base}/endless`, endlessBody());
      return `${base}/endless`;
    },
    outcome: {
      ok: true,
      titles: Array.from({ length: 10_000 }, (_, index) => endlessTitle(index + 1)),
      warning: /read the first 10000 of \d+ items \(the item cap\)/,
      truncated: true,
      check(items) {
        expect(items[9_999]?.link).toBe('https://endless.example.com/10000');
      },
    },
    deadlineMs: CAP_DEADLINE_MS,
    slackMs: CAP_SLACK_MS,
    maxRssGrowthMb: 150,
  },
  {
    name: 'gzip bomb: 1 GB of zeros',
    expected: 'failed: not-a-feed, inflating stopped at the 20 MB cap',
    serve(server, base) {
      server.route(`${base}/gzip-bomb`, streamingGzipBomb(GIGABYTE).handler);
      return `${base}/gzip-bomb`;
    },
    outcome: ZEROS_AT_THE_CAP,
    deadlineMs: CAP_DEADLINE_MS,
    slackMs: CAP_SLACK_MS,
    maxRssGrowthMb: 150,
  },
  {
    name: 'deflate bomb: 1 GB of zeros',
    expected: 'failed: not-a-feed, inflating stopped at the 20 MB cap',
    serve(server, base) {
      server.route(`${base}/deflate-bomb`, deflateBomb(GIGABYTE));
      return `${base}/deflate-bomb`;
    },
    outcome: ZEROS_AT_THE_CAP,
    deadlineMs: CAP_DEADLINE_MS,
    slackMs: CAP_SLACK_MS,
    maxRssGrowthMb: 150,
  },
  {
    name: 'brotli bomb: 1 GB of zeros',
    expected: 'failed: not-a-feed, inflating stopped at the 20 MB cap',
    async serve(server, base) {
      const body = await brotliZeros(GIGABYTE);
      server.route(`${base}/br-bomb`, respond({ body, headers: { ...RSS_XML, 'content-encoding': 'br' } }));
      return `${base}/br-bomb`;
    },
    outcome: ZEROS_AT_THE_CAP,
    deadlineMs: CAP_DEADLINE_MS,
    slackMs: CAP_SLACK_MS,
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
