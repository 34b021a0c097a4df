import type { Logger } from './log.ts';

/** How long a step may still take, once the deadline has passed and its signal aborted, before the exit. */
export const DEADLINE_GRACE_MS = 2000;

/**
 * The exit waits until no signal has come for this long. `npm start` runs tsx, which relays a signal to the bot
 * when it has not seen the bot acknowledge it within 30 ms, and SIGKILLs the bot (exit 143) when the relayed one
 * is not acknowledged either: the bot must still be alive when a relayed signal arrives.
 */
export const SIGNAL_QUIET_MS = 1000;

/** One thing to stop. `deadline` aborts when the stop has run out of time: wrap up at once (tell users, give up). */
export type StopStep = (deadline: AbortSignal) => Promise<void>;

export interface ShutdownOptions {
  readonly log: Logger;
  /** How long the whole stop may take, from the first request, before the process exits with 1 anyway. */
  readonly deadlineMs: number;
  /** Ends the process: `process.exit` in production. Called exactly once. */
  readonly exit: (code: number) => void;
  /** How long the step under way may take to wrap up once the deadline passed (default DEADLINE_GRACE_MS). */
  readonly graceMs?: number;
  /** How long after the last request the exit waits (default SIGNAL_QUIET_MS). */
  readonly quietMs?: number;
}

export interface Shutdown {
  /** Adds something to stop. Steps run one after the other, the last added first: what started last stops first. */
  add(name: string, step: StopStep): void;
  /** Asks for the stop (e.g. on a signal). The first request starts it; later ones are logged and change nothing. */
  request(reason: string): void;
  /** Start-up is over: a stop requested during it begins now. Until then, a stop waits (the deadline runs). */
  started(): void;
}

/**
 * The process's one stop: idempotent (systemd and `npm start` → tsx → node deliver a signal more than once),
 * ordered, and bounded. Every step finished: "stopped", exit 0 (1 if a step failed). Past the deadline:
 * "shutdown deadline passed", the step under way is told to wrap up and gets a short grace, then exit 1.
 * Either way the exit comes once no signal has arrived for `quietMs`.
 */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const { log, deadlineMs, exit } = options;
  const graceMs = options.graceMs ?? DEADLINE_GRACE_MS;
  const quietMs = options.quietMs ?? SIGNAL_QUIET_MS;
  const steps: { name: string; step: StopStep }[] = [];
  let markStarted: () => void = () => {};
  const startedGate = new Promise<void>((resolve) => (markStarted = resolve));
  let requested = false;
  let lastRequestAt = 0;
  let exiting = false;

  const finish = (code: number) => {
    if (exiting) return;
    exiting = true;
    const whenQuiet = () => {
      const left = lastRequestAt + quietMs - Date.now();
      if (left > 0) setTimeout(whenQuiet, left);
      else exit(code);
    };
    whenQuiet();
  };

  async function stop(reason: string): Promise<void> {
    const began = Date.now();
    const deadline = new AbortController();
    let current = 'start-up';
    let currentRun: Promise<unknown> = startedGate;
    log.info('shutting down', { signal: reason, deadlineMs });
    const timer = setTimeout(() => {
      log.error('shutdown deadline passed', { deadlineMs, step: current });
      deadline.abort();
      const grace = setTimeout(() => finish(1), graceMs);
      void currentRun.finally(() => {
        clearTimeout(grace);
        finish(1);
      });
    }, deadlineMs);

    await startedGate;
    let failed = false;
    for (const { name, step } of [...steps].reverse()) {
      if (deadline.signal.aborted) break;
      current = name;
      currentRun = (async () => step(deadline.signal))().catch((error: unknown) => {
        failed = true;
        log.error('shutdown step failed', { step: name, error });
      });
      await currentRun;
    }
    if (deadline.signal.aborted) return;
    clearTimeout(timer);
    log.info('stopped', { ok: !failed, ms: Date.now() - began });
    finish(failed ? 1 : 0);
  }

  return {
    add(name, step) {
      steps.push({ name, step });
    },
    request(reason) {
      lastRequestAt = Date.now();
      if (requested) {
        log.info('shutdown already under way', { signal: reason });
        return;
      }
      requested = true;
      void stop(reason);
    },
    started: () => markStarted(),
  };
}
