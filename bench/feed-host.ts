import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveParent } from './child.ts';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startFeedServer } from '../test/support/feed-server.ts';
import { buildCorpus, type CorpusSpec } from './feed-corpus.ts';

/**
 * The feed server, run as a child process (see feeds-server.ts for why). It builds the corpus itself (the
 * parent only sends the spec), serves every feed on 127.0.0.1 after `delayMs`, gzipped when the client accepts
 * it, with an ETag and a Last-Modified it honours (304). Talks to its parent over IPC and exits with it.
 */

/** What the parent asks. */
export type HostCommand =
  | { kind: 'start'; spec: CorpusSpec; delayMs: number }
  | { kind: 'stats' }
  | { kind: 'reset' }
  | { kind: 'close' };

/** A command as sent, with the id its answer carries. */
export type HostRequest = HostCommand & { id: number };

/** What the host counted since the last reset. */
export interface HostStats {
  readonly requests: number;
  readonly full: number;
  readonly notModified: number;
  readonly bytesSent: number;
}

/** A served feed as the parent sees it. */
export interface HostedFeed {
  readonly path: string;
  readonly label: string;
  readonly bytes: number;
}

interface Served {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
}

const LAST_MODIFIED = 'Tue, 01 Jul 2025 08:00:00 GMT';
const counts = { requests: 0, full: 0, notModified: 0, bytesSent: 0 };

function answer(served: Served, request: IncomingMessage, response: ServerResponse): void {
  counts.requests += 1;
  const validators = { etag: served.etag, 'last-modified': LAST_MODIFIED };
  const fresh = request.headers['if-none-match'] === served.etag || request.headers['if-modified-since'] === LAST_MODIFIED;
  if (fresh) {
    counts.notModified += 1;
    response.writeHead(304, validators);
    response.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const body = gzip ? served.gzipped : served.body;
  counts.full += 1;
  counts.bytesSent += body.length;
  response.writeHead(200, {
    ...validators,
    'content-type': 'application/rss+xml; charset=utf-8',
    'content-length': body.length,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  response.end(body);
}

async function start(spec: CorpusSpec, delayMs: number) {
  const server = await startFeedServer();
  const feeds: HostedFeed[] = [];
  for (const feed of buildCorpus(spec)) {
    const body = Buffer.from(feed.body);
    const served: Served = { body, gzipped: gzipSync(body), etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
    server.route(feed.path, (request, response) => {
      const timer = setTimeout(() => answer(served, request, response), delayMs);
      response.once('close', () => clearTimeout(timer));
    });
    feeds.push({ path: feed.path, label: feed.label, bytes: body.length });
  }
  return { server, feeds };
}

let running: Awaited<ReturnType<typeof start>> | undefined;

async function handle(message: HostCommand): Promise<Record<string, unknown>> {
  switch (message.kind) {
    case 'start':
      running = await start(message.spec, message.delayMs);
      return { origin: running.server.origin, feeds: running.feeds };
    case 'stats':
      return { stats: { ...counts } };
    case 'reset':
      Object.assign(counts, { requests: 0, full: 0, notModified: 0, bytesSent: 0 });
      return {};
    case 'close':
      await running?.server.close();
      return {};
  }
}

serveParent<HostCommand>(handle);
