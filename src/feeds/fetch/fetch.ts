import { aborted, decodeFailure, badRedirect, badUrl, failure, timedOut, toFetchError, tooManyRedirects } from './errors.ts';
import { fetchHop } from './hop.ts';
import type { Hop } from './response.ts';
import { settingsFrom, type Settings } from './settings.ts';
import { inflateBody } from './inflate.ts';
import { decodeFeedBody } from './charset.ts';
import type { BytesResult, FetchOptions, FetchResult } from './types.ts';

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

async function followRedirects(start: URL, settings: Settings, signal: AbortSignal): Promise<BytesResult> {
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
  const fetched = await fetchFeedBytes(url, options);
  if (!fetched.ok || fetched.notModified) return fetched;
  const { parts: _parts, length: _length, coding: _coding, truncated: _truncated, ...rest } = fetched;
  const inflated = await inflateBody(fetched, settingsFrom(options).maxBytes);
  if (!inflated.ok) return { ok: false, error: { ...decodeFailure(inflated.reason), url: fetched.finalUrl } };
  const { text, charset } = decodeFeedBody(inflated.bytes, fetched.contentType);
  return { ...rest, text, charset, bytes: inflated.bytes.length, truncated: inflated.truncated };
}

/** `fetchFeed` without the decompression and decoding: the body as it came, for a parse worker (see FetchedBytes). */
export async function fetchFeedBytes(url: string, options: FetchOptions = {}): Promise<BytesResult> {
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
