import type { Leases } from '../../async/leases.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import { describeBusy, describeDiscordFailure, describeInternalFailure, describeStoreFailure, type DeliveryError } from './errors.ts';
import { GuildBusyError, withGuildLock, type StillHeld } from './lock.ts';
import { findByMarker, withDeliveryMarker } from './marker.ts';
import { unsentMessages } from './outbox.ts';
import { deleteOutbox, OutboxGoneError, saveMessage } from './outbox-save.ts';
import type { DiscordPoster, PostBody } from './poster.ts';
import { recordLeads } from './leads.ts';
import { appendNews, newsRecordFor } from './news.ts';
import { markDelivered, readPool } from '../pool.ts';
import type { Outbox, OutboxMessage } from '../state.ts';
import type { DigestItem } from '../types.ts';

export type { DeliveryError, DeliveryErrorCode } from './errors.ts';
export { restPoster, type DiscordPoster, type PostBody, type RecentMessage } from './poster.ts';

/** What delivery works with. */
export interface DeliveryDeps {
  readonly store: Store;
  readonly poster: DiscordPoster;
  readonly log: Logger;
  /** The clock (default: the system's). */
  readonly now?: () => Date;
  /** Leases shared with the other processes: a server's outbox is then delivered by one process at a time (see `withGuildLock`). */
  readonly leases?: Leases | undefined;
}

/**
 * How far a delivery got. `sent`: messages Discord accepted during this call (posted, or found in the channel
 * after an interrupted attempt); `delivered`: the items they carry; `pending`: messages still waiting.
 */
export type DeliveryResult =
  | { readonly ok: true; readonly sent: number; readonly delivered: number; readonly pending: 0 }
  | { readonly ok: false; readonly sent: number; readonly delivered: number; readonly pending: number; readonly error: DeliveryError };

/**
 * Delivers the server's outbox, if it has one, message by message in order, so that nothing is lost and nothing
 * is posted twice, whenever the process stops:
 * - before posting, the message is saved as `attempted`; a message already attempted is first looked for in the
 *   channel by its footer marker, and adopted if found;
 * - every post carries the message's nonce with `enforce_nonce`, so Discord returns the earlier message for a
 *   repeated post;
 * - once Discord accepted it, its items (and those it only counts, `summarizedIds`) are marked delivered and the
 *   ones it shows recorded in the server's news, and only then its id is saved and the next message goes.
 * When every message has an id, the outbox is deleted. A Discord failure (after @discordjs/rest's retries) or a
 * store failure stops there and keeps the outbox for the next run; nothing Discord did not accept is marked.
 * Never rejects.
 */
export async function deliverOutbox(deps: DeliveryDeps, guildId: string): Promise<DeliveryResult> {
  try {
    return await withGuildLock(deps, guildId, (stillHeld) => deliverOutboxHeld(deps, guildId, stillHeld));
  } catch (error) {
    deps.log.warn('digest outbox not delivered: server not locked', { guildId, error });
    return { ok: false, sent: 0, delivered: 0, pending: 0, error: error instanceof GuildBusyError ? describeBusy() : describeStoreFailure(error) };
  }
}

/**
 * `deliverOutbox` for a caller already holding the server's lock (`withGuildLock`): before each message it checks
 * that it still holds it, and stops if another process took the server over.
 */
export async function deliverOutboxHeld(deps: DeliveryDeps, guildId: string, stillHeld: StillHeld = async () => true): Promise<DeliveryResult> {
  const { store, log } = deps;
  const outboxes = store.namespace<Outbox>('outbox');
  let outbox: Outbox | undefined;
  try {
    outbox = await outboxes.get(guildId);
  } catch (error) {
    log.error('digest outbox unreadable', { guildId, error });
    return { ok: false, sent: 0, delivered: 0, pending: 0, error: describeStoreFailure(error) };
  }
  if (outbox === undefined) return { ok: true, sent: 0, delivered: 0, pending: 0 };

  const progress = { sent: 0, delivered: 0 };
  const pool = lazyPool(store);
  const { runId } = outbox;
  for (let index = 0; index < outbox.messages.length; index++) {
    const message = outbox.messages[index];
    if (message === undefined || message.messageId !== undefined) continue;
    const lost = await leaseLost(stillHeld);
    if (lost !== undefined) {
      log.warn('digest delivery stopped: the server lease was lost', { guildId, runId: outbox.runId, index: message.index, error: lost.cause });
      return { ok: false, ...progress, pending: unsentMessages(outbox).length, error: lost.error };
    }
    const step = await deliverMessage(deps, outbox, message, pool);
    if (step.kind === 'failed') {
      log.warn('digest delivery stopped', { guildId, runId: outbox.runId, index: message.index, code: step.error.code, error: step.cause });
      return { ok: false, ...progress, pending: unsentMessages(outbox).length, error: step.error };
    }
    outbox = step.outbox;
    progress.sent += 1;
    progress.delivered += message.itemIds.length;
  }
  try {
    if ((await leaseLost(stillHeld)) === undefined) await deleteOutbox(store, runId, guildId);
  } catch (error) {
    // Every message is accepted and recorded: the next run finds nothing left to send and deletes the outbox.
    log.warn('digest outbox not deleted', { guildId, runId: outbox.runId, error });
  }
  log.info('digest delivered', { guildId, runId: outbox.runId, messages: outbox.messages.length, ...progress });
  return { ok: true, ...progress, pending: 0 };
}

