import type { FeedState } from '../state.ts';

/** How long a run's claim on a feed lasts unless renewed: a crashed run's feeds are fetched again after this. */
export const DEFAULT_CLAIM_TTL_MS = 60_000;

/** A run other than `runId` holds a claim on the feed that has not expired at `now`. */
export function claimedByOther(state: FeedState, runId: string, now: Date): boolean {
  const { claim } = state;
  return claim !== undefined && claim.by !== runId && Date.parse(claim.until) > now.getTime();
}

/** The state once `runId` claims the feed from `now` for `ttlMs`. */
export function withClaim(state: FeedState, runId: string, now: Date, ttlMs: number): FeedState {
  return { ...state, claim: { by: runId, until: new Date(now.getTime() + ttlMs).toISOString() } };
}

/** The claim pushed back to `now + ttlMs`, only while it is still `runId`'s (an expired claim another run took stays theirs). */
export function renewedClaim(state: FeedState, runId: string, now: Date, ttlMs: number): FeedState {
  return state.claim?.by === runId ? withClaim(state, runId, now, ttlMs) : state;
}

/**
 * The state once `runId` recorded its fetch at `at` (its items pooled and marked seen): fetched then, and the claim
 * gone if it is still this run's.
 */
export function fetchRecorded(state: FeedState, runId: string, at: Date): FeedState {
  const { claim, ...rest } = state;
  return { ...rest, ...(claim === undefined || claim.by === runId ? {} : { claim }), lastFetchAt: at.toISOString() };
}
