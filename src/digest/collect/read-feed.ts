import type { LocalizedText } from '../../i18n/locale.ts';
import type { ConnectionPool } from '../../feeds/fetch/connections.ts';
import { decodeFailure } from '../../feeds/fetch/errors.ts';
import { fetchFeedBytes } from '../../feeds/fetch/fetch.ts';
import { DEFAULT_MAX_BYTES } from '../../feeds/fetch/settings.ts';
import type { ConditionalHeaders, FetchOptions } from '../../feeds/fetch/types.ts';
import type { FeedItem } from '../../feeds/item.ts';
import { DEFAULT_MAX_ITEMS, parseAndTagFeed, parseFeed, type FeedDocument, type ParseErrorCode, type ParseOptions, type ParseResult } from '../../feeds/parse/parse.ts';
import type { TaggedItem, TagRequest } from '../../feeds/worker/types.ts';
import { byteCapNote, type FeedTruncation } from './truncation.ts';

export type { FeedTruncation } from './truncation.ts';
import type { FeedFailure, FeedSuccess } from './feed-state.ts';

/** How feeds are fetched: the fetcher's limits and address policy. */
export interface FeedFetchOptions {
  /** Allow loopback and private addresses (tests, trusted deployments). */
  readonly allowPrivate: boolean;
  readonly allowPrivateHosts?: readonly string[];
  readonly deadlineMs?: number;
  readonly maxBytes?: number;
  readonly userAgent?: string;
  readonly signal?: AbortSignal;
  /** Connections kept open across the reads of one run (see createConnectionPool). */
  readonly connections?: ConnectionPool;
}

