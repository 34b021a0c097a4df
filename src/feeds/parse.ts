import type { FeedItem } from './item.ts';
import { normalizeFeedInSlices } from './normalize.ts';
import { runParseJob } from './parse-pool.ts';

export { closeParsePool } from './parse-pool.ts';

/** How long one document may take to parse before its worker is terminated. */
export const DEFAULT_PARSE_TIMEOUT_MS = 5_000;
/** Real feeds nest a few levels (rss › channel › item › element, plus some XHTML); more is an attack. */
export const DEFAULT_MAX_DEPTH = 100;

/** Why a document gave no items. */
export type ParseErrorCode = 'parse' | 'timeout' | 'not-a-feed' | 'too-deep';

/** The outcome of parsing one feed document. Warnings describe repairs made on the way (in English, for logs). */
export type ParseResult =
  | { ok: true; feed: { title?: string; link?: string }; items: FeedItem[]; warnings: string[] }
  | { ok: false; error: { code: ParseErrorCode; message: string } };

export interface ParseOptions {
  /** Time limit for the parse itself, in milliseconds (default 5 000). */
  readonly timeoutMs?: number;
  /** The URL the feed was fetched from: relative links resolve against it, and it is each item's `feedUrl`. */
  readonly baseUrl?: string;
  /** Deepest element nesting accepted (default 100). */
  readonly maxDepth?: number;
}

/**
 * Parses an already-decoded RSS 0.9x / 1.0 / 2.0 or Atom document into normalised items.
 * The XML is parsed off the main thread, in a small pool of workers, under a time limit; a document that
 * is not a feed (JSON Feed, an HTML page), nests too deep or cannot be parsed gives an error, never a throw.
 * A document that is not well-formed (cut short, one broken item) keeps its complete items, with a warning.
 */
export async function parseFeed(xml: string, options: ParseOptions = {}): Promise<ParseResult> {
  const result = await runParseJob(xml, {
    timeoutMs: options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  });
  if (!result.ok) return result;
  // In slices: a feed of thousands of items must not stall the bot's event loop.
  const normalized = await normalizeFeedInSlices(result.feed, result.items, options.baseUrl);
  return { ok: true, feed: normalized.feed, items: normalized.items, warnings: [...result.warnings, ...normalized.warnings] };
}
