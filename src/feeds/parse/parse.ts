import type { ContentCoding } from '../fetch/body.ts';
import type { FeedItem } from '../item.ts';
import { vocabularyJson } from '../tag/kb-matchers.ts';
import { runReadJob } from '../worker/pool.ts';
import type { ReadErrorCode, ReadJob, ReadResult, TaggedItem, TagRequest } from '../worker/types.ts';

export { closeParsePool, warmParseWorkers } from '../worker/pool.ts';

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
export type ParseErrorCode = ReadErrorCode;

/**
 * The outcome of parsing one feed document: what the parse worker answers. Warnings describe repairs made on the way
 * (in English, for logs).
 */
export type ParseResult<I = FeedItem> = ReadResult<I>;

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
 * A document to read: its text, or its bytes as fetched with the response's Content-Encoding and Content-Type
 * (decompressed, at most `maxBytes` out, and decoded in the worker).
 */
export type FeedDocument =
  | string
  | {
      readonly bytes: readonly Uint8Array[];
      readonly coding?: ContentCoding | undefined;
      readonly maxBytes?: number | undefined;
      readonly contentType?: string | undefined;
    };

function readJob(document: FeedDocument, options: ParseOptions, tag?: TagRequest): { job: ReadJob; timeoutFor: (length: number) => number } {
  const job: ReadJob = {
    ...(typeof document === 'string'
      ? { xml: document }
      : { xml: '', bytes: document.bytes, coding: document.coding, maxBytes: document.maxBytes, contentType: document.contentType }),
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS,
    truncated: options.truncated ?? false,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(tag === undefined ? {} : { tag: { key: tag.vocabulary.key, vocabularyJson: vocabularyJson(tag.vocabulary), threshold: tag.threshold } }),
  };
  const { timeoutMs } = options;
  return { job, timeoutFor: (length) => timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS + Math.round((PARSE_MS_PER_MB * length) / (1024 * 1024)) };
}

/**
 * Parses an already-decoded RSS 0.9x / 1.0 / 2.0 or Atom document into normalised items.
 * The XML is parsed, and its items normalised and identified, off the main thread, in a small pool of workers, under
 * a time limit; a document that is not a feed (JSON Feed, an HTML page), nests too deep outside its items or cannot
 * be parsed gives an error, never a throw. A document that is not well-formed (cut short, one broken item, one item
 * nesting too deep) keeps its complete items, with a warning.
 */
export async function parseFeed(xml: FeedDocument, options: ParseOptions = {}): Promise<ParseResult> {
  const { job, timeoutFor } = readJob(xml, options);
  return runReadJob<FeedItem>(job, timeoutFor);
}

/**
 * `parseFeed`, the items also tagged in the worker: those scoring the threshold come back whole with their relevance,
 * the others as their ids and dates only (enough to record them as seen). What a digest's collection reads.
 */
export async function parseAndTagFeed(xml: FeedDocument, tag: TagRequest, options: ParseOptions = {}): Promise<ParseResult<TaggedItem>> {
  const { job, timeoutFor } = readJob(xml, options, tag);
  return runReadJob<TaggedItem>(job, timeoutFor);
}
