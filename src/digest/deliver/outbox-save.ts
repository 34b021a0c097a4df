import type { Store } from '../../store/index.ts';
import type { Outbox, OutboxMessage } from '../state.ts';

/** The outbox a delivery works on is gone or replaced: another process finished it (its lease had expired). */
export class OutboxGoneError extends Error {
  constructor(runId: string) {
    super(`digest outbox ${runId} was finished or replaced by another process`);
    this.name = 'OutboxGoneError';
  }
}

/**
 * Saves one message's progress (attempted, accepted) into the stored outbox in one compare-and-set, keeping what
 * other messages' entries say there: a delivery that lost the server to another process never erases the other's
 * progress, and never brings back an outbox the other finished (OutboxGoneError). Resolves with the outbox as stored.
 */
export function saveMessage(store: Store, runId: string, guildId: string, message: OutboxMessage): Promise<Outbox> {
  return store.namespace<Outbox>('outbox').update(guildId, (current) => {
    if (current?.runId !== runId) throw new OutboxGoneError(runId);
    return {
      ...current,
      messages: current.messages.map((existing) => (existing.index !== message.index || existing.messageId !== undefined ? existing : { ...message, attempted: true })),
    };
  });
}

/** Deletes the delivered outbox, unless another process has replaced it with a digest of its own meanwhile. */
export async function deleteOutbox(store: Store, runId: string, guildId: string): Promise<void> {
  const outboxes = store.namespace<Outbox>('outbox');
  if ((await outboxes.get(guildId))?.runId === runId) await outboxes.delete(guildId);
}
