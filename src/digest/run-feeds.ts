import { createHash } from 'node:crypto';
import { normalizeUrl } from '../feeds/identity.ts';
import type { Locale } from '../i18n/locale.ts';
import type { LocalizedText } from '../kb/schema.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { TrackedFeed } from './collect.ts';
import { noMentions, type MessagePayload } from '../render/payload.ts';
import { feedLine } from '../render/untrusted.ts';
import { withDeliveryMarker } from './compose-marker.ts';
import { describeDiscordFailure } from './deliver-errors.ts';
import type { DeliveryDeps } from './deliver.ts';
import { feedKeyOf, readFeedStates } from './feed-state.ts';
import type { FeedState, GuildSettings } from './state.ts';

/** After this many failed runs in a row, a server tracking the feed is told once (per failure streak). */
export const FEED_FAILURE_REPORT_THRESHOLD = 3;

/** The default feeds, then the server's own, each URL once (by its normalised form). */
export function trackedFeeds(kb: KnowledgeBase, settings: GuildSettings): TrackedFeed[] {
  const byUrl = new Map<string, TrackedFeed>();
  for (const feed of [...kb.feeds, ...settings.feeds]) {
    const key = normalizeUrl(feed.url);
    if (!byUrl.has(key)) byUrl.set(key, { url: feed.url, label: feed.label });
  }
  return [...byUrl.values()];
}

/** A feed the server was just told about. */
export interface FeedNotice {
  readonly url: string;
  readonly consecutiveFailures: number;
  readonly messageId: string;
}

const NOTICE_COLOR = 0xe67e22;
const WORDS = {
  noReason: { en: 'no details', fr: 'sans détails' },
} satisfies Record<string, LocalizedText>;

/** The short notice about a failing feed, in the server's language; feed text made inert. */
export function failingFeedNotice(feed: TrackedFeed, state: FeedState, locale: Locale): MessagePayload {
  const label = feedLine(feed.label, 80);
  const reason = feedLine((state.lastError?.message[locale] ?? WORDS.noReason[locale]).replace(/[\s.]+$/, ''), 300);
  const n = state.consecutiveFailures;
  const text = locale === 'fr'
    ? `⚠️ Le flux ${label} a échoué ${n} passages de suite : ${reason}. /digest status montre son état.`
    : `⚠️ The feed ${label} has failed ${n} runs in a row: ${reason}. /digest status shows its health.`;
  return { embeds: [{ description: text, color: NOTICE_COLOR }], allowed_mentions: noMentions() };
}

/** One nonce per server, feed and failure streak (a streak starts after the last success). */
function noticeNonce(guildId: string, state: FeedState): string {
  const hex = createHash('sha256').update(`${guildId}|${normalizeUrl(state.url)}|${state.lastSuccessAt ?? 'never'}`).digest('hex');
  return `dwf${BigInt(`0x${hex.slice(0, 32)}`).toString(36).slice(0, 20)}`;
}

/**
 * Tells the server, in its digest channel, about each tracked feed that failed at least
 * `FEED_FAILURE_REPORT_THRESHOLD` runs in a row and that it was not told about during this streak, then records
 * that it was told (`failureReportedTo`; a successful fetch clears it). A notice Discord refuses is logged and
 * tried again on the next run. Resolves with the notices posted.
 */
export async function reportFailingFeeds(deps: DeliveryDeps, settings: GuildSettings & { channelId: string }, feeds: readonly TrackedFeed[]): Promise<FeedNotice[]> {
  const { store, poster, log } = deps;
  const { guildId, channelId } = settings;
  const states = await readFeedStates(store, feeds.map((feed) => feed.url));
  const notices: FeedNotice[] = [];
  for (const feed of feeds) {
    const state = states.get(feed.url);
    if (state === undefined || !needsNotice(state, guildId)) continue;
    const nonce = noticeNonce(guildId, state);
    const marker = `dw·notice·${nonce.slice(3, 13)}`;
    const feedStates = store.namespace<FeedState>('feeds');
    const key = feedKeyOf(feed.url);
    // Like digest messages: a notice a crashed process may already have posted is looked for before posting again.
    let messageId = (state.noticeAttemptedFor ?? []).includes(guildId) ? await findMarker(poster, channelId, marker) : undefined;
    if (messageId === undefined) {
      try {
        await feedStates.update(key, (current) => withGuild(current ?? state, 'noticeAttemptedFor', guildId));
        const body = { ...withDeliveryMarker(failingFeedNotice(feed, state, settings.locale), marker), nonce, enforce_nonce: true };
        messageId = (await poster.postMessage(channelId, body)).id;
      } catch (error) {
        log.warn('failing feed notice not posted', { guildId, feed: feed.url, code: describeDiscordFailure(error, channelId).code, error });
        continue;
      }
    }
    await feedStates.update(key, (current) => {
      if (current === undefined || current.consecutiveFailures < FEED_FAILURE_REPORT_THRESHOLD) return current ?? state;
      return withGuild(current, 'failureReportedTo', guildId);
    });
    log.info('failing feed notice posted', { guildId, feed: feed.url, failures: state.consecutiveFailures, messageId });
    notices.push({ url: feed.url, consecutiveFailures: state.consecutiveFailures, messageId });
  }
  return notices;
}

function withGuild(state: FeedState, field: 'failureReportedTo' | 'noticeAttemptedFor', guildId: string): FeedState {
  const guilds = state[field] ?? [];
  return guilds.includes(guildId) ? state : { ...state, [field]: [...guilds, guildId] };
}

/** The id of a recent channel message whose footer carries `marker`; undefined if none, or if history is unreadable. */
async function findMarker(poster: DeliveryDeps['poster'], channelId: string, marker: string): Promise<string | undefined> {
  const recent = await poster.recentMessages(channelId, 100).catch(() => []);
  return recent.find((message) => message.embeds.some((embed) => embed.footer?.text.includes(marker) === true))?.id;
}

function needsNotice(state: FeedState, guildId: string): boolean {
  return state.consecutiveFailures >= FEED_FAILURE_REPORT_THRESHOLD && !(state.failureReportedTo ?? []).includes(guildId);
}
