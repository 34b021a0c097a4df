import type { MessagePayload } from '../../render/payload.ts';
import type { Outbox, OutboxMessage } from '../state.ts';
import { base36Hash } from './hash.ts';

/** What one outbox message carries, as composition produced it. */
export interface OutboxInput {
  readonly payload: MessagePayload;
  readonly itemIds: readonly string[];
  readonly summarizedIds?: readonly string[];
}

/**
 * A short id for one digest of one server, from the server, the run's clock and the items it carries: two digests
 * composed at the same millisecond with different items still get different ids (and so different nonces).
 */
export function makeRunId(guildId: string, now: string, itemIds: readonly string[] = []): string {
  return base36Hash(`${guildId}|${now}|${itemIds.join(',')}`, 10);
}

/** Discord's idempotency key of message `index` of run `runId`: 22 characters (Discord allows 25). */
export function makeNonce(runId: string, index: number): string {
  return `dw${base36Hash(`${runId}#${index}`, 20)}`;
}

/** The footer marker of message `index` (0-based) of `total`, e.g. "dw·k3j9x2ab01·2/5". */
export function makeMarker(runId: string, index: number, total: number): string {
  return `dw·${runId}·${index + 1}/${total}`;
}

/** A new outbox: every message not yet attempted, with its nonce and marker. */
export function buildOutbox(input: { guildId: string; channelId: string; runId: string; createdAt: string; messages: readonly OutboxInput[] }): Outbox {
  const total = input.messages.length;
  const messages: OutboxMessage[] = input.messages.map((message, index) => ({
    index,
    nonce: makeNonce(input.runId, index),
    marker: makeMarker(input.runId, index, total),
    payload: message.payload,
    itemIds: [...message.itemIds],
    ...(message.summarizedIds === undefined || message.summarizedIds.length === 0 ? {} : { summarizedIds: [...message.summarizedIds] }),
    attempted: false,
  }));
  return { runId: input.runId, guildId: input.guildId, channelId: input.channelId, createdAt: input.createdAt, messages };
}

/** Messages Discord has not accepted yet, in order. */
export function unsentMessages(outbox: Outbox): OutboxMessage[] {
  return outbox.messages.filter((message) => message.messageId === undefined);
}

/** Ids of every item of an outbox, shown or summarised, sent or not: none of them may go into another digest while it exists. */
export function outboxItemIds(outbox: Outbox | undefined): Set<string> {
  return new Set((outbox?.messages ?? []).flatMap((message) => [...message.itemIds, ...(message.summarizedIds ?? [])]));
}
