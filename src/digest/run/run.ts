import { StoreError } from '../../store/index.ts';
import { composeEmptyDigest } from '../compose/compose.ts';
import { deliverOutboxHeld } from '../deliver/deliver.ts';
import { describeBusy, describeInternalFailure, describeStoreFailure } from '../deliver/errors.ts';
import { trackedFeeds } from '../collect/tracked-feeds.ts';
import { reportFailingFeeds, type FeedNotice } from '../deliver/feed-notices.ts';
import { GuildBusyError, withGuildLock, type StillHeld } from '../deliver/lock.ts';
import { buildOutbox, makeRunId } from '../deliver/outbox.ts';
import { getGuildSettings } from '../guilds.ts';
import type { GuildSettings, Outbox } from '../state.ts';
import type { DigestMessage } from '../types.ts';
import { composeFor, digestContext } from './compose-for.ts';
import { previewDigest } from './preview.ts';
import { recordRun } from './record.ts';
import { emptyResult, filteredOf, notConfigured, notShownOf } from './result.ts';
import type { GuildRunResult, RunDeps, RunOptions } from './types.ts';

/**
 * Runs one server's digest: first finishes a digest an earlier run left in the outbox (a crash, a Discord failure),
 * then gathers the pooled items of the server's feeds (the defaults and its own) it has not received, composes
 * them in its language within the digest limits (`composeCappedDigest`: the rest is carried or summarised, and
 * said), saves the outbox and delivers it (see `deliverOutbox`); then tells the server, in one message, about feeds
 * that keep failing. Records `lastRunAt` (the end of the period the last composed digest covers) and `lastRun`.
 * Runs of one server take turns, in this process and, with shared leases, across processes (`withGuildLock`).
 * A disabled server is run all the same: the scheduler decides.
 * Never rejects.
 */
export async function runGuildDigest(deps: RunDeps, guildId: string, options: RunOptions = { reason: 'unspecified' }): Promise<GuildRunResult> {
  const now = deps.now?.() ?? new Date();
  try {
    if (options.dryRun === true) return await previewDigest(deps, guildId, now);
    return await withGuildLock(deps, guildId, (stillHeld) => runHeld(deps, guildId, options, now, stillHeld));
  } catch (error) {
    deps.log.error('digest run failed', { guildId, reason: options.reason, error });
    const failure = error instanceof GuildBusyError ? describeBusy() : error instanceof StoreError ? describeStoreFailure(error) : describeInternalFailure();
    return { ...emptyResult(guildId, 'failed'), ok: false, error: failure };
  }
}

async function runHeld(deps: RunDeps, guildId: string, options: RunOptions, now: Date, stillHeld: StillHeld): Promise<GuildRunResult> {
  const { store, log } = deps;
  const settings = await getGuildSettings(store, guildId);
  if (settings?.channelId === undefined) return notConfigured(guildId);
  const configured = { ...settings, channelId: settings.channelId };
  log.info('digest run', { guildId, reason: options.reason });

  const leftover = await store.namespace<Outbox>('outbox').get(guildId);
  const resumed = leftover === undefined ? undefined : await deliverOutboxHeld(deps, guildId, stillHeld);
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
  if (digest.filtered.length > 0) log.info('digest filtered', { guildId, filtered: digest.filtered.length });
  let { messages } = digest;
  if (messages.length === 0 && options.postWhenEmpty === true) messages = [{ payload: composeEmptyDigest(ctx), itemIds: [] }];
  const withResumed = resumed === undefined ? {} : { resumed };
  if (messages.length === 0) {
    await recordRun(deps, guildId, now, { ok: true, ...counts, pending: 0 }, true);
    const feedNotices = await noticesOrNone(deps, configured);
    return { ...emptyResult(guildId, counts.sent > 0 ? 'delivered' : 'nothing-new'), ...counts, ...withResumed, feedNotices };
  }

  const outbox = newOutbox(configured, messages, now);
  // Taken over meanwhile: the new holder may have saved an outbox of its own, which this one must not replace.
  if (!(await stillHeld())) throw new GuildBusyError(guildId);
  await store.namespace<Outbox>('outbox').set(guildId, outbox);
  const result = await deliverOutboxHeld(deps, guildId, stillHeld);
  const total = { sent: counts.sent + result.sent, delivered: counts.delivered + result.delivered, pending: result.pending };
  if (!result.ok) {
    await recordRun(deps, guildId, now, { ok: false, ...total, error: result.error }, true);
    return { ...emptyResult(guildId, 'failed'), ok: false, ...total, items, ...notShownOf(digest), ...filteredOf(digest), ...withResumed, error: result.error };
  }
  await recordRun(deps, guildId, now, { ok: true, ...total }, true);
  const feedNotices = await noticesOrNone(deps, configured);
  return { ...emptyResult(guildId, 'delivered'), ...total, items, ...notShownOf(digest), ...filteredOf(digest), ...withResumed, feedNotices };
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

function newOutbox(settings: GuildSettings & { channelId: string }, messages: readonly DigestMessage[], now: Date): Outbox {
  const createdAt = now.toISOString();
  const runId = makeRunId(settings.guildId, createdAt, messages.flatMap((message) => message.itemIds));
  return buildOutbox({ guildId: settings.guildId, channelId: settings.channelId, runId, createdAt, messages });
}
