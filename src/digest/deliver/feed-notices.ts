import { normalizeUrl } from '../../feeds/identify/url.ts';
import type { TrackedFeed } from '../collect/types.ts';
import { base36Hash } from './hash.ts';
import { findByMarker, withDeliveryMarker } from './marker.ts';
import { describeDiscordFailure } from './errors.ts';
import type { DeliveryDeps } from './deliver.ts';
import { feedKeyOf, newFeedState, readFeedStates } from '../collect/feed-state.ts';
import { failingFeedsNotice, type FailingFeed } from './notice.ts';
import { noticeKey, type FeedNoticeAttempt, type FeedState, type GuildSettings } from '../state.ts';

export { failingFeedsNotice, NOTICE_MAX_FEEDS, type FailingFeed } from './notice.ts';

/** After this many failed runs in a row, a server tracking the feed is told once (per failure streak). */
export const FEED_FAILURE_REPORT_THRESHOLD = 3;

/** A feed the server was just told about, and the one message that told it. */
export interface FeedNotice {
  readonly url: string;
  readonly consecutiveFailures: number;
  readonly messageId: string;
}

type NoticeSettings = GuildSettings & { channelId: string };

/** One nonce per server and set of failure streaks (a streak starts after the feed's last success). */
function noticeNonce(guildId: string, feeds: readonly FailingFeed[]): string {
  const streaks = feeds.map((feed) => `${normalizeUrl(feed.state.url)}|${feed.state.lastSuccessAt ?? 'never'}`).sort();
  return `dwf${base36Hash(`${guildId}|${streaks.join('\n')}`, 20)}`;
}

/**
 * Tells the server, in its digest channel and in ONE message, about every tracked feed that failed at least
 * `FEED_FAILURE_REPORT_THRESHOLD` runs in a row and that it was not told about during this streak, then records that
 * it was told (`failureReportedTo` on each feed of the notice, named or counted; a successful fetch clears it).
 *
 * Like a digest message, the notice is saved (as the server's notice attempt, with its nonce and footer marker)
 * before it is posted, and the attempt is deleted once every feed is recorded. A run that finds an attempt left by a
 * crash or a refusal first looks for its marker in the channel: found, it only records it; not found, it posts it
 * again with the same nonce (so Discord returns the first if it has it), limited to its feeds still failing, and
 * newly failing feeds wait for the next run: one notice per run, never one twice. A notice Discord refuses is logged
 * and tried again on the next run. Resolves with the feeds told.
 */
export async function reportFailingFeeds(deps: DeliveryDeps, settings: NoticeSettings, feeds: readonly TrackedFeed[]): Promise<FeedNotice[]> {
  const { store, poster } = deps;
  const attempts = store.namespace<FeedNoticeAttempt>('outbox');
  const key = noticeKey(settings.guildId);
  const pending = await attempts.get(key);
  if (pending !== undefined) {
    // Unreadable history counts as not found: the repost carries the same nonce, so Discord returns the first.
    const found = await findByMarker(poster, settings.channelId, pending.marker).catch(() => undefined);
    if (found !== undefined) return recordNotice(deps, settings, pending, found);
  }
  const labels = new Map(feeds.map((feed) => [normalizeUrl(feed.url), feed.label]));
  const urls = pending === undefined ? feeds.map((feed) => feed.url) : pending.feeds.map((feed) => feed.url);
  const states = await readFeedStates(store, urls);
  const due = urls.flatMap((url): FailingFeed[] => {
    const state = states.get(url);
    return state === undefined || !needsNotice(state, settings.guildId) ? [] : [{ label: labels.get(normalizeUrl(url)) ?? url, state }];
  });
  if (due.length === 0) {
    if (pending !== undefined) await attempts.delete(key);
    return [];
  }
  const nonce = pending?.nonce ?? noticeNonce(settings.guildId, due);
  const attempt: FeedNoticeAttempt = {
    nonce,
    marker: pending?.marker ?? `dw·notice·${nonce.slice(3, 13)}`,
    payload: failingFeedsNotice(due, settings.locale),
    feeds: due.map((feed) => ({ url: feed.state.url, consecutiveFailures: feed.state.consecutiveFailures })),
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  let messageId: string;
  try {
    await attempts.set(key, attempt);
    const body = { ...withDeliveryMarker(attempt.payload, attempt.marker), nonce, enforce_nonce: true };
    messageId = (await poster.postMessage(settings.channelId, body)).id;
  } catch (error) {
    deps.log.warn('failing feeds notice not posted', { guildId: settings.guildId, feeds: due.length, code: describeDiscordFailure(error, settings.channelId).code, error });
    return [];
  }
  return recordNotice(deps, settings, attempt, messageId);
}

/** Records each feed of a posted notice as told (while its streak lasts), then forgets the attempt. */
async function recordNotice(deps: DeliveryDeps, settings: NoticeSettings, attempt: FeedNoticeAttempt, messageId: string): Promise<FeedNotice[]> {
  const { guildId } = settings;
  const feedStates = deps.store.namespace<FeedState>('feeds');
  for (const feed of attempt.feeds) {
    await feedStates.update(feedKeyOf(feed.url), (current) => {
      if (current === undefined || current.consecutiveFailures < FEED_FAILURE_REPORT_THRESHOLD) return current ?? newFeedState(feed.url);
      const told = current.failureReportedTo ?? [];
      return told.includes(guildId) ? current : { ...current, failureReportedTo: [...told, guildId] };
    });
  }
  await deps.store.namespace<FeedNoticeAttempt>('outbox').delete(noticeKey(guildId));
  deps.log.info('failing feeds notice posted', { guildId, feeds: attempt.feeds.length, messageId });
  return attempt.feeds.map((feed) => ({ ...feed, messageId }));
}

function needsNotice(state: FeedState, guildId: string): boolean {
  return state.consecutiveFailures >= FEED_FAILURE_REPORT_THRESHOLD && !(state.failureReportedTo ?? []).includes(guildId);
}