/** The feed settings of the configuration, as `fetchOptionsFromConfig` reads them. */
export interface FeedFetchConfig {
  readonly allowPrivate: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/** The fetch options the configuration asks for: the one place config names become fetcher names. */
export function fetchOptionsFromConfig(feeds: FeedFetchConfig): FeedFetchOptions {
  return { allowPrivate: feeds.allowPrivate, deadlineMs: feeds.timeoutMs, maxBytes: feeds.maxBytes };
}

/** One feed fetched and read: its items, the server's "nothing changed", or why it failed. */
export type FeedRead<I = FeedItem> =
  | {
      kind: 'parsed';
      status: 200;
      items: I[];
      etag?: string;
      lastModified?: string;
      finalUrl: string;
      /** Present when only the start of the feed was read. */
      truncated?: FeedTruncation;
    }
  | { kind: 'not-modified'; status: 304; etag?: string; lastModified?: string }
  | { kind: 'failed'; failure: FeedFailure };

const PARSE_CODES: Record<ParseErrorCode, string> = {
  parse: 'parse',
  timeout: 'parse-timeout',
  'not-a-feed': 'not-a-feed',
  'too-deep': 'too-deep',
  decode: 'decode',
};

function parseFailureMessage(code: ParseErrorCode, detail: string): LocalizedText {
  switch (code) {
    case 'not-a-feed':
      return {
        en: `The address does not serve an RSS or Atom feed (${detail}).`,
        fr: `L’adresse ne sert pas de flux RSS ou Atom (${detail}).`,
      };
    case 'timeout':
      return { en: `The feed took too long to read (${detail}).`, fr: `Le flux a mis trop de temps à être lu (${detail}).` };
    case 'too-deep':
      return {
        en: `The feed nests its elements too deeply to be read safely (${detail}).`,
        fr: `Le flux imbrique ses éléments trop profondément pour être lu sans risque (${detail}).`,
      };
    case 'parse':
      return { en: `The feed is not valid XML (${detail}).`, fr: `Le flux n’est pas du XML valide (${detail}).` };
    case 'decode':
      return decodeFailure(detail).message;
  }
}

function fetchOptionsOf(options: FeedFetchOptions, conditional: ConditionalHeaders | undefined): FetchOptions {
  const { allowPrivate, allowPrivateHosts, deadlineMs, maxBytes, userAgent, signal, connections } = options;
  return {
    allowPrivate,
    ...(allowPrivateHosts === undefined ? {} : { allowPrivateHosts }),
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(signal === undefined ? {} : { signal }),
    ...(connections === undefined ? {} : { connections }),
    ...(conditional === undefined ? {} : { conditional }),
  };
}

/**
 * Fetches a feed (conditionally when validators are given) and parses it off the main thread, relative links
 * resolved against the address that answered. Never throws for network, HTTP or XML problems.
 */
export function readFeed(url: string, options: FeedFetchOptions, conditional?: ConditionalHeaders): Promise<FeedRead> {
  return fetchAndParse(url, options, conditional, parseFeed);
}

/**
 * `readFeed`, the items tagged in the parse worker too: those the tagging keeps come back whole with their relevance,
 * the others as ids and dates. What a digest's collection reads: the main thread only sorts new from seen.
 */
export function readTaggedFeed(url: string, options: FeedFetchOptions, tag: TagRequest, conditional?: ConditionalHeaders): Promise<FeedRead<TaggedItem>> {
  return fetchAndParse(url, options, conditional, (document, parseOptions) => parseAndTagFeed(document, tag, parseOptions));
}

async function fetchAndParse<I>(
  url: string,
  options: FeedFetchOptions,
  conditional: ConditionalHeaders | undefined,
  parse: (document: FeedDocument, options: ParseOptions) => Promise<ParseResult<I>>,
): Promise<FeedRead<I>> {
  const fetched = await fetchFeedBytes(url, fetchOptionsOf(options, conditional));
  if (!fetched.ok) {
    const { code, message, status, retryAfterMs } = fetched.error;
    return {
      kind: 'failed',
      failure: { code, message, ...(status === undefined ? {} : { status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
    };
  }
  const validators = {
    ...(fetched.etag === undefined ? {} : { etag: fetched.etag }),
    ...(fetched.lastModified === undefined ? {} : { lastModified: fetched.lastModified }),
  };
  if (fetched.notModified) return { kind: 'not-modified', status: 304, ...validators };
  const byteCap = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // The bytes go to the parse worker, which decompresses and decodes them: the main thread never holds the feed's text.
  const document = { bytes: fetched.parts, coding: fetched.coding, maxBytes: byteCap, contentType: fetched.contentType };
  const parsed = await parse(document, { baseUrl: fetched.finalUrl, truncated: fetched.truncated });
  const cutAtCap = fetched.truncated || parsed.bodyTruncated === true;
  if (!parsed.ok) {
    const { code, message } = parsed.error;
    const reason = parseFailureMessage(code, message);
    // A body cut at the cap that gives nothing may be a feed whose first item is larger than the cap: say so.
    const note = cutAtCap ? byteCapNote(byteCap) : undefined;
    const full = note === undefined ? reason : { en: `${reason.en} ${note.en}`, fr: `${reason.fr} ${note.fr}` };
    return { kind: 'failed', failure: { code: PARSE_CODES[code], message: full, status: 200 } };
  }
  const truncated: FeedTruncation | undefined = cutAtCap
    ? { by: 'bytes', limit: byteCap }
    : parsed.itemsCapped
      ? { by: 'items', limit: DEFAULT_MAX_ITEMS }
      : undefined;
  return {
    kind: 'parsed',
    status: 200,
    items: parsed.items,
    ...validators,
    finalUrl: fetched.finalUrl,
    ...(truncated === undefined ? {} : { truncated }),
  };
}

/** What a successful read tells the feed's state. */
export function successOf<I>(read: Exclude<FeedRead<I>, { kind: 'failed' }>, seeded: boolean): FeedSuccess {
  return {
    status: read.status,
    notModified: read.kind === 'not-modified',
    seeded,
    ...(read.etag === undefined ? {} : { etag: read.etag }),
    ...(read.lastModified === undefined ? {} : { lastModified: read.lastModified }),
  };
}
