import type { ConnectionPool } from './connections.ts';
import type { LocalizedText } from '../../i18n/locale.ts';
import type { EncodedBody } from './body.ts';

/** Why a fetch failed, for code to act on (retry later, give up, tell the admin). */
export type FetchErrorCode =
  | 'bad-url'
  | 'dns'
  | 'private-address'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'http-status'
  | 'too-many-redirects'
  | 'bad-redirect'
  | 'decode';

/** A failed fetch, described for code (`code`, `status`, `retryAfterMs`) and for people (`message`). */
export interface FetchError {
  code: FetchErrorCode;
  message: LocalizedText;
  /** The HTTP status, for 'http-status'. */
  status?: number;
  /** How long the server asked us to wait (Retry-After on 429 and 503), in milliseconds from the response. */
  retryAfterMs?: number;
  /** The address being fetched when it failed (after redirects). */
  url?: string;
}

/** Resolves a host name to IP addresses. The default uses the system resolver (`dns.lookup`). */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

/** Validators from a previous fetch, sent as If-None-Match / If-Modified-Since. */
export interface ConditionalHeaders {
  etag?: string;
  lastModified?: string;
}

/** Options of `fetchFeed`; every field has a safe default. */
export interface FetchOptions {
  /** Time for the whole fetch (DNS, redirects, headers and body), in ms. Default 10 000. */
  deadlineMs?: number;
  /**
   * Most bytes read, after decompression (the compressed stream may carry twice as much): reading stops there and
   * the body is what was read so far, marked `truncated`. Default 20 MB.
   */
  maxBytes?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  userAgent?: string;
  conditional?: ConditionalHeaders;
  /** Allow loopback, private and link-local addresses (tests, trusted deployments). Default false. */
  allowPrivate?: boolean;
  /**
   * Host names allowed to resolve to private addresses even when `allowPrivate` is false, e.g. a self-hosted
   * RSS-Bridge on the local network. Matched exactly (case-insensitive) on every hop; redirects elsewhere are checked.
   */
  allowPrivateHosts?: readonly string[];
  signal?: AbortSignal;
  lookup?: HostLookup;
  /** Connections to reuse across fetches (keep-alive); without it each fetch opens its own and closes it. */
  connections?: ConnectionPool;
}

/** A feed body, decoded to text. */
export interface FetchedFeed {
  ok: true;
  status: 200;
  notModified: false;
  text: string;
  /** The WHATWG name of the encoding the body was decoded with. */
  charset: string;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** The address that answered, after redirects. */
  finalUrl: string;
  /** Size of the body after decompression. */
  bytes: number;
  /** The body went on past `maxBytes`: `text` is only its start, probably cut inside an item. */
  truncated: boolean;
}

/** The server confirmed our copy is current (304); no body was read. */
export interface NotModifiedFeed {
  ok: true;
  status: 304;
  notModified: true;
  etag?: string;
  lastModified?: string;
  finalUrl: string;
}

export interface FailedFetch {
  ok: false;
  error: FetchError;
}

/** What `fetchFeed` returns; it never throws for network or HTTP problems. */
export type FetchResult = FetchedFeed | NotModifiedFeed | FailedFetch;

/**
 * A feed body as read, neither decompressed nor decoded (`fetchFeedBytes`): in parts that own their memory (see
 * readBody), so they can be moved to a parse worker, which decompresses (inflate.ts) and decodes them there; the main
 * thread never holds the text of a large feed.
 */
export interface FetchedBytes extends Omit<FetchedFeed, 'text' | 'charset' | 'bytes' | 'truncated'>, EncodedBody {}

export type BytesResult = FetchedBytes | NotModifiedFeed | FailedFetch;
