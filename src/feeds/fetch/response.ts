import type { IncomingMessage } from 'node:http';
import { readBody } from './body.ts';
import { badRedirect, failure, httpStatus, parseRetryAfter } from './errors.ts';
import type { Settings } from './settings.ts';
import type { BytesResult } from './types.ts';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What one request's answer means: a redirect to follow, or the fetch's result. */
export type Hop = { kind: 'redirect'; location: string } | { kind: 'final'; result: BytesResult };

function headerValue(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function validators(response: IncomingMessage): { etag?: string; lastModified?: string } {
  const etag = headerValue(response, 'etag');
  const lastModified = headerValue(response, 'last-modified');
  return { ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) };
}

/** Reads a response: a redirect, 304, an HTTP failure (thrown as a FetchFailure), or the body as it came. */
export async function interpretResponse(response: IncomingMessage, url: URL, settings: Settings): Promise<Hop> {
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
  const body = await readBody(response, settings.maxBytes);
  const contentType = headerValue(response, 'content-type');
  return {
    kind: 'final',
    result: {
      ok: true,
      status: 200,
      notModified: false,
      ...body,
      ...(contentType === undefined ? {} : { contentType }),
      ...validators(response),
      finalUrl: url.href,
    },
  };
}

