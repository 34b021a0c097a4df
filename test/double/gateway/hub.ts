import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { isRecord } from '../validate/form.ts';
import type { ResolvedOptions } from '../options.ts';
import type { World } from '../world.ts';
import { createPayloadEncoder } from './compression.ts';
import { ALL_INTENTS, Close, GUILDS_INTENT, guildShard, helloPayload, Op, PRIVILEGED_INTENTS, readyData } from './payloads.ts';
import { sessionInfo, type Connection, type ConnectionRecord, type DispatchPayload, type Session, type SessionInfo } from './session.ts';

/** How {@link GatewayHub.drop} ends the connection. */
export interface DropOptions {
  /** Close with this code (4000 → the client resumes; 1000 → it identifies anew). Omitted: the TCP socket is destroyed, as on a network failure. */
  readonly code?: number;
  readonly reason?: string;
}

/** The gateway side of the double. */
export interface GatewayHub {
  /** Takes over HTTP upgrades to `/gateway` and `/resume`. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sends a dispatch on the active session (buffered for RESUME while disconnected); returns its sequence number. */
  dispatch(event: string, data: unknown): number;
  /** Sends a dispatch to every live session whose intents include `intent`. */
  dispatchToIntent(intent: number, event: string, data: unknown): void;
  /** Ends the active session's connection from the server side; the session stays resumable. */
  drop(options?: DropOptions): void;
  /** Sends op 7 RECONNECT on the active session. */
  requestReconnect(): void;
  /** Sends op 9 INVALID_SESSION on the active session. */
  invalidateSession(resumable: boolean): void;
  sessions(): SessionInfo[];
  readonly connections: readonly ConnectionRecord[];
  close(): Promise<void>;
}

export interface GatewayDeps {
  readonly world: World;
  readonly options: ResolvedOptions;
  readonly resumeUrl: () => string;
  readonly guildCreate: () => unknown;
  readonly notify: () => void;
  readonly now: () => number;
}

const REPLAY_BUFFER = 1000;

