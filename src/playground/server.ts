import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction } from 'discord.js';
import { isUserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { readRaw } from './discord/body.ts';
import { createDiscordRest } from './discord/rest.ts';
import { play, type PlayDeps } from './page/play.ts';
import { pageRequest } from './page/requests.ts';
import { serveStatic } from './page/static.ts';
import { changeView, messageContext, pageState } from './page/view.ts';

/** What the page's requests are played with (`PlayDeps`), and the server's own needs. */
export interface ServerDeps extends Omit<PlayDeps, 'dispatch'> {
  readonly log: Logger;
  readonly demo: boolean;
  /** Set once the bot's client exists (it needs the server's address first). */
  dispatch?: (payload: APIInteraction) => void;
}

export interface PlaygroundServer {
  readonly server: Server;
  readonly origin: string;
  close(): Promise<void>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * One HTTP server on 127.0.0.1: the page and its API under `/` and `/play/`, and the Discord stand-in the bot's
 * REST talks to under `/api/v10/`. Requests must name the playground as their host (no DNS rebinding) and the
 * page's API takes JSON only from the page itself (no other site can drive it from the same browser).
 */
export async function startServer(deps: ServerDeps, port: number): Promise<PlaygroundServer> {
  const { world, board } = deps;
  const rest = createDiscordRest(deps);
  const ctx = messageContext(world);
  const streams = new Set<ServerResponse>();
  let hosts = new Set<string>();

  board.subscribe((change) => {
    const line = `data: ${JSON.stringify(changeView(change, ctx))}\n\n`;
    for (const stream of streams) stream.write(line);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!hosts.has(request.headers.host ?? '')) return json(response, 421, { error: 'unknown host' });
    const url = new URL(request.url ?? '/', 'http://playground.invalid');
    const path = url.pathname;
    if (path.startsWith('/api/v10/')) return rest(request, response, path.slice('/api/v10'.length), url.searchParams);
    if (request.method === 'GET' && (await serveStatic(path, response))) return;
    if (request.method === 'GET' && path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (request.method === 'GET' && path === '/play/state') return json(response, 200, pageState(world, deps.commands, board, deps.demo));
    if (request.method === 'GET' && path === '/play/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    const file = /^\/play\/attachments\/(\d+)\/[^/]+$/.exec(path);
    if (request.method === 'GET' && file !== null) {
      const attachment = board.attachment(file[1] ?? '');
      if (attachment === undefined) return json(response, 404, { error: 'no such file' });
      const image = /^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType);
      response.writeHead(200, {
        'content-type': image ? attachment.contentType : 'application/octet-stream',
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, max-age=3600',
        ...(image ? {} : { 'content-disposition': `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"` }),
      });
      response.end(attachment.data);
      return;
    }
    if (request.method === 'POST' && path === '/play/interactions') {
      const site = request.headers['sec-fetch-site'];
      if (!(request.headers['content-type'] ?? '').startsWith('application/json') || (site !== undefined && site !== 'same-origin')) {
        return json(response, 403, { error: 'the playground takes requests from its own page only' });
      }
      const parsed = pageRequest.safeParse(parseJson((await readRaw(request, 100_000)).toString('utf8')));
      if (!parsed.success) return json(response, 400, { error: { en: 'The page sent a request the playground does not understand.', fr: 'La page a envoyé une requête que le bac à sable ne comprend pas.' } });
      if (deps.dispatch === undefined) return json(response, 503, { error: { en: 'The bot is still starting.', fr: 'Le bot démarre encore.' } });
      try {
        return json(response, 200, await play({ ...deps, dispatch: deps.dispatch }, parsed.data));
      } catch (error) {
        if (isUserError(error)) return json(response, 400, { error: error.userMessage });
        throw error;
      }
    }
    json(response, 404, { error: 'not found' });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      deps.log.error('playground: request failed', { method: request.method, url: request.url, error });
      if (!response.headersSent) json(response, 500, { error: { en: 'The playground failed on this request (see its log).', fr: 'Le bac à sable a échoué sur cette requête (voir son journal).' } });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  hosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`]);
  return {
    server,
    origin: `http://127.0.0.1:${actualPort}`,
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
