import type { APIInteraction, APIMessage, APIApplicationCommandAutocompleteGuildInteraction, APIChatInputApplicationCommandGuildInteraction, APIMessageComponentGuildInteraction } from 'discord.js';
import type { DropOptions } from './gateway/hub.ts';
import type { ConnectionRecord, SessionInfo } from './gateway/session.ts';
import type { PendingFault, RateLimitScope } from './http/faults.ts';
import type { InteractionHandle } from './interactions/handle.ts';
import type { AutocompleteInput, ButtonInput, ChatInputInput, SelectInput } from './interactions/builders.ts';
import type { StoredMessage } from './messages.ts';
import type { ResolvedOptions } from './options.ts';
import type { DoubleState, RecordedRequest } from './state.ts';
import type { WaitOptions } from './wait.ts';

/**
 * Programs failures. `route` is `"[METHOD ]/path"` below `/api/v10`, with `:param` or `*` for one segment,
 * e.g. `POST /channels/:channelId/messages`; faults apply to the next matching requests, in order.
 */
export interface FaultControls {
  /** The next `count` (default 1) requests answer 429 with `Retry-After` (seconds, fractions allowed; default 0.25) and `X-RateLimit-Scope`. */
  rateLimit(route: string, options?: { readonly count?: number; readonly retryAfterSeconds?: number; readonly scope?: RateLimitScope }): void;
  /** The next `count` (default 1) requests answer `status` (default 500). */
  serverError(route: string, options?: { readonly count?: number; readonly status?: number }): void;
  /** The next `count` (default 1) requests have their TCP connection reset without an answer. */
  resetConnection(route: string, options?: { readonly count?: number }): void;
  /** Message posts to the channel (default: the test channel) answer 403 Missing Permissions (50013) until allowed again. */
  denyMessages(channelId?: string): void;
  allowMessages(channelId?: string): void;
  /** Faults not yet consumed. */
  pending(): PendingFault[];
  clear(): void;
}

/** Controls of the gateway side. */
export interface GatewayControls {
  /** `ws://127.0.0.1:PORT/gateway`, as `GET /gateway/bot` returns it. */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/resume`, the READY `resume_gateway_url`. */
  readonly resumeUrl: string;
  sessions(): SessionInfo[];
  readonly connections: readonly ConnectionRecord[];
  /** Ends the active connection; the session stays resumable (default: TCP destroyed, close code 1006 for the client). */
  drop(options?: DropOptions): void;
  requestReconnect(): void;
  invalidateSession(resumable: boolean): void;
  /** Sends any dispatch on the active session; returns its sequence number. */
  dispatch(event: string, data: unknown): number;
  /** Resolves once sessions have been resumed `count` times in total (default 1). */
  waitForResumes(count?: number, options?: WaitOptions): Promise<SessionInfo>;
  /** Resolves once `count` sessions (default 1) have been identified. */
  waitForSessions(count?: number, options?: WaitOptions): Promise<SessionInfo>;
}

/** A running Discord double: REST on `apiBase`, gateway on `gateway.url`, one guild with one text channel. */
export interface DiscordDouble {
  /** `http://127.0.0.1:PORT/api`, for `new Client({ rest: { api } })`. */
  readonly apiBase: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  /** Equal to `applicationId`, as for applications created since 2020. */
  readonly botUserId: string;
  readonly guildId: string;
  readonly channelId: string;
  /** The member who invokes interactions. */
  readonly userId: string;
  readonly options: ResolvedOptions;
  readonly state: DoubleState;
  readonly faults: FaultControls;
  readonly gateway: GatewayControls;

  chatInput(input: ChatInputInput): APIChatInputApplicationCommandGuildInteraction;
  autocomplete(input: AutocompleteInput): APIApplicationCommandAutocompleteGuildInteraction;
  /** A button click; without `message`, a bot message carrying that button is first created in the channel. */
  button(input: Omit<ButtonInput, 'message'> & { readonly message?: APIMessage }): APIMessageComponentGuildInteraction;
  /** A pick in a string select menu on `message` (a bot message carrying that menu). */
  select(input: SelectInput): APIMessageComponentGuildInteraction;
  /** Sends INTERACTION_CREATE on the active session; the acknowledgement window starts now. */
  dispatchInteraction(payload: APIInteraction, options?: { readonly ackWindowMs?: number }): InteractionHandle;
  /** Stores a message from the bot in the channel (e.g. one carrying buttons), as if sent earlier. */
  seedBotMessage(body: Record<string, unknown>): APIMessage;

  /** Non-ephemeral messages of a channel (default: the test channel), newest first. */
  messagesIn(channelId?: string): StoredMessage[];
  /** Recorded requests whose method and path match `route` (same syntax as faults). */
  requestsTo(route: string): RecordedRequest[];
  /** Resolves with the `count`-th answered (or reset) request matching `route`. */
  waitForRequest(route: string, options?: WaitOptions & { readonly count?: number }): Promise<RecordedRequest>;
  /** Resolves with the newest channel message matching `where`. */
  waitForMessage(where?: (message: StoredMessage) => boolean, options?: WaitOptions & { readonly channelId?: string }): Promise<StoredMessage>;
  /** Resolves with the first non-undefined result of `check`, re-evaluated whenever the double's state changes. */
  waitFor<T>(check: () => T | undefined, options?: WaitOptions): Promise<T>;
  close(): Promise<void>;
}
