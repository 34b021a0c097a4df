import type { LocalizedText } from '../../i18n/locale.ts';
import type { Store } from '../../store/index.ts';
import { MAX_RETRY_AFTER_MS } from '../../feeds/fetch/errors.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import { feedKey, type FeedState } from '../state.ts';
import { claimedByOther } from './feed-claim.ts';

export { MAX_RETRY_AFTER_MS } from '../../feeds/fetch/errors.ts';

/** Why a run did not fetch a feed. */
export interface FeedSkip {
  readonly code: 'retry-after' | 'being-fetched' | 'recently-fetched';
  readonly message: LocalizedText;
}

/** What went wrong with a feed, for its state and the report. */
export interface FeedFailure {
  readonly code: string;
  readonly message: LocalizedText;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

/** What a successful fetch brought back, for the feed's state. */
export interface FeedSuccess {
  readonly status: number;
  readonly etag?: string;
  readonly lastModified?: string;
  /** 304: keep the stored validators the server did not resend. */
  readonly notModified: boolean;
  /** The feed is seeded after this fetch. */
  readonly seeded: boolean;
}

/** The store key of a feed: its normalised URL. */
export function feedKeyOf(url: string): string {
  return feedKey(normalizeUrl(url));
}

/** The state of a feed no run has fetched yet. */
export function newFeedState(url: string): FeedState {
  return { url, seeded: false, consecutiveFailures: 0 };
}

function minutesUntil(from: Date, to: number): number {
  return Math.max(1, Math.ceil((to - from.getTime()) / 60_000));
}

/**
 * Why the run `runId` must not fetch the feed at `now`, if it must not: the server asked us to wait (Retry-After),
 * another run holds the feed's claim, or a run fetched it less than `minRefetchMs` ago (several servers whose
 * digests fire together share one fetch).
 */
export function skipReason(state: FeedState, now: Date, minRefetchMs: number, runId: string): FeedSkip | undefined {
  const retryAt = state.retryAfterUntil === undefined ? Number.NaN : Date.parse(state.retryAfterUntil);
  if (retryAt > now.getTime()) {
    const minutes = minutesUntil(now, retryAt);
    return {
      code: 'retry-after',
      message: {
        en: `The server asked us to wait: next try in ${minutes} min (${state.retryAfterUntil}).`,
        fr: `Le serveur a demandé d’attendre : prochain essai dans ${minutes} min (${state.retryAfterUntil}).`,
      },
    };
  }
  if (claimedByOther(state, runId, now)) {
    return {
      code: 'being-fetched',
      message: {
        en: 'Another run is fetching it right now: its items reach the pool through that run.',
        fr: 'Une autre exécution le récupère en ce moment : c’est elle qui mettra ses articles en attente.',
      },
    };
  }
  const fetchedAt = state.lastFetchAt === undefined ? Number.NaN : Date.parse(state.lastFetchAt);
  if (minRefetchMs > 0 && now.getTime() - fetchedAt < minRefetchMs) {
    return {
      code: 'recently-fetched',
      message: {
        en: `Fetched less than ${Math.ceil(minRefetchMs / 60_000)} min ago (${state.lastFetchAt}): its items are already in the pool.`,
        fr: `Récupéré il y a moins de ${Math.ceil(minRefetchMs / 60_000)} min (${state.lastFetchAt}) : ses articles sont déjà en attente.`,
      },
    };
  }
  return undefined;
}

/**
 * The state after a successful fetch: failures reset, the failure streak's notices forgotten, Retry-After cleared,
 * validators replaced by the ones the server sent (a 304 keeps those it did not resend). `lastError` stays, with
 * its time, as history.
 */
export function recordSuccess(state: FeedState, success: FeedSuccess, at: Date): FeedState {
  const { etag, lastModified, retryAfterUntil: _retry, failureReportedTo: _reported, noticeAttemptedFor: _attempted, ...rest } = state;
  const keptEtag = success.etag ?? (success.notModified ? etag : undefined);
  const keptLastModified = success.lastModified ?? (success.notModified ? lastModified : undefined);
  return {
    ...rest,
    ...(keptEtag === undefined ? {} : { etag: keptEtag }),
    ...(keptLastModified === undefined ? {} : { lastModified: keptLastModified }),
    seeded: state.seeded || success.seeded,
    ...(state.firstReadAt === undefined && success.seeded ? { firstReadAt: at.toISOString() } : {}),
    lastSuccessAt: at.toISOString(),
    lastStatus: success.status,
    consecutiveFailures: 0,
  };
}

/**
 * The state after a failed fetch or parse: one more consecutive failure, the error kept, and when the server sent
 * Retry-After, no fetch before then (capped at MAX_RETRY_AFTER_MS). Validators stay: the copy they describe was
 * read successfully.
 */
export function recordFailure(state: FeedState, failure: FeedFailure, at: Date): FeedState {
  const { retryAfterUntil: _retry, lastStatus: _status, ...rest } = state;
  const waitMs = Math.min(failure.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  return {
    ...rest,
    ...(failure.status === undefined ? {} : { lastStatus: failure.status }),
    lastError: { code: failure.code, message: failure.message, at: at.toISOString() },
    consecutiveFailures: state.consecutiveFailures + 1,
    ...(waitMs > 0 ? { retryAfterUntil: new Date(at.getTime() + waitMs).toISOString() } : {}),
  };
}

/**
 * The stored state of each feed (for /digest status: last success, last error, consecutive failures), by the URL
 * as given; a feed never fetched gets a fresh state.
 */
export async function readFeedStates(store: Store, urls: readonly string[]): Promise<Map<string, FeedState>> {
  const states = await store.namespace<FeedState>('feeds').getMany(urls.map(feedKeyOf));
  return new Map(urls.map((url, index) => [url, states[index] ?? newFeedState(url)]));
}
