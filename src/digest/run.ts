import { normalizeUrl } from '../feeds/identify/url.ts';
import type { LocalizedText } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { MessagePayload } from '../render/payload.ts';
import { StoreError } from '../store/index.ts';
import { composeCappedDigest, composeEmptyDigest, DEFAULT_DIGEST_LIMITS, type CappedDigest, type DigestLimits } from './compose/compose.ts';
import { describeInternalFailure, describeStoreFailure, type DeliveryError } from './deliver/errors.ts';
import { withGuildLock } from './deliver/lock.ts';
import { buildOutbox, makeRunId, outboxItemIds, unsentMessages } from './deliver/outbox.ts';
import { deliverOutboxHeld, type DeliveryDeps, type DeliveryResult } from './deliver/deliver.ts';
import { seenSinceFeedAdded } from './feed-since.ts';
import { getGuildSettings, updateGuildSettings } from './guilds.ts';
import { candidatesFor, turnedAwayDuring } from './pool.ts';
import { reportFailingFeeds, trackedFeeds, type FeedNotice } from './deliver/feed-notices.ts';
import type { GuildSettings, Outbox } from './state.ts';
import type { DigestContext, DigestMessage } from './types.ts';

export { FEED_FAILURE_REPORT_THRESHOLD, trackedFeeds, type FeedNotice } from './deliver/feed-notices.ts';
export type { TrackedFeed } from './collect/types.ts';
export { digestStatus, type DigestStatus } from './run-status.ts';

/** What a digest run works with. */
export interface RunDeps extends DeliveryDeps {
  readonly kb: KnowledgeBase;
  /** DIGEST_MAX_MESSAGES and DIGEST_MAX_ITEMS_PER_FEED (default DEFAULT_DIGEST_LIMITS). */
  readonly limits?: DigestLimits;
}

/** How a run was started and what it may do. */
export interface RunOptions {
  /** Why the run happens ("schedule", "command", "catch-up"…), for the log. */
  readonly reason: string;
  /** Post a short "nothing new" digest when there is no item (default: post nothing). */
  readonly postWhenEmpty?: boolean;
  /** Preview: compose and return the payloads; nothing is saved or posted. */
  readonly dryRun?: boolean;
}

/**
 * - delivered: a digest (or an interrupted one) went out in full;
 * - nothing-new: no item, nothing posted;
 * - failed: delivery stopped, what was not sent waits in the outbox (see `error`);
 * - not-configured: the server has no settings or no digest channel;
 * - preview: `payloads` is what a run would post now.
 */
export type RunOutcome = 'delivered' | 'nothing-new' | 'failed' | 'not-configured' | 'preview';

/** What one server's run did. Counts include the interrupted digest the run finished first, if any. */
export interface GuildRunResult {
  readonly guildId: string;
  readonly outcome: RunOutcome;
  readonly ok: boolean;
  /** Items Discord accepted during this run. */
  readonly delivered: number;
  /** Messages Discord accepted during this run. */
  readonly sent: number;
  /** Messages still waiting in the outbox. */
  readonly pending: number;
  /** Items the new digest shows (or, in preview, would show). */
  readonly items: number;
  /** Items the new digest left out: carried to the next digest, summarised, turned away by the pool (counted). */
  readonly notShown?: { readonly carried: number; readonly summarized: number; readonly turnedAway: number };
  /** The delivery of a digest left by an earlier run, when there was one. */
  readonly resumed?: DeliveryResult;
  readonly error?: DeliveryError;
  /** Preview only. */
  readonly payloads?: MessagePayload[];
  readonly feedNotices: readonly FeedNotice[];
}

const NOT_CONFIGURED: LocalizedText = {
  en: 'The digest is not set up on this server: choose a channel for it first.',
  fr: "Le résumé n'est pas configuré sur ce serveur : choisissez d'abord son salon.",
};

/**
 * Runs one server's digest: first finishes a digest an earlier run left in the outbox (a crash, a Discord failure),
 * then gathers the pooled items of the server's feeds (the defaults and its own) it has not received, composes
 * them in its language within the digest limits (`composeCappedDigest`: the rest is carried or summarised, and
 * said), saves the outbox and delivers it (see `deliverOutbox`); then tells the server, in one message, about feeds
 * that keep failing. Records `lastRunAt` (the end of the period the last composed digest covers) and `lastRun`.
 * Runs of one server in this process take turns. A disabled server is run all the same: the scheduler decides.
 * Never rejects.
 */
