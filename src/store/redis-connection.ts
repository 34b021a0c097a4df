import { createClient } from '@keyv/redis';
import type { Logger } from '../log.ts';
import { monotonicNow, remainingMs, sleep, type Deadline } from './deadline.ts';
import { TOO_LATE, WRITE_SCRIPT, WRITE_SCRIPT_SHA1 } from './redis-script.ts';

/** What this module uses of a node-redis client. */
interface Client {
  connect(): Promise<unknown>;
  sendCommand<T>(args: readonly string[]): Promise<T>;
  close(): Promise<void>;
  destroy(): void;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

/** One client and what was learnt about its server's clock. */
interface Live {
  readonly client: Client;
  clock: { readonly offsetMs: number; readonly measuredAt: number } | undefined;
}

/** A connection to Redis whose every command settles by its deadline and whose writes are refused past it. */
export interface RedisConnection {
  /** A command whose late answer harms nothing (a read). */
  read<T>(args: readonly string[], deadline: Deadline): Promise<T>;
  /** Runs the write script (redis-script.ts) on `key`; its reply (never TOO_LATE: that rejects). */
  write(key: string, args: readonly string[], deadline: Deadline): Promise<number>;
  close(timeoutMs: number): Promise<void>;
  /** "Redis at … is unreachable (…)" and the like. */
  describeFailure(error: unknown): string;
}

export interface RedisConnectionOptions {
  readonly url: string;
  /** The redacted URL. */
  readonly location: string;
  readonly connectTimeoutMs: number;
  readonly log?: Pick<Logger, 'warn' | 'info'> | undefined;
}

/** The server clock is measured again this often, so drift between the two clocks stays small. */
const CLOCK_REFRESH_MS = 30_000;

/**
 * Connects, proving the server answers, or rejects. Afterwards nothing waits on a missing server: there is no
 * offline queue (a call while disconnected fails at once) and the client reconnects in the background, with
 * backoff, for as long as the store is open. A server that stops answering on an open socket is detected by the
 * first command that times out: that client is dropped and a fresh one reconnects in the background.
 */
export async function connectRedis(options: RedisConnectionOptions): Promise<RedisConnection> {
  const { url, location, connectTimeoutMs, log } = options;
  let opened = false;
  let closed = false;
  let down = false;
  let lastProblem = 'not connected yet';

  const lost = (problem: string, error?: unknown) => {
    lastProblem = problem;
    if (!opened || down || closed) return;
    down = true;
    log?.warn('store connection lost: calls fail until Redis answers again, reconnecting in the background', { store: location, problem, error });
  };

  const startClient = (): Live => {
    const client: Client = createClient({
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: connectTimeoutMs,
        // Before the store is open a failure is final (start-up reports it); afterwards retry forever, at most every 2 s.
        reconnectStrategy: (retries: number) => (opened ? Math.min(100 * 2 ** retries, 2000) + Math.random() * 100 : false),
      },
    });
    const live: Live = { client, clock: undefined };
    client.on('error', (error: unknown) => lost(error instanceof Error ? error.message : String(error), error));
    client.on('ready', () => {
      live.clock = undefined;
      // Loaded up front, so a burst of writes does not meet NOSCRIPT once each.
      client.sendCommand(['SCRIPT', 'LOAD', WRITE_SCRIPT]).catch(() => undefined);
      if (!down) return;
      down = false;
      log?.info('store connection back', { store: location });
    });
    return live;
  };

  let current = startClient();

  const replaceStalled = (live: Live, timeoutMs: number) => {
    lost(`did not answer within ${timeoutMs} ms`);
    if (closed || current !== live) return;
    destroy(live.client);
    current = startClient();
    current.client.connect().catch(() => undefined);
  };

