import type { APIApplicationCommand, APIInteraction } from 'discord.js';
import type { StoredMessage, UploadedFile } from './messages.ts';

/** What the double injected instead of a normal answer. */
export type FaultKind = 'rate-limit' | 'server-error' | 'reset' | 'missing-permissions';

/** One HTTP request the double received, with the answer it gave. */
export interface RecordedRequest {
  readonly id: number;
  readonly method: string;
  /** Decoded path below `/api/v10`, e.g. `/webhooks/1/tok/messages/@original` (the full path when outside the API). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON (or multipart `payload_json`), the raw text for other bodies, `null` when empty. */
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  readonly receivedAt: number;
  /** The matched route template, e.g. `POST /channels/:channelId/messages`; `null` for unknown routes. */
  route: string | null;
  /** `null` while pending, or when the connection was reset. */
  status: number | null;
  responseBody: unknown;
  /** Headers the double added (rate-limit headers, Retry-After…), as sent. */
  responseHeaders: Readonly<Record<string, string>>;
  fault: FaultKind | null;
  respondedAt: number | null;
}

/** The bot's acknowledgement of an interaction (`POST /interactions/{id}/{token}/callback`). */
export interface CallbackRecord {
  /** 1 pong, 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete result, 9 modal. */
  readonly type: number;
  readonly data: unknown;
  readonly receivedAt: number;
  /** Milliseconds from dispatch to the callback. */
  readonly elapsedMs: number;
  readonly withResponse: boolean;
}

/** A `PATCH /webhooks/{app}/{token}/messages/{id}` the double accepted. */
export interface EditRecord {
  readonly messageId: string;
  /** `@original` or the follow-up id as requested. */
  readonly target: string;
  readonly body: unknown;
  readonly receivedAt: number;
  readonly elapsedMs: number;
}

/** A response to an interaction that the double refused, with Discord's error. */
export interface RejectionRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly code: number;
  readonly message: string;
  readonly body: unknown;
  readonly receivedAt: number;
  readonly elapsedMs: number;
}

/** Everything the double knows about one dispatched interaction. */
export interface InteractionRecord {
  readonly id: string;
  readonly token: string;
  /** 2 application command, 3 message component, 4 autocomplete, 5 modal submit. */
  readonly type: number;
  readonly payload: APIInteraction;
  readonly dispatchedAt: number;
  readonly ackWindowMs: number;
  /** Gateway sequence number of the INTERACTION_CREATE. */
  sequence: number;
  callback: CallbackRecord | null;
  originalMessageId: string | null;
  readonly edits: EditRecord[];
  readonly followUps: StoredMessage[];
  readonly deletions: string[];
  readonly rejections: RejectionRecord[];
}

/** The double's memory, readable by tests. */
export interface DoubleState {
  readonly requests: RecordedRequest[];
  /** Requests to routes the double does not implement (also in `requests`). */
  readonly unknownRoutes: RecordedRequest[];
  /** Every live message by id, ephemeral ones included. */
  readonly messages: Map<string, StoredMessage>;
  readonly deletedMessages: StoredMessage[];
  readonly commands: { global: APIApplicationCommand[]; readonly guilds: Map<string, APIApplicationCommand[]> };
  readonly interactions: Map<string, InteractionRecord>;
  /** Channels whose message posts answer 403 Missing Permissions. */
  readonly deniedChannels: Set<string>;
}

export function createState(): DoubleState {
  return {
    requests: [],
    unknownRoutes: [],
    messages: new Map(),
    deletedMessages: [],
    commands: { global: [], guilds: new Map() },
    interactions: new Map(),
    deniedChannels: new Set(),
  };
}

/** Non-ephemeral messages of a channel, newest first (the order of `GET /channels/{id}/messages`). */
export function channelHistory(state: DoubleState, channelId: string): StoredMessage[] {
  return [...state.messages.values()]
    .filter((message) => message.channelId === channelId && (message.flags & (1 << 6)) === 0)
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : BigInt(b.id) < BigInt(a.id) ? -1 : 0));
}

export function findInteractionByToken(state: DoubleState, token: string): InteractionRecord | undefined {
  for (const record of state.interactions.values()) if (record.token === token) return record;
  return undefined;
}
