import type { FeedItem } from '../item.ts';
import { normalizeFeedInSlices } from './normalize.ts';
import { runParseJob } from './pool.ts';

export { closeParsePool } from './pool.ts';

/**
 * How long one document may take to parse before its worker is terminated: this much, plus PARSE_MS_PER_MB for each
 * megabyte. Parsing is linear, so the limit grows with the document: a 20 MB feed (the byte cap) gets 15 s, about six
 * times the 2.3 s of CPU the heaviest one measured needs (escaped HTML in every item); a runaway parse still stops.
 */
export const DEFAULT_PARSE_TIMEOUT_MS = 5_000;
export const PARSE_MS_PER_MB = 500;
/** Real feeds nest a few levels (rss › channel › item › element, plus some XHTML); more is an attack. */
export const DEFAULT_MAX_DEPTH = 100;
/**
 * Feeds list newest first and a digest needs a few dozen items: beyond this many, only the first are read. It bounds
 * the parse of a body full of tiny items (20 MB of them is 250 000 items and 7 s of parsing; 10 000 take 0.3 s),
 * and the work on each item after it.
 */
export const DEFAULT_MAX_ITEMS = 10_000;

/** Why a document gave no items. */
export type ParseErrorCode = 'parse' | 'timeout' | 'not-a-feed' | 'too-deep';

/** The outcome of parsing one feed document. Warnings describe repairs made on the way (in English, for logs). */
export type ParseResult =
  | {
      ok: true;
      feed: { title?: string; link?: string };
      items: FeedItem[];
      warnings: string[];
      /** The document held more than `maxItems` items: `items` are its first ones. */
      itemsCapped: boolean;
    }
  | { ok: false; error: { code: ParseErrorCode; message: string } };

export interface ParseOptions {
  /** Time limit for the parse itself, in milliseconds (default: 5 000 plus 500 per megabyte of `xml`). */
  readonly timeoutMs?: number;
  /** The URL the feed was fetched from: relative links resolve against it, and it is each item's `feedUrl`. */
  readonly baseUrl?: string;
  /** Deepest element nesting accepted (default 100): an item nesting deeper is dropped, the feed kept. */
  readonly maxDepth?: number;
  /** Most items read (default DEFAULT_MAX_ITEMS). */
  readonly maxItems?: number;
  /** The text is the start of a longer body, cut at the byte cap: it ends after its last complete item. */
  readonly truncated?: boolean;
}

/**
 * Parses an already-decoded RSS 0.9x / 1.0 / 2.0 or Atom document into normalised items.
 * The XML is parsed off the main thread, in a small pool of workers, under a time limit; a document that
 * is not a feed (JSON Feed, an HTML page), nests too deep outside its items or cannot be parsed gives an error,
 * never a throw. A document that is not well-formed (cut short, one broken item, one item nesting too deep) keeps
 * its complete items, with a warning.
 */
export async function parseFeed(xml: string, options: ParseOptions = {}): Promise<ParseResult> {
  const result = await runParseJob(xml, {
    timeoutMs: options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS + Math.round((PARSE_MS_PER_MB * xml.length) / (1024 * 1024)),
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS,
    truncated: options.truncated ?? false,
  });
  if (!result.ok) return result;
  // In slices: a feed of thousands of items must not stall the bot's event loop.
  const normalized = await normalizeFeedInSlices(result.feed, result.items, options.baseUrl);
  const warnings = [...result.warnings, ...normalized.warnings];
  return { ok: true, feed: normalized.feed, items: normalized.items, warnings, itemsCapped: result.itemsCapped };
}
