import type { OutgoingHttpHeaders } from 'node:http';
import { systemLookup, type AddressPolicy } from './resolve.ts';
import type { ConnectionPool } from './connections.ts';
import type { FetchOptions, HostLookup } from './types.ts';

export const DEFAULT_DEADLINE_MS = 10_000;
/**
 * 20 MB: feeds of 10–20 MB exist (full-text feeds, long archives). The body is streamed and parsed off the main
 * thread, and the parser reads at most DEFAULT_MAX_ITEMS items, so this costs memory for the body, not time.
 */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
/**
 * Feeds a run fetches at once (FEED_CONCURRENCY), and at once from one host (FEED_CONCURRENCY_PER_HOST): each body is
 * held in memory until a parse worker has read it, so a run's memory grows with the first figure.
 */
export const DEFAULT_FEED_CONCURRENCY = 4;
export const DEFAULT_HOST_CONCURRENCY = 1;
export const DEFAULT_USER_AGENT = 'DecouplingWatch/0.1 (Discord news digest; RSS/Atom reader)';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** A fetch's options with their defaults applied, and the request headers they make. */
export interface Settings {
  deadlineMs: number;
  maxBytes: number;
  maxRedirects: number;
  headers: OutgoingHttpHeaders;
  policy: AddressPolicy;
  lookup: HostLookup;
  connections: ConnectionPool | undefined;
}

export function settingsFrom(options: FetchOptions): Settings {
  const headers: OutgoingHttpHeaders = {
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  if (options.conditional?.etag) headers['if-none-match'] = options.conditional.etag;
  if (options.conditional?.lastModified) headers['if-modified-since'] = options.conditional.lastModified;
  return {
    deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    headers,
    policy: { allowPrivate: options.allowPrivate ?? false, allowPrivateHosts: options.allowPrivateHosts ?? [] },
    lookup: options.lookup ?? systemLookup,
    connections: options.connections,
  };
}
