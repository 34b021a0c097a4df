import { fetchFeed } from '../../src/feeds/fetch/fetch.ts';
import type { FeedItem } from '../../src/feeds/item.ts';
import { parseFeed, type ParseErrorCode } from '../../src/feeds/parse/parse.ts';

/**
 * What the digest collector does with one feed, reduced to the feed pipeline: fetch (loopback allowed, a short
 * deadline), decode, parse with the final URL as base (a body cut at the byte cap parsed as such). Failure codes are the collector's: the fetcher's as they
 * are, the parser's with 'timeout' renamed 'parse-timeout'.
 */

/** One feed read end to end, and how long it took. */
export type PipelineOutcome =
  | { ok: true; items: FeedItem[]; warnings: string[]; charset: string; truncated: boolean; elapsedMs: number }
  | {
      ok: false;
      stage: 'fetch' | 'parse';
      code: string;
      /** English; for a fetch failure `messageFr` holds the French one. */
      message: string;
      messageFr?: string;
      status?: number;
      retryAfterMs?: number;
      elapsedMs: number;
    };

export interface PipelineOptions {
  readonly deadlineMs: number;
  readonly maxBytes?: number;
}

const PARSE_CODES: Record<ParseErrorCode, string> = {
  parse: 'parse',
  timeout: 'parse-timeout',
  'not-a-feed': 'not-a-feed',
  'too-deep': 'too-deep',
  decode: 'decode',
};

/** Fetches and parses `url` as the collector would. Never throws for anything the server does. */
export async function fetchAndParse(url: string, options: PipelineOptions): Promise<PipelineOutcome> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const fetched = await fetchFeed(url, {
    allowPrivate: true,
    deadlineMs: options.deadlineMs,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
  if (!fetched.ok) {
    const { code, message, status, retryAfterMs } = fetched.error;
    return {
      ok: false,
      stage: 'fetch',
      code,
      message: message.en,
      messageFr: message.fr,
      ...(status === undefined ? {} : { status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      elapsedMs: elapsed(),
    };
  }
  if (fetched.notModified) throw new Error('a hostile case answered 304 to an unconditional request');
  const parsed = await parseFeed(fetched.text, { baseUrl: fetched.finalUrl, truncated: fetched.truncated });
  if (!parsed.ok) {
    return { ok: false, stage: 'parse', code: PARSE_CODES[parsed.error.code], message: parsed.error.message, elapsedMs: elapsed() };
  }
  const { items, warnings } = parsed;
  return { ok: true, items, warnings, charset: fetched.charset, truncated: fetched.truncated, elapsedMs: elapsed() };
}