export function createGatewayHub(deps: GatewayDeps): GatewayHub {
  const server = new WebSocketServer({ noServer: true });
  const sessions: Session[] = [];
  const connections: ConnectionRecord[] = [];
  const live = new Set<Connection>();

  function send(connection: Connection, payload: object): void {
    void connection.encoder.encode(JSON.stringify(payload)).then((frame) => {
      if (connection.socket.readyState === connection.socket.OPEN) connection.socket.send(frame);
    });
  }

  function closeFromServer(connection: Connection, code: number, reason: string): void {
    connection.record.closedBy ??= 'server';
    connection.socket.close(code, reason);
  }

  function sendDispatch(session: Session, event: string, data: unknown): number {
    session.sequence += 1;
    const payload: DispatchPayload = { op: Op.Dispatch, t: event, s: session.sequence, d: data };
    session.sent.push(payload);
    if (session.sent.length > REPLAY_BUFFER) session.sent.shift();
    if (session.connection) send(session.connection, payload);
    deps.notify();
    return session.sequence;
  }

  /** Whether the session's shard gets the guild's events (always, unsharded). */
  const ownsGuild = (session: Session) => guildShard(deps.world.guildId, session.shard[1]) === session.shard[0];

  /** The latest live session of the guild's shard: the one that gets its events, interactions included. */
  function activeSession(): Session {
    const session = sessions.findLast((candidate) => !candidate.invalidated && ownsGuild(candidate));
    if (!session) throw new Error('discord double: no gateway session (is the bot logged in?)');
    return session;
  }

  function identify(connection: Connection, d: unknown): void {
    if (connection.record.sessionId !== null) return closeFromServer(connection, Close.AlreadyAuthenticated, 'Already authenticated.');
    if (!isRecord(d) || typeof d['token'] !== 'string' || typeof d['intents'] !== 'number' || !isRecord(d['properties'])) {
      return closeFromServer(connection, Close.DecodeError, 'Error while decoding payload.');
    }
    if (d['token'].replace(/^Bot\s+/i, '') !== deps.world.token) return closeFromServer(connection, Close.AuthenticationFailed, 'Authentication failed.');
    const shard = d['shard'];
    const count = deps.options.shardCount;
    if (shard === undefined && count > 1) return closeFromServer(connection, Close.ShardingRequired, 'Sharding required.');
    const valid = (value: unknown): value is [number, number] =>
      Array.isArray(value) && value.length === 2 && Number.isInteger(value[0]) && value[1] === count && value[0] >= 0 && value[0] < count;
    if (shard !== undefined && !valid(shard)) return closeFromServer(connection, Close.InvalidShard, 'Invalid shard.');
    const intents = d['intents'];
    if (intents < 0 || (intents & ~ALL_INTENTS) !== 0) return closeFromServer(connection, Close.InvalidIntents, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~deps.options.privilegedIntents) !== 0) return closeFromServer(connection, Close.DisallowedIntents, 'Disallowed intent(s).');
    const session: Session = {
      id: randomBytes(16).toString('hex'), identify: d, intents, shard: shard ?? [0, 1], createdAt: deps.now(), sequence: 0, sent: [],
      connection, invalidated: false, resumes: 0, lastReplayed: 0,
    };
    sessions.push(session);
    connection.record.sessionId = session.id;
    connection.record.authenticatedBy = 'identify';
    sendDispatch(session, 'READY', readyData(deps.world, session.id, deps.resumeUrl(), session.shard));
    if ((intents & GUILDS_INTENT) !== 0 && ownsGuild(session)) sendDispatch(session, 'GUILD_CREATE', deps.guildCreate());
  }

  function resume(connection: Connection, d: unknown): void {
    if (connection.record.sessionId !== null) return closeFromServer(connection, Close.AlreadyAuthenticated, 'Already authenticated.');
    if (!isRecord(d) || typeof d['token'] !== 'string' || typeof d['session_id'] !== 'string' || typeof d['seq'] !== 'number') {
      return closeFromServer(connection, Close.DecodeError, 'Error while decoding payload.');
    }
    if (d['token'].replace(/^Bot\s+/i, '') !== deps.world.token) return closeFromServer(connection, Close.AuthenticationFailed, 'Authentication failed.');
    const session = sessions.find((candidate) => candidate.id === d['session_id']);
    if (!session || session.invalidated) return send(connection, { op: Op.InvalidSession, d: false, s: null, t: null });
    const seq = d['seq'];
    if (seq > session.sequence) return closeFromServer(connection, Close.InvalidSeq, 'Invalid seq.');
    if (session.connection) closeFromServer(session.connection, Close.UnknownError, 'Session resumed elsewhere.');
    session.connection = connection;
    session.resumes += 1;
    connection.record.sessionId = session.id;
    connection.record.authenticatedBy = 'resume';
    const missed = session.sent.filter((payload) => payload.s > seq);
    session.lastReplayed = missed.length;
    for (const payload of missed) send(connection, payload);
    sendDispatch(session, 'RESUMED', null);
  }

  function onMessage(connection: Connection, raw: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      return closeFromServer(connection, Close.DecodeError, 'Error while decoding payload.');
    }
    if (!isRecord(payload) || typeof payload['op'] !== 'number') return closeFromServer(connection, Close.DecodeError, 'Error while decoding payload.');
    const { op, d } = payload;
    connection.record.received.push({ op, d, at: deps.now() });
    deps.notify();
    switch (op) {
      case Op.Heartbeat:
        connection.record.heartbeats += 1;
        return send(connection, { op: Op.HeartbeatAck, d: null, s: null, t: null });
      case Op.Identify:
        return identify(connection, d);
      case Op.Resume:
        return resume(connection, d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (connection.record.sessionId === null) closeFromServer(connection, Close.NotAuthenticated, 'Not authenticated.');
        return undefined;
      default:
        return closeFromServer(connection, Close.UnknownOpcode, 'Unknown opcode.');
    }
  }

  function onClose(connection: Connection, code: number): void {
    live.delete(connection);
    connection.encoder.close();
    const { record } = connection;
    record.closedAt = deps.now();
    record.closeCode = code;
    record.closedBy ??= 'client';
    const session = sessions.find((candidate) => candidate.connection === connection);
    if (session) {
      session.connection = null;
      // Discord invalidates a session when the client closes it normally (1000/1001).
      if (record.closedBy === 'client' && (code === 1000 || code === 1001)) session.invalidated = true;
    }
    deps.notify();
  }

  function accept(socket: WebSocket, path: string, query: URLSearchParams): void {
    const compress = query.get('compress');
    const record: ConnectionRecord = {
      id: connections.length + 1, path, query: Object.fromEntries(query), openedAt: deps.now(),
      compress: compress === 'zlib-stream' ? compress : null, sessionId: null, authenticatedBy: null, heartbeats: 0,
      received: [], closedAt: null, closeCode: null, closedBy: null,
    };
    const connection: Connection = { record, socket, encoder: createPayloadEncoder(record.compress) };
    connections.push(record);
    live.add(connection);
    socket.on('message', (raw) => onMessage(connection, raw));
    socket.on('close', (code) => onClose(connection, code));
    socket.on('error', () => undefined);
    deps.notify();
    if (query.get('v') !== '10') return closeFromServer(connection, Close.InvalidApiVersion, 'Invalid API version.');
    if ((query.get('encoding') ?? 'json') !== 'json' || (compress !== null && compress !== 'zlib-stream')) {
      return closeFromServer(connection, Close.DecodeError, 'The double only speaks encoding=json, optionally with compress=zlib-stream.');
    }
    send(connection, helloPayload(deps.options.heartbeatIntervalMs));
  }

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== '/gateway' && url.pathname !== '/resume') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => accept(ws, url.pathname, url.searchParams));
    },
    dispatch: (event, data) => sendDispatch(activeSession(), event, data),
    dispatchToIntent(intent, event, data) {
      for (const session of sessions) if (!session.invalidated && ownsGuild(session) && (session.intents & intent) !== 0) sendDispatch(session, event, data);
    },
    drop(options = {}) {
      const { connection } = activeSession();
      if (!connection) throw new Error('discord double: the active gateway session has no open connection to drop');
      connection.record.closedBy = 'server';
      if (options.code === undefined) connection.socket.terminate();
      else connection.socket.close(options.code, options.reason ?? 'Dropped by the test');
    },
    requestReconnect() {
      const { connection } = activeSession();
      if (connection) send(connection, { op: Op.Reconnect, d: null, s: null, t: null });
    },
    invalidateSession(resumable) {
      const session = activeSession();
      if (!resumable) session.invalidated = true;
      if (session.connection) send(session.connection, { op: Op.InvalidSession, d: resumable, s: null, t: null });
    },
    sessions: () => sessions.map(sessionInfo),
    connections,
    async close() {
      for (const connection of live) {
        connection.record.closedBy ??= 'server';
        connection.socket.terminate();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
