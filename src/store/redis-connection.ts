import { createClient } from '@keyv/redis';
import type { Logger } from '../log.ts';
import { monotonicNow, sleep, type Deadline } from './deadline.ts';
import { destroyClient, type Client, type Live } from './redis-client.ts';
import { describeRedisFailure } from './redis-failures.ts';
import { TOO_LATE, WRITE, WRITE_MANY, type RedisScript } from './redis-script.ts';
import { settleByDeadline } from './redis-settle.ts';

/** A connection to Redis whose every command settles by its deadline and whose writes are refused past it. */
export interface RedisConnection {
  /** A command whose late answer harms nothing (a read). */
  read<T>(args: readonly string[], deadline: Deadline): Promise<T>;
  /** Runs the write script (redis-script.ts) on `key`; its reply (never TOO_LATE: that rejects). */
  write(key: string, args: readonly string[], deadline: Deadline): Promise<number>;
  /** Runs the write-many script on `keys` (ARGV after the deadline: `args`); its reply (never TOO_LATE: that rejects). */
  writeMany(keys: readonly string[], args: readonly string[], deadline: Deadline): Promise<number>;
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
      for (const script of [WRITE, WRITE_MANY]) client.sendCommand(['SCRIPT', 'LOAD', script.source]).catch(() => undefined);
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
    destroyClient(live.client);
    current = startClient();
    current.client.connect().catch(() => undefined);
  };

  /** See settleByDeadline: a client that misses the deadline is replaced. */
  const settle = <T>(live: Live, reply: Promise<T>, deadline: Deadline, refuseAt?: number): Promise<T> =>
    settleByDeadline(reply, deadline, () => replaceStalled(live, deadline.timeoutMs), refuseAt);

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

  // The server refuses the write from `refuseAt`, a little before the caller gives up, so that a write it ran has
  // that margin to say so. Translated with the smallest possible clock offset (see clockOffset), measured again
  // every 30 s, so the server never accepts it later than intended. What is left: a server that freezes between
  // running the script and sending its reply has applied a write reported as timed out, before the report and
  // never after it; and a server clock stepped back by more than the margin between two measurements.
  const runScript = async (script: RedisScript, keys: readonly string[], args: readonly string[], deadline: Deadline): Promise<number> => {
    const live = current;
    const refuseAt = deadline.at - Math.min(500, deadline.timeoutMs / 4);
    if (refuseAt <= monotonicNow()) throw new Error(`no time left to write within ${deadline.timeoutMs} ms`);
    const serverRefuseAt = refuseAt + (await clockOffset(live, deadline));
    const tail = [String(keys.length), ...keys, serverRefuseAt.toFixed(3), ...args];
    const run = (command: string[]) => settle(live, live.client.sendCommand<number>(command), deadline, refuseAt);
    // By its hash, as the server caches it; a server that does not know it yet (NOSCRIPT) ran nothing: send it whole.
    const reply = await run(['EVALSHA', script.sha1, ...tail]).catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return run(['EVAL', script.source, ...tail]);
      throw error;
    });
    if (reply === TOO_LATE) throw new Error(`answered too late (within ${deadline.timeoutMs} ms, Redis refused the write)`);
    return reply;
  };

  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
    });
    await Promise.race([current.client.connect(), timeout]).finally(() => clearTimeout(timer));
    await clockOffset(current, { at: monotonicNow() + connectTimeoutMs, timeoutMs: connectTimeoutMs });
  } catch (error) {
    destroyClient(current.client);
    throw error;
  }
  opened = true;

  return {
    read: (args, deadline) => {
      const live = current;
      return settle(live, live.client.sendCommand(args), deadline);
    },
    write: (key, args, deadline) => runScript(WRITE, [key], args, deadline),
    writeMany: (keys, args, deadline) => runScript(WRITE_MANY, keys, args, deadline),
    async close(timeoutMs) {
      closed = true;
      const client = current.client;
      // close() waits for the replies still due, which a stopped server never sends.
      await Promise.race([Promise.resolve().then(() => client.close()), sleep(timeoutMs)]).catch(() => undefined);
      destroyClient(client);
    },
    describeFailure: (error) => describeRedisFailure(error, location, lastProblem),
  };
}
