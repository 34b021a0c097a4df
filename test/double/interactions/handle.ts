import type { APIInteraction } from 'discord.js';
import type { StoredMessage } from '../messages.ts';
import type { CallbackRecord, DoubleState, EditRecord, InteractionRecord, RejectionRecord } from '../state.ts';
import type { ChangeFeed, WaitOptions } from '../wait.ts';

/** Follows one dispatched interaction: await the bot's callback, edits, follow-ups or refused attempts. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly payload: APIInteraction;
  /** The live record (callback, edits, follow-ups, rejections, timings). */
  readonly record: InteractionRecord;
  /** Resolves with the accepted callback (type 4/5/6/7/8/9, data, elapsedMs since dispatch). */
  waitForCallback(options?: WaitOptions): Promise<CallbackRecord>;
  /** Resolves with the `count`-th accepted edit (default the first). */
  waitForEdit(count?: number, options?: WaitOptions): Promise<EditRecord>;
  /** Resolves with the `count`-th follow-up message (default the first). */
  waitForFollowUp(count?: number, options?: WaitOptions): Promise<StoredMessage>;
  /** Resolves with the `count`-th refused response (late, duplicate, invalid…). */
  waitForRejection(count?: number, options?: WaitOptions): Promise<RejectionRecord>;
  /** The current `@original` message, if there is one. */
  original(): StoredMessage | undefined;
}

export function createInteractionHandle(record: InteractionRecord, state: DoubleState, feed: ChangeFeed): InteractionHandle {
  const what = (thing: string) => `${thing} of interaction ${record.id} (${describe(record.payload)})`;
  return {
    id: record.id,
    token: record.token,
    payload: record.payload,
    record,
    waitForCallback: (options = {}) => feed.waitFor(() => record.callback ?? undefined, { what: what('the callback'), ...options }),
    waitForEdit: (count = 1, options = {}) => feed.waitFor(() => record.edits[count - 1], { what: what(`edit #${count}`), ...options }),
    waitForFollowUp: (count = 1, options = {}) => feed.waitFor(() => record.followUps[count - 1], { what: what(`follow-up #${count}`), ...options }),
    waitForRejection: (count = 1, options = {}) => feed.waitFor(() => record.rejections[count - 1], { what: what(`rejection #${count}`), ...options }),
    original: () => (record.originalMessageId === null ? undefined : state.messages.get(record.originalMessageId)),
  };
}

function describe(payload: APIInteraction): string {
  const data = payload.data as { name?: string; custom_id?: string } | undefined;
  return data?.name !== undefined ? `/${data.name}` : data?.custom_id !== undefined ? `component ${data.custom_id}` : `type ${payload.type}`;
}
