import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import net, { type AddressInfo, type LookupFunction, type Socket } from 'node:net';
import zlib from 'node:zlib';

/**
 * A programmable HTTP server on loopback for feed tests: routes by path, canned behaviours (delays, trickled or
 * cut bodies, resets, redirects, silence, compression), and what a test needs to check politeness and cleanup:
 * every request seen, connection counts, the peak of simultaneous sockets and requests.
 */

/** The nth request (1-based) to a route, for handlers that answer differently over time. */
export interface RouteHit {
  count: number;
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse, hit: RouteHit) => void;

export interface RecordedRequest {
  method: string;
  path: string;
  /** The Host header as received ("a.test:4123"). */
  host: string;
  headers: IncomingHttpHeaders;
}

export interface FeedServer {
  readonly host: string;
  readonly port: number;
  /** "http://127.0.0.1:4123" */
  readonly origin: string;
  /** The absolute URL of a path on this server; `hostname` replaces the IP (for tests with an injected lookup). */
  url(path: string, hostname?: string): string;
  /** Serves `path` (query ignored) with `handler`; replaces any previous handler for it. Unknown paths get 404. */
  route(path: string, handler: RouteHandler): void;
  readonly requests: readonly RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  /** Connections accepted since the last reset. */
  connections(): number;
  openSockets(): number;
  maxOpenSockets(): number;
  /** Peak of requests being answered at once, overall or for one Host header. */
  maxActiveRequests(host?: string): number;
  /** Forgets requests and peaks (routes stay). */
  resetStats(): void;
  /** Resolves when no socket is open any more; rejects after `timeoutMs`. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server on `host` (default 127.0.0.1) and `port` (default: a free one). */
export async function startFeedServer({ host = '127.0.0.1', port: wantedPort = 0 } = {}): Promise<FeedServer> {
  const routes = new Map<string, RouteHandler>();
  const hits = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const active = new Map<string, number>();
  const peaks = new Map<string, number>();
  let accepted = 0;
  let peakSockets = 0;
  const ALL = '\0all';

  const bump = (key: string, delta: number) => {
    const value = (active.get(key) ?? 0) + delta;
    active.set(key, value);
    peaks.set(key, Math.max(peaks.get(key) ?? 0, value));
  };

  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const requestHost = request.headers.host ?? '';
    requests.push({ method: request.method ?? '', path, host: requestHost, headers: request.headers });
    bump(ALL, 1);
    bump(requestHost, 1);
    response.once('close', () => {
      bump(ALL, -1);
      bump(requestHost, -1);
    });
    response.on('error', () => {});
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    const handler = routes.get(path) ?? respond({ status: 404, body: 'not found' });
    handler(request, response, { count });
  });
  server.on('connection', (socket) => {
    accepted += 1;
    sockets.add(socket);
    peakSockets = Math.max(peakSockets, sockets.size);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    host,
    port,
    origin,
    url: (path, hostname) => (hostname === undefined ? `${origin}${path}` : `http://${hostname}:${port}${path}`),
    route: (path, handler) => void routes.set(path, handler),
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    connections: () => accepted,
    openSockets: () => sockets.size,
    maxOpenSockets: () => peakSockets,
    maxActiveRequests: (requestHost) => peaks.get(requestHost ?? ALL) ?? 0,
    resetStats() {
      requests.length = 0;
      hits.clear();
      peaks.clear();
      for (const [key, value] of active) peaks.set(key, value);
      accepted = 0;
      peakSockets = sockets.size;
    },
    async waitForIdle(timeoutMs = 1000) {
      const giveUpAt = Date.now() + timeoutMs;
      while (sockets.size > 0) {
        if (Date.now() > giveUpAt) throw new Error(`${sockets.size} socket(s) still open after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function afterDelay(response: ServerResponse, delayMs: number, action: () => void): void {
  if (delayMs <= 0) return action();
  const timer = setTimeout(() => {
    if (!response.destroyed) action();
  }, delayMs);
  response.once('close', () => clearTimeout(timer));
}

export interface ResponseSpec {
  status?: number;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Wait before answering. */
  delayMs?: number;
  /** Send the body with chunked transfer encoding instead of a Content-Length. */
  chunked?: boolean;
}

/** A plain answer: status, headers, body (Content-Length set unless chunked), optionally after a delay. */
export function respond(spec: ResponseSpec = {}): RouteHandler {
  const body = typeof spec.body === 'string' ? Buffer.from(spec.body) : (spec.body ?? Buffer.alloc(0));
  return (_request, response) =>
    afterDelay(response, spec.delayMs ?? 0, () => {
      const headers: OutgoingHttpHeaders = { ...spec.headers };
      if (!spec.chunked) headers['content-length'] ??= body.length;
      response.writeHead(spec.status ?? 200, headers);
      if (spec.chunked) {
        for (let offset = 0; offset < body.length; offset += 16 * 1024) response.write(body.subarray(offset, offset + 16 * 1024));
        response.end();
      } else {
        response.end(body);
      }
    });
}

/** Serves a feed with validators and answers 304 when the request's If-None-Match or If-Modified-Since matches. */
export function conditionalFeed(spec: {
  body: string | Buffer;
  etag: string;
  lastModified: string;
  headers?: OutgoingHttpHeaders;
}): RouteHandler {
  const validators = { etag: spec.etag, 'last-modified': spec.lastModified };
  const full = respond({ body: spec.body, headers: { ...spec.headers, ...validators } });
  const notModified = respond({ status: 304, headers: validators });
  return (request, response, hit) => {
    const fresh = request.headers['if-none-match'] === spec.etag || request.headers['if-modified-since'] === spec.lastModified;
    (fresh ? notModified : full)(request, response, hit);
  };
}

/** Answers with the nth handler on the nth request; the last one keeps answering after that. */
export function sequence(...handlers: RouteHandler[]): RouteHandler {
  return (request, response, hit) => {
    const handler = handlers[Math.min(hit.count, handlers.length) - 1];
    handler?.(request, response, hit);
  };
}

/** A redirect; `location` may depend on the hit (for chains and loops). */
export function redirect(location: string | ((hit: RouteHit) => string), status = 302): RouteHandler {
  return (_request, response, hit) => {
    response.writeHead(status, { location: typeof location === 'string' ? location : location(hit), 'content-length': 0 });
    response.end();
  };
}

/** Sends headers, then `chunk` every `intervalMs` until the client leaves (at most `maxChunks` times, then ends). */
export function trickle(
  spec: { chunk?: string; intervalMs?: number; maxChunks?: number; headers?: OutgoingHttpHeaders } = {},
): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml', ...spec.headers });
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return;
      response.write(spec.chunk ?? ' ');
      sent += 1;
      if (sent >= (spec.maxChunks ?? 1000)) {
        clearInterval(timer);
        response.end();
      }
    }, spec.intervalMs ?? 20);
    response.once('close', () => clearInterval(timer));
  };
}

/** Never answers: the connection stays open until the client gives up or the server closes. */
export function silent(): RouteHandler {
  return () => {};
}

/** Sends headers and the start of the body, then resets the connection (TCP RST). */
export function resetMidBody(spec: { prefix: string; headers?: OutgoingHttpHeaders; afterMs?: number }): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': spec.prefix.length * 10, ...spec.headers });
    response.write(spec.prefix);
    afterDelay(response, spec.afterMs ?? 20, () => response.socket?.resetAndDestroy());
  };
}

/** Announces `declaredLength` bytes, sends `body` (shorter), then closes the connection cleanly (FIN). */
export function cutShort(spec: { body: string; declaredLength: number; headers?: OutgoingHttpHeaders }): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml', ...spec.headers, 'content-length': spec.declaredLength });
    response.write(spec.body, () => response.socket?.end());
  };
}

/** `text` in windows-1252 (ISO-8859-1 as browsers read it), for the characters feeds tests use. */
export function encodeWindows1252(text: string): Buffer {
  const special: Record<string, number> = {
    '€': 0x80, '‚': 0x82, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97,
  };
  return Buffer.from(
    [...text].map((char) => {
      const byte = special[char] ?? char.charCodeAt(0);
      if (byte > 0xff) throw new Error(`${char} has no windows-1252 byte in this helper`);
      return byte;
    }),
  );
}

/** `text` in UTF-16 big-endian, without a byte order mark. */
export function encodeUtf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

export type Coding = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

/** `body` compressed as a server would send it with Content-Encoding gzip, deflate (zlib or raw) or br. */
export function compress(body: string | Buffer, coding: Coding): Buffer {
  const input = typeof body === 'string' ? Buffer.from(body) : body;
  if (coding === 'gzip') return zlib.gzipSync(input);
  if (coding === 'deflate') return zlib.deflateSync(input);
  if (coding === 'deflate-raw') return zlib.deflateRawSync(input);
  return zlib.brotliCompressSync(input);
}

/** The Content-Encoding header value for a coding. */
export function contentEncoding(coding: Coding): string {
  return coding === 'deflate-raw' ? 'deflate' : coding;
}

/** `size` zero bytes, gzipped without holding them in memory (100 MB gives about 100 KB). */
export async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    const piece = block.subarray(0, Math.min(block.length, size - written));
    if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A gzip stream that never ends: a gzip header, then the same 1 MB-of-zeros deflate block (about 1 KB) again and
 * again, written with backpressure until `decompressedSize` is represented or the client leaves. `sent()` tells how
 * many compressed bytes the socket accepted: a client that stops at its limit leaves most of the stream unsent.
 */
export function streamingGzipBomb(decompressedSize: number): { handler: RouteHandler; sent(): number } {
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
  const blockSize = 1024 * 1024;
  const block = zlib.deflateRawSync(Buffer.alloc(blockSize), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  let sent = 0;
  const handler: RouteHandler = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
    const pump = () => {
      while (!response.destroyed && sent < (decompressedSize / blockSize) * block.length) {
        sent += block.length;
        if (!response.write(block)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    response.write(header);
    pump();
  };
  return { handler, sent: () => sent };
}

/** A fake resolver: host name → addresses; counts calls per host; unknown hosts fail like ENOTFOUND. */
export function fakeLookup(table: Record<string, string[] | ((call: number) => string[])>) {
  const calls = new Map<string, number>();
  const lookup = async (hostname: string): Promise<string[]> => {
    const call = (calls.get(hostname) ?? 0) + 1;
    calls.set(hostname, call);
    const entry = table[hostname];
    if (entry === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return typeof entry === 'function' ? entry(call) : entry;
  };
  return { lookup, calls: (hostname: string) => calls.get(hostname) ?? 0 };
}

/** What the loopback firewall saw and how it treats traffic to non-loopback addresses. */
export interface LoopbackFirewall {
  /** Non-loopback addresses that sockets tried to reach. */
  readonly attempts: readonly string[];
  /** Send such connections to this loopback address instead of failing them (undefined: fail them again). */
  divertTo(address: string | undefined): void;
  restore(): void;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function unreachable(address: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect EHOSTUNREACH ${address} (blocked by the test firewall)`), { code: 'EHOSTUNREACH' });
}

/**
 * Patches net.Socket#connect so that no socket in this process reaches beyond loopback: a connection to any other
 * address fails with EHOSTUNREACH (or is diverted to a loopback address), and the address is recorded. Lets tests
 * exercise public-address paths (DNS rebinding, peer checks) without sending a packet off the machine.
 */
export function installLoopbackFirewall(): LoopbackFirewall {
  const attempts: string[] = [];
  let divert: string | undefined;
  const original = net.Socket.prototype.connect;

  const screen = (address: string): string | NodeJS.ErrnoException => {
    if (isLoopback(address)) return address;
    attempts.push(address);
    return divert ?? unreachable(address);
  };

  const screenedLookup =
    (lookup: LookupFunction): LookupFunction =>
    (hostname, options, callback) =>
      lookup(hostname, options, (error, address, family) => {
        if (error) return callback(error, address, family);
        if (Array.isArray(address)) {
          const results = address.map((entry: LookupAddress) => screen(entry.address));
          const addresses = results.filter((result): result is string => typeof result === 'string');
          const refusal = results.find((result): result is NodeJS.ErrnoException => typeof result !== 'string');
          if (refusal) return callback(refusal, [], family);
          return callback(null, addresses.map((ip) => ({ address: ip, family: net.isIP(ip) })), family);
        }
        const result = screen(address);
        if (typeof result !== 'string') return callback(result, '', family);
        return callback(null, result, net.isIP(result));
      });

  net.Socket.prototype.connect = function connect(this: Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as net.TcpNetConnectOpts | undefined;
    if (options !== undefined && typeof options === 'object' && !('path' in options && options.path)) {
      const host = options.host ?? 'localhost';
      if (net.isIP(host) && !isLoopback(host)) {
        const result = screen(host);
        if (typeof result === 'string') options.host = result;
        else {
          options.host = 'blocked.invalid';
          options.lookup = (_hostname, _options, callback) => process.nextTick(() => callback(result, '', 0));
        }
      } else if (!net.isIP(host)) {
        options.lookup = screenedLookup(options.lookup ?? (dnsLookup as LookupFunction));
      }
    }
    return (original as (...values: unknown[]) => Socket).apply(this, args);
  } as typeof original;

  return {
    attempts,
    divertTo: (address) => void (divert = address),
    restore: () => void (net.Socket.prototype.connect = original),
  };
}
