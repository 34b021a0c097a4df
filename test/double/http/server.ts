import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DoubleEnv } from '../env.ts';
import type { RecordedRequest } from '../state.ts';
import { readBody } from './body.ts';
import { discordError, Errors, type DoubleResponse } from './errors.ts';
import type { FaultQueue, FaultSpec } from './faults.ts';
import type { RateLimiter } from './rate-limits.ts';
import { majorParameter, type Route } from './route.ts';

const API_PREFIX = '/api/v10';

export interface RestDeps {
  readonly env: DoubleEnv;
  readonly routes: readonly Route[];
  readonly faults: FaultQueue;
  readonly limiter: RateLimiter;
}

/** The REST pipeline: record → programmed fault → rate-limit bucket → route → auth → JSON check → handler. */
export function createRestHandler(deps: RestDeps): (request: IncomingMessage, response: ServerResponse) => void {
  const { env } = deps;
  return (request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, discordError(500, 0, `discord double failure: ${String(error)}`), {});
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = (request.method ?? 'GET').toUpperCase();
    const { body, files, invalidJson } = await readBody(request);
    const inApi = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = decodeSegments(inApi ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname);
    const record: RecordedRequest = {
      id: env.state.requests.length + 1, method, path, query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value ?? ''])),
      body, files, receivedAt: env.now(), route: null, status: null, responseBody: null, responseHeaders: {}, fault: null, respondedAt: null,
    };
    env.state.requests.push(record);
    env.notify();
    const respond = (answer: DoubleResponse, headers: Record<string, string> = {}) => {
      record.status = answer.status;
      record.responseBody = answer.body ?? null;
      record.responseHeaders = { ...headers, ...answer.headers };
      record.fault = answer.fault ?? record.fault;
      record.respondedAt = env.now();
      send(response, answer, headers);
      env.notify();
    };

    const found = inApi ? findRoute(deps.routes, method, path) : undefined;
    if (found) record.route = found.route.template;
    const fault = inApi ? deps.faults.take(method, path) : undefined;
    if (fault) return applyFault(fault, record, request, respond);
    const decision = deps.limiter.consume(found?.route.template ?? `${method} ${path}`, found ? majorParameter(found.params) : '', env.now());
    if (!found) {
      env.state.unknownRoutes.push(record);
      return respond(Errors.notFound(), decision.headers);
    }
    if (!decision.allowed) {
      return respond(rateLimited(decision.resetAfter, 'user'), { ...decision.headers, 'Retry-After': decision.resetAfter.toFixed(3), 'X-RateLimit-Scope': 'user' });
    }
    const { route: matched, params } = found;
    if (matched.auth === 'bot' && request.headers.authorization !== `Bot ${env.world.token}`) return respond(Errors.unauthorized(), decision.headers);
    if (invalidJson) return respond(Errors.invalidJson(), decision.headers);
    let answer: DoubleResponse;
    try {
      answer = matched.handle({ method, path, params, query: url.searchParams, body, files, now: record.receivedAt });
    } catch (error) {
      answer = discordError(500, 0, `discord double failure in ${matched.template}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
    respond(answer, decision.headers);
  }

  function applyFault(fault: FaultSpec, record: RecordedRequest, request: IncomingMessage, respond: (answer: DoubleResponse, headers?: Record<string, string>) => void): void {
    if (fault.kind === 'reset') {
      record.fault = 'reset';
      record.respondedAt = env.now();
      request.socket.resetAndDestroy();
      env.notify();
      return;
    }
    if (fault.kind === 'server-error') {
      return respond({ ...discordError(fault.status, 0, `${fault.status}: Server error`), fault: 'server-error' });
    }
    const seconds = fault.retryAfterSeconds;
    const headers: Record<string, string> = fault.scope === 'global'
      ? { 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' }
      : { ...deps.limiter.exhaustedHeaders(record.route ?? record.path, seconds, env.now()), 'X-RateLimit-Scope': fault.scope };
    respond({ ...rateLimited(seconds, fault.scope), fault: 'rate-limit' }, { ...headers, 'Retry-After': String(seconds) });
  }
}

/** `%40original` → `@original`, segment by segment so an encoded slash cannot add a segment. */
function decodeSegments(path: string): string {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment).replaceAll('/', '%2F');
    } catch {
      return segment;
    }
  }).join('/');
}

function rateLimited(retryAfterSeconds: number, scope: string): DoubleResponse {
  return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: scope === 'global', code: 0 } };
}

function findRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    const params = candidate.pattern.match(method, path);
    if (params) return { route: candidate, params };
  }
  return undefined;
}

function send(response: ServerResponse, answer: DoubleResponse, headers: Record<string, string>): void {
  const payload = answer.status === 204 || answer.body === undefined ? '' : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    ...headers,
    ...answer.headers,
    ...(payload === '' ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) }),
    Via: '1.1 discord-double',
  });
  response.end(payload);
}