export async function runGuildDigest(deps: RunDeps, guildId: string, options: RunOptions = { reason: 'unspecified' }): Promise<GuildRunResult> {
  const now = deps.now?.() ?? new Date();
  try {
    if (options.dryRun === true) return await previewDigest(deps, guildId, now);
    return await withGuildLock(deps.store, guildId, () => runHeld(deps, guildId, options, now));
  } catch (error) {
    deps.log.error('digest run failed', { guildId, reason: options.reason, error });
    const failure = error instanceof StoreError ? describeStoreFailure(error) : describeInternalFailure();
    return { ...emptyResult(guildId, 'failed'), ok: false, error: failure };
  }
}

async function runHeld(deps: RunDeps, guildId: string, options: RunOptions, now: Date): Promise<GuildRunResult> {
  const { store, log } = deps;
  const settings = await getGuildSettings(store, guildId);
  if (settings?.channelId === undefined) return notConfigured(guildId);
  const configured = { ...settings, channelId: settings.channelId };
  log.info('digest run', { guildId, reason: options.reason });

  const leftover = await store.namespace<Outbox>('outbox').get(guildId);
  const resumed = leftover === undefined ? undefined : await deliverOutboxHeld(deps, guildId);
  const counts = { sent: resumed?.sent ?? 0, delivered: resumed?.delivered ?? 0 };
  if (resumed !== undefined && !resumed.ok) {
    await recordRun(deps, guildId, now, { ok: false, ...counts, pending: resumed.pending, error: resumed.error }, false);
    return { ...emptyResult(guildId, 'failed'), ok: false, ...counts, pending: resumed.pending, resumed, error: resumed.error };
  }

  const ctx = digestContext(settings, now, leftover);
  const digest = await composeFor(deps, configured, ctx, now, new Set());
  const items = digest.plan.shown.length;
  const { notShown } = notShownOf(digest);
  if (notShown !== undefined) log.info('digest capped', { guildId, shown: items, ...notShown, messages: digest.messages.length });
  let { messages } = digest;
  if (messages.length === 0 && options.postWhenEmpty === true) messages = [{ payload: composeEmptyDigest(ctx), itemIds: [] }];
  const withResumed = resumed === undefined ? {} : { resumed };
  if (messages.length === 0) {
    await recordRun(deps, guildId, now, { ok: true, ...counts, pending: 0 }, true);
    const feedNotices = await noticesOrNone(deps, configured);
    return { ...emptyResult(guildId, counts.sent > 0 ? 'delivered' : 'nothing-new'), ...counts, ...withResumed, feedNotices };
  }

  const outbox = newOutbox(configured, messages, now);
  await store.namespace<Outbox>('outbox').set(guildId, outbox);
  const result = await deliverOutboxHeld(deps, guildId);
  const total = { sent: counts.sent + result.sent, delivered: counts.delivered + result.delivered, pending: result.pending };
  if (!result.ok) {
    await recordRun(deps, guildId, now, { ok: false, ...total, error: result.error }, true);
    return { ...emptyResult(guildId, 'failed'), ok: false, ...total, items, ...notShownOf(digest), ...withResumed, error: result.error };
  }
  await recordRun(deps, guildId, now, { ok: true, ...total }, true);
  const feedNotices = await noticesOrNone(deps, configured);
  return { ...emptyResult(guildId, 'delivered'), ...total, items, ...notShownOf(digest), ...withResumed, feedNotices };
}

/** Failing-feed notices: a failure there is logged and never spoils a delivered digest. */
async function noticesOrNone(deps: RunDeps, settings: GuildSettings & { channelId: string }): Promise<FeedNotice[]> {
  try {
    return await reportFailingFeeds(deps, settings, trackedFeeds(deps.kb, settings));
  } catch (error) {
    deps.log.warn('failing feed notices skipped', { guildId: settings.guildId, error });
    return [];
  }
}

