import type { WebSocket } from 'ws';
import type { PayloadEncoder } from './compression.ts';

/** One received gateway payload, for assertions. */
export interface ReceivedPayload {
  readonly op: number;
  readonly d: unknown;
  readonly at: number;
}

/** One WebSocket connection to the gateway. */
export interface ConnectionRecord {
  readonly id: number;
  /** `/gateway` (first connection) or `/resume` (the READY `resume_gateway_url`). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly openedAt: number;
  readonly compress: 'zlib-stream' | null;
  sessionId: string | null;
  /** How the connection authenticated. */
  authenticatedBy: 'identify' | 'resume' | null;
  heartbeats: number;
  readonly received: ReceivedPayload[];
  closedAt: number | null;
  closeCode: number | null;
  closedBy: 'client' | 'server' | null;
}

/** A live connection: its record plus the socket and encoder. */
export interface Connection {
  readonly record: ConnectionRecord;
  readonly socket: WebSocket;
  readonly encoder: PayloadEncoder;
}

/** A sent dispatch, kept for replay on RESUME. */
export interface DispatchPayload {
  readonly op: 0;
  readonly t: string;
  readonly s: number;
  readonly d: unknown;
}

/** A gateway session as the double keeps it. */
export interface Session {
  readonly id: string;
  readonly identify: Readonly<Record<string, unknown>>;
  readonly intents: number;
  /** [i, n] from IDENTIFY ([0, 1] when it had none). */
  readonly shard: readonly [number, number];
  readonly createdAt: number;
  sequence: number;
  readonly sent: DispatchPayload[];
  connection: Connection | null;
  invalidated: boolean;
  resumes: number;
  /** Events replayed by the last RESUME. */
  lastReplayed: number;
}

/** A read-only snapshot of a session for tests. */
export interface SessionInfo {
  readonly id: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  readonly identify: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly sequence: number;
  readonly connected: boolean;
  readonly invalidated: boolean;
  readonly resumes: number;
  readonly lastReplayed: number;
  /** Dispatch event names in the order sent, e.g. `['READY', 'GUILD_CREATE', 'INTERACTION_CREATE']`. */
  readonly events: readonly string[];
}

export function sessionInfo(session: Session): SessionInfo {
  return {
    id: session.id,
    intents: session.intents,
    shard: session.shard,
    identify: session.identify,
    createdAt: session.createdAt,
    sequence: session.sequence,
    connected: session.connection !== null,
    invalidated: session.invalidated,
    resumes: session.resumes,
    lastReplayed: session.lastReplayed,
    events: session.sent.map((payload) => payload.t),
  };
}