  /**
   * Settles with the reply, or at the deadline (then the client is presumed stalled and replaced). A write that may
   * have reached the socket before failing is reported only once its refusal instant has passed: from then on the
   * server refuses it whenever it reads it.
   */
  const settle = <T>(live: Live, reply: Promise<T>, deadline: Deadline, refuseAt?: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        replaceStalled(live, deadline.timeoutMs);
        reject(new Error(`did not answer within ${deadline.timeoutMs} ms`));
      }, Math.max(0, remainingMs(deadline)));
      reply.then(
        (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        },
        async (error: unknown) => {
          if (settled) return;
          clearTimeout(timer);
          if (refuseAt !== undefined && mayHaveBeenSent(error)) await sleep(refuseAt - monotonicNow());
          settled = true;
          reject(error);
        },
      );
    });

  /**
   * Server time minus local monotonic time. The server read its clock somewhere between sending and receiving;
   * taking the receiving instant gives the smallest offset possible, so a deadline translated with it is never
   * later on the server than it is here.
   */
  const clockOffset = async (live: Live, deadline: Deadline): Promise<number> => {
    if (live.clock !== undefined && monotonicNow() - live.clock.measuredAt < CLOCK_REFRESH_MS) return live.clock.offsetMs;
    const [seconds, micros] = await settle(live, live.client.sendCommand<[string, string]>(['TIME']), deadline);
    const receivedAt = monotonicNow();
    live.clock = { offsetMs: Number(seconds) * 1000 + Number(micros) / 1000 - receivedAt, measuredAt: receivedAt };
    return live.clock.offsetMs;
  };

  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    });
    await Promise.race([current.client.connect(), timeout]).finally(() => clearTimeout(timer));
    await clockOffset(current, { at: monotonicNow() + connectTimeoutMs, timeoutMs: connectTimeoutMs });
  } catch (error) {
    destroy(current.client);
    throw error;
  }
  opened = true;

  return {
    read: (args, deadline) => {
      const live = current;
      return settle(live, live.client.sendCommand(args), deadline);
    },
    async write(key, args, deadline) {
      const live = current;
      // The server refuses the write from `refuseAt`, a little before the caller gives up, so that a write it ran has
      // that margin to say so. Translated with the smallest possible clock offset (see clockOffset), measured again
      // every 30 s, so the server never accepts it later than intended. What is left: a server that freezes between
      // running the script and sending its reply has applied a write reported as timed out, before the report and
      // never after it; and a server clock stepped back by more than the margin between two measurements.
      const refuseAt = deadline.at - Math.min(500, deadline.timeoutMs / 4);
      if (refuseAt <= monotonicNow()) throw new Error(`no time left to write within ${deadline.timeoutMs} ms`);
      const serverRefuseAt = refuseAt + (await clockOffset(live, deadline));
      const script = [key, serverRefuseAt.toFixed(3), ...args];
      const run = (command: string[]) => settle(live, live.client.sendCommand<number>(command), deadline, refuseAt);
      // By its hash, as the server caches it; a server that does not know it yet (NOSCRIPT) ran nothing: send it whole.
      const reply = await run(['EVALSHA', WRITE_SCRIPT_SHA1, '1', ...script]).catch((error: unknown) => {
        if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return run(['EVAL', WRITE_SCRIPT, '1', ...script]);
        throw error;
      });
      if (reply === TOO_LATE) throw new Error(`answered too late (within ${deadline.timeoutMs} ms, Redis refused the write)`);
      return reply;
    },
    async close(timeoutMs) {
      closed = true;
      const client = current.client;
      // close() waits for the replies still due, which a stopped server never sends.
      await Promise.race([Promise.resolve().then(() => client.close()), sleep(timeoutMs)]).catch(() => undefined);
      destroy(client);
    },
    describeFailure(error) {
      if (isNamed(error, 'ClientOfflineError')) return `Redis at ${location} is unreachable (${lastProblem}); the bot reconnects in the background`;
      if (isNamed(error, 'DisconnectsClientError') || isNamed(error, 'SocketClosedUnexpectedlyError')) {
        return `Redis at ${location} lost the connection (${lastProblem}); the bot reconnects in the background`;
      }
      return `Redis at ${location}: ${error instanceof Error ? error.message : String(error)}`;
    },
  };
}

/** False only for failures raised before the command was queued: the client was offline or closed. */
function mayHaveBeenSent(error: unknown): boolean {
  return !isNamed(error, 'ClientOfflineError') && !isNamed(error, 'ClientClosedError') && !isErrorReply(error);
}

/** A reply of the server saying the command failed: it ran, and the script writes nothing when it fails. */
function isErrorReply(error: unknown): boolean {
  return isNamed(error, 'ErrorReply') || isNamed(error, 'SimpleError') || isNamed(error, 'BlobError');
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.constructor.name === name;
}

function destroy(client: Client): void {
  try {
    client.destroy();
  } catch {
    // Already closed.
  }
}
