import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { decodeFeedBody } from './charset.ts';
import { readBody } from './body.ts';
import {
  aborted,
  badRedirect,
  badUrl,
  failure,
  httpStatus,
  parseRetryAfter,
  timedOut,
  toFetchError,
  tooManyRedirects,
} from './errors.ts';
import {
  checkConnectedAddress,
  createPinnedLookup,
  hostnameOf,
  resolvePinnedAddresses,
  systemLookup,
  type AddressPolicy,
} from './resolve.ts';
import type { FetchOptions, FetchResult, HostLookup } from './types.ts';

export const DEFAULT_DEADLINE_MS = 10_000;
/**
 * 20 MB: feeds of 10–20 MB exist (full-text feeds, long archives). The body is streamed and parsed off the main
 * thread, and the parser reads at most DEFAULT_MAX_ITEMS items, so this costs memory for the body, not time.
 */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_USER_AGENT = 'DecouplingWatch/0.1 (Discord news digest; RSS/Atom reader)';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface Settings {
  deadlineMs: number;
  maxBytes: number;
  maxRedirects: number;
  headers: OutgoingHttpHeaders;
  policy: AddressPolicy;
  lookup: HostLookup;
}

type Hop = { kind: 'redirect'; location: string } | { kind: 'final'; result: FetchResult };

function settingsFrom(options: FetchOptions): Settings {
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
  };
}

/** A signal that aborts with a FetchFailure ('timeout' at the deadline, 'aborted' when the caller's signal fires). */
function startDeadline(deadlineMs: number, external: AbortSignal | undefined) {
  const controller = new AbortController();
  const onExternalAbort = () => controller.abort(failure(aborted()));
  const timer = setTimeout(() => controller.abort(failure(timedOut(deadlineMs))), deadlineMs);
  if (external?.aborted) onExternalAbort();
  else external?.addEventListener('abort', onExternalAbort, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternalAbort);
    },
  };
}

function parseHttpUrl(text: string, base?: URL): URL | undefined {
  try {
    const url = new URL(text, base);
    url.hash = '';
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function validators(response: IncomingMessage): { etag?: string; lastModified?: string } {
  const etag = headerValue(response, 'etag');
  const lastModified = headerValue(response, 'last-modified');
  return { ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) };
}

async function interpretResponse(response: IncomingMessage, url: URL, settings: Settings): Promise<Hop> {
  const status = response.statusCode ?? 0;
  if (REDIRECT_STATUSES.has(status)) {
    const location = headerValue(response, 'location');
    if (location === undefined) throw failure(badRedirect(''));
    return { kind: 'redirect', location };
  }
  if (status === 304) {
    return { kind: 'final', result: { ok: true, status: 304, notModified: true, ...validators(response), finalUrl: url.href } };
  }
  if (status !== 200) {
    const retryAfterMs =
      status === 429 || status === 503 ? parseRetryAfter(headerValue(response, 'retry-after')) : undefined;
    throw failure(httpStatus(status, retryAfterMs));
  }
  // A Content-Length above the cap is not refused up front: the first maxBytes are read, like any long body.
  const { body, truncated } = await readBody(response, settings.maxBytes);
  const contentType = headerValue(response, 'content-type');
  const { text, charset } = decodeFeedBody(body, contentType);
  return {
    kind: 'final',
    result: {
      ok: true,
      status: 200,
      notModified: false,
      text,
      charset,
      ...(contentType === undefined ? {} : { contentType }),
      ...validators(response),
      finalUrl: url.href,
      bytes: body.length,
      truncated,
    },
  };
}

/** Calls `ready` once the socket is connected (TCP), at once if it already is; never if it failed to connect. */
function whenConnected(socket: Socket, ready: () => void): void {
  if (socket.connecting) socket.once('connect', ready);
  else if (!socket.destroyed) ready();
}

/**
 * One request: resolve and check the host, connect only to the checked addresses, verify the peer before sending
 * anything, then read the answer. The request (and its socket) is destroyed when the hop settles, whatever happened.
 */
async function fetchHop(url: URL, settings: Settings, signal: AbortSignal): Promise<Hop> {
  const pinned = await resolvePinnedAddresses(url, settings.policy, settings.lookup, signal);
  if (signal.aborted) throw signal.reason;
  const hostname = hostnameOf(url);
  return new Promise<Hop>((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method: 'GET',
      headers: settings.headers,
      agent: false,
      lookup: createPinnedLookup(pinned),
    });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      request.destroy();
      done();
    };
    const fail = (error: unknown) => settle(() => reject(error));
    const onAbort = () => fail(signal.reason);

    request.on('error', fail);
    request.on('socket', (socket: Socket) =>
      whenConnected(socket, () => {
        const refusal = checkConnectedAddress(hostname, socket.remoteAddress, pinned, settings.policy);
        if (refusal) fail(failure(refusal));
        else request.end();
      }),
    );
    request.on('response', (response: IncomingMessage) => {
      response.on('error', () => {});
      interpretResponse(response, url, settings).then((hop) => settle(() => resolve(hop)), fail);
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function followRedirects(start: URL, settings: Settings, signal: AbortSignal): Promise<FetchResult> {
  let url = start;
  for (let redirects = 0; ; redirects += 1) {
    let hop: Hop;
    try {
      hop = await fetchHop(url, settings, signal);
    } catch (error) {
      throw failure({ ...toFetchError(error), url: url.href });
    }
    if (hop.kind === 'final') return hop.result;
    if (redirects >= settings.maxRedirects) throw failure({ ...tooManyRedirects(settings.maxRedirects), url: url.href });
    const next = parseHttpUrl(hop.location, url);
    if (next === undefined) throw failure({ ...badRedirect(hop.location), url: url.href });
    url = next;
  }
}

/**
 * Fetches a feed over HTTP(S) and decodes it to text. Never throws for network or HTTP problems: they come back
 * as `{ ok: false, error }`. Follows redirects, sends conditional headers, decompresses, enforces the deadline,
 * reads at most `maxBytes` (a longer body comes back cut there, with `truncated`), refuses private addresses on
 * every hop, and leaves no socket open behind it.
 */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const start = parseHttpUrl(url);
  if (start === undefined) return { ok: false, error: badUrl(url) };
  const settings = settingsFrom(options);
  const deadline = startDeadline(settings.deadlineMs, options.signal);
  try {
    return await followRedirects(start, settings, deadline.signal);
  } catch (error) {
    return { ok: false, error: toFetchError(error) };
  } finally {
    deadline.dispose();
  }
}