type Failed = { kind: 'failed'; error: DeliveryError; cause: unknown };

/** Undefined while the server is still held; why not otherwise (taken over, or the lease unreadable). */
async function leaseLost(stillHeld: StillHeld): Promise<Omit<Failed, 'kind'> | undefined> {
  try {
    return (await stillHeld()) ? undefined : { error: describeBusy(), cause: 'lease lost' };
  } catch (error) {
    return { error: describeStoreFailure(error), cause: error };
  }
}
type Step = { kind: 'accepted'; outbox: Outbox } | Failed;

async function deliverMessage(deps: DeliveryDeps, outbox: Outbox, message: OutboxMessage, pool: () => Promise<Map<string, DigestItem>>): Promise<Step> {
  const claim = await findOrClaim(deps, outbox, message);
  if (claim.kind === 'failed') return claim;
  let messageId = claim.messageId;
  if (messageId === undefined) {
    const posted = await post(deps.poster, outbox.channelId, message);
    if (posted.kind === 'failed') return posted;
    messageId = posted.id;
  }
  return recordAccepted(deps, claim.outbox, message, messageId, pool);
}

/**
 * An attempted message is looked for in the channel (a previous process may have died after Discord accepted it);
 * any other is saved as attempted before it is posted.
 */
async function findOrClaim(deps: DeliveryDeps, outbox: Outbox, message: OutboxMessage): Promise<{ kind: 'claimed'; outbox: Outbox; messageId?: string } | Failed> {
  if (message.attempted) {
    let messageId: string | undefined;
    try {
      messageId = await findByMarker(deps.poster, outbox.channelId, message.marker);
    } catch (error) {
      return { kind: 'failed', error: describeDiscordFailure(error, outbox.channelId), cause: error };
    }
    if (messageId === undefined) return { kind: 'claimed', outbox };
    deps.log.info('digest message found after an interrupted attempt', { guildId: outbox.guildId, runId: outbox.runId, index: message.index, messageId });
    return { kind: 'claimed', outbox, messageId };
  }
  try {
    const claimed = await saveMessage(deps.store, outbox.runId, outbox.guildId, { ...message, attempted: true });
    // Another process that held the server before this one may have posted it already: adopted, not posted again.
    const messageId = claimed.messages.find((stored) => stored.index === message.index)?.messageId;
    return messageId === undefined ? { kind: 'claimed', outbox: claimed } : { kind: 'claimed', outbox: claimed, messageId };
  } catch (error) {
    return { kind: 'failed', error: error instanceof OutboxGoneError ? describeBusy() : describeStoreFailure(error), cause: error };
  }
}

/** Posts the message with its marker and its nonce (`enforce_nonce`: a repeated post returns the first message). */
async function post(poster: DiscordPoster, channelId: string, message: OutboxMessage): Promise<{ kind: 'posted'; id: string } | Failed> {
  let body: PostBody;
  try {
    body = { ...withDeliveryMarker(message.payload, message.marker), nonce: message.nonce, enforce_nonce: true };
  } catch (error) {
    return { kind: 'failed', error: describeInternalFailure(), cause: error };
  }
  try {
    return { kind: 'posted', id: (await poster.postMessage(channelId, body)).id };
  } catch (error) {
    return { kind: 'failed', error: describeDiscordFailure(error, channelId), cause: error };
  }
}

/**
 * Marks the message's items delivered and records them in the server's news (and its possible retreats among its
 * leads, for /leads), then saves the message's id. In that
 * order: interrupted in between, the next run finds the message by its marker and records it again (both steps are
 * idempotent), whereas a saved id with unmarked items would let those items go out again in a later digest.
 */
async function recordAccepted(
  deps: DeliveryDeps,
  outbox: Outbox,
  message: OutboxMessage,
  messageId: string,
  pool: () => Promise<Map<string, DigestItem>>,
): Promise<Step> {
  const { store } = deps;
  const acceptedAt = (deps.now?.() ?? new Date()).toISOString();
  let accepted: Outbox;
  try {
    await markDelivered(store, outbox.channelId, message.itemIds, acceptedAt);
    if (message.summarizedIds !== undefined) await markDelivered(store, outbox.channelId, message.summarizedIds, acceptedAt, 'summary');
    const items = await pool();
    const shown = message.itemIds.flatMap((id) => items.get(id) ?? []);
    await appendNews(store, outbox.guildId, shown.map((item) => newsRecordFor(item, acceptedAt)));
    await recordLeads(store, outbox.guildId, shown, items, acceptedAt);
    accepted = await saveMessage(store, outbox.runId, outbox.guildId, { ...message, attempted: true, messageId });
  } catch (error) {
    return { kind: 'failed', error: error instanceof OutboxGoneError ? describeBusy() : describeStoreFailure(error), cause: error };
  }
  deps.log.debug('digest message delivered', { guildId: outbox.guildId, runId: outbox.runId, index: message.index, messageId });
  return { kind: 'accepted', outbox: accepted };
}

/** The pool by item id, read once per delivery and only when a message was accepted. */
function lazyPool(store: Store): () => Promise<Map<string, DigestItem>> {
  let pool: Promise<Map<string, DigestItem>> | undefined;
  return () => {
    pool ??= readPool(store).then((items) => new Map(items.map((item) => [item.id, item])));
    return pool;
  };
}