/** What a run would post now: nothing read is changed, the outbox and its items are left alone. */
async function previewDigest(deps: RunDeps, guildId: string, now: Date): Promise<GuildRunResult> {
  const settings = await getGuildSettings(deps.store, guildId);
  if (settings === undefined) return notConfigured(guildId);
  const outbox = await deps.store.namespace<Outbox>('outbox').get(guildId);
  const ctx = digestContext(settings, now, outbox);
  const digest = await composeFor(deps, { ...settings, channelId: settings.channelId ?? '' }, ctx, now, outboxItemIds(outbox));
  const payloads = digest.messages.length === 0 ? [composeEmptyDigest(ctx)] : digest.messages.map((message) => message.payload);
  const pending = outbox === undefined ? 0 : unsentMessages(outbox).length;
  return { ...emptyResult(guildId, 'preview'), pending, items: digest.plan.shown.length, ...notShownOf(digest), payloads };
}

/**
 * The server's digest now: the pooled items of its feeds it has not received (less `exclude`), and what the pool
 * turned away during the digest's period, composed within the run's limits.
 */
async function composeFor(deps: RunDeps, settings: GuildSettings & { channelId: string }, ctx: DigestContext, now: Date, exclude: ReadonlySet<string>): Promise<CappedDigest> {
  const feeds = trackedFeeds(deps.kb, settings);
  const feedUrls = new Set(feeds.map((feed) => feed.url));
  const candidates = await candidatesFor(deps.store, { channelId: settings.channelId, feedUrls, since: settings.since, now });
  const turnedAway = await turnedAwayDuring(deps.store, feedUrls, ctx.since ?? settings.since, now);
  const labels = new Map(feeds.map((feed) => [normalizeUrl(feed.url), feed.label]));
  const isNews = seenSinceFeedAdded(settings);
  const items = candidates.filter((item) => !exclude.has(item.id) && isNews(item));
  return composeCappedDigest(deps.kb, items, ctx, deps.limits ?? DEFAULT_DIGEST_LIMITS, { turnedAway, labels });
}

function notShownOf(digest: CappedDigest): Pick<GuildRunResult, 'notShown'> {
  const { plan } = digest;
  if (plan.overflow.length === 0) return {};
  const turnedAway = plan.overflow.reduce((sum, feed) => sum + feed.count, 0) - plan.carried.length - plan.summarized.length;
  return { notShown: { carried: plan.carried.length, summarized: plan.summarized.length, turnedAway } };
}

/**
 * Who the digest is for and the period it covers: since the end of the last composed digest, which is the leftover
 * outbox's when a crash kept `lastRunAt` from being recorded (so its counts are not counted again).
 */
function digestContext(settings: GuildSettings, now: Date, leftover?: Outbox): DigestContext {
  const last = settings.lastRunAt ?? settings.since;
  const since = leftover !== undefined && leftover.createdAt > last ? leftover.createdAt : last;
  return { locale: settings.locale, since, now: now.toISOString() };
}

function newOutbox(settings: GuildSettings & { channelId: string }, messages: readonly DigestMessage[], now: Date): Outbox {
  const createdAt = now.toISOString();
  const runId = makeRunId(settings.guildId, createdAt, messages.flatMap((message) => message.itemIds));
  return buildOutbox({ guildId: settings.guildId, channelId: settings.channelId, runId, createdAt, messages });
}

type RunRecord = NonNullable<GuildSettings['lastRun']>;

/** Saves `lastRun` (and `lastRunAt` when a digest was composed); a store failure here is logged, not fatal. */
async function recordRun(
  deps: RunDeps,
  guildId: string,
  now: Date,
  run: Omit<RunRecord, 'at' | 'error'> & { error?: DeliveryError },
  composed: boolean,
): Promise<void> {
  const at = now.toISOString();
  const lastRun: RunRecord = {
    at, ok: run.ok, delivered: run.delivered, pending: run.pending,
    ...(run.error === undefined ? {} : { error: run.error.message }),
  };
  try {
    await updateGuildSettings(deps.store, guildId, (current) => ({ ...current, ...(composed ? { lastRunAt: at } : {}), lastRun }));
  } catch (error) {
    deps.log.warn('digest run not recorded', { guildId, error });
  }
}

function emptyResult(guildId: string, outcome: RunOutcome): GuildRunResult {
  return { guildId, outcome, ok: true, delivered: 0, sent: 0, pending: 0, items: 0, feedNotices: [] };
}

function notConfigured(guildId: string): GuildRunResult {
  return { ...emptyResult(guildId, 'not-configured'), ok: false, error: { code: 'not-configured', message: NOT_CONFIGURED } };
}
