import type { UploadedFile } from '../messages.ts';
import type { DoubleResponse } from './errors.ts';
import { compileRoutePattern, type RoutePattern } from './route-pattern.ts';

/** What a route handler receives. */
export interface RouteContext {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  readonly now: number;
}

/** One REST route of the double. `auth: 'bot'` requires `Authorization: Bot <token>`; interaction and webhook-token routes take none, as on Discord. */
export interface Route {
  readonly template: string;
  readonly pattern: RoutePattern;
  readonly auth: 'bot' | 'none';
  handle(context: RouteContext): DoubleResponse;
}

export function route(template: string, auth: 'bot' | 'none', handle: (context: RouteContext) => DoubleResponse): Route {
  return { template, pattern: compileRoutePattern(template), auth, handle };
}

/** The rate-limit major parameter of a request: channel, guild, webhook or interaction. */
export function majorParameter(params: Readonly<Record<string, string>>): string {
  return params['channelId'] ?? params['guildId'] ?? (params['token'] ? `${params['applicationId'] ?? ''}/${params['token']}` : undefined) ?? params['interactionId'] ?? '';
}
