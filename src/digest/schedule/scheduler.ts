import { createTask } from 'node-cron';
import type { Logger as CronLogger, ScheduledTask } from 'node-cron';
import type { Logger } from '../../log.ts';
import { missedRun, nextRun } from './runs.ts';
import { HOUR_MS } from './zone.ts';
import { weeklyTime } from './cron-schedule.ts';
import { validateCron, validateTimeZone } from './input.ts';

export { missedRun, nextRun, previousRun } from './runs.ts';

/** How late a catch-up may be: a digest missed longer ago than this is dropped. */
export const DEFAULT_CATCH_UP_LOOKBACK_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** How late node-cron may fire a slot (event loop blocked, machine asleep) instead of counting it as missed. */
const LATE_FIRE_TOLERANCE_MS = 10 * 60_000;

export type DigestRunReason = 'scheduled' | 'catch-up';

/** When a server's digest runs: a cron expression read in an IANA time zone. */
export interface DigestSchedule {
  readonly cron: string;
  readonly timeZone: string;
}

/** A server's schedule as the scheduler holds it, with its next run. */
export interface ScheduledDigest extends DigestSchedule {
  readonly guildId: string;
  readonly nextRun: Date;
}

/** What catch-up needs to know of a server: its schedule and when its digest last ran (ISO 8601). */
export interface DigestScheduleState extends DigestSchedule {
  readonly guildId: string;
  readonly lastRunAt?: string;
}

export interface SchedulerOptions {
  /** The clock for next runs and catch-up decisions; node-cron's timers keep the real one. */
  now?: () => Date;
  /**
   * Runs one server's digest for the slot `scheduledFor`. Errors are logged, never rethrown. To avoid replays,
   * it should store `scheduledFor` as the server's `lastRunAt` (what `catchUp` compares with).
   */
  runDigest: (guildId: string, scheduledFor: Date, reason: DigestRunReason) => Promise<void>;
  log: Logger;
  /** How far back `catchUp` replays a missed slot; 24 h by default. */
  catchUpLookbackMs?: number;
}

export interface DigestScheduler {
  /**
   * Schedules (or reschedules) a server's digest and returns the schedule as held: the cron with single spaces,
   * the zone's IANA spelling, the next run. Throws a UserError for an invalid cron or time zone.
   */
  set(guildId: string, schedule: DigestSchedule): ScheduledDigest;
  /** Stops a server's digest; false when it had none. */
  remove(guildId: string): boolean;
  list(): ScheduledDigest[];
  /**
   * At start-up: runs, one server after the other, the latest slot each server missed within the lookback, up to
   * `until` (default now): the time its task was set, after which the task runs the slots itself, so that a slot
   * passing while the bot starts is run by the task, never held by the catch-up. Servers with an invalid schedule
   * are logged and skipped.
   */
  catchUp(guilds: readonly DigestScheduleState[], until?: Date): Promise<void>;
  /**
   * Stops every task, and starts no run after (a `set` still answers but schedules nothing: the process is
   * stopping); the promise settles when the runs under way have finished.
   */
  stop(): Promise<void>;
}

interface Entry extends DigestSchedule {
  readonly task: ScheduledTask;
}

function cronLogger(log: Logger): CronLogger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: (message) => log.info(message, { source: 'node-cron' }),
    warn: (message) => log.warn(message, { source: 'node-cron' }),
    error: (message, error) => log.error(text(message), { source: 'node-cron', error: error ?? message }),
    debug: (message, error) => log.debug(text(message), { source: 'node-cron', error }),
  };
}

function parseLastRun(state: DigestScheduleState, log: Logger): Date | undefined {
  if (state.lastRunAt === undefined) return undefined;
  const date = new Date(state.lastRunAt);
  if (!Number.isNaN(date.getTime())) return date;
  log.warn('digest catch-up: unreadable lastRunAt, treated as never run', { guildId: state.guildId, lastRunAt: state.lastRunAt });
  return undefined;
}

/**
 * One node-cron task per server, in the server's time zone. Runs of one server never overlap, scheduled or
 * caught up: a slot that comes while the previous run is still going is skipped and logged.
 */
export function createScheduler(options: SchedulerOptions): DigestScheduler {
  const { runDigest, log } = options;
  const now = options.now ?? (() => new Date());
  const lookbackMs = options.catchUpLookbackMs ?? DEFAULT_CATCH_UP_LOOKBACK_MS;
  const entries = new Map<string, Entry>();
  const busy = new Set<string>();
  const lastSlots = new Map<string, number>();
  const running = new Set<Promise<void>>();
  const logger = cronLogger(log);
  let stopped = false;

  async function run(guildId: string, scheduledFor: Date, reason: DigestRunReason): Promise<void> {
    const fields = { guildId, scheduledFor: scheduledFor.toISOString(), reason };
    if (stopped) return;
    if (busy.has(guildId)) {
      log.warn('digest run skipped: the previous run for this server is still going', fields);
      return;
    }
    busy.add(guildId);
    lastSlots.set(guildId, Math.max(lastSlots.get(guildId) ?? scheduledFor.getTime(), scheduledFor.getTime()));
    const runDone = (async () => {
      try {
        await runDigest(guildId, scheduledFor, reason);
      } catch (error) {
        log.error('digest run failed', { ...fields, error });
      } finally {
        busy.delete(guildId);
      }
    })();
    running.add(runDone);
    await runDone;
    running.delete(runDone);
  }

  /** The later of the stored last run and the last slot this process ran: a run under way counts. */
  function lastRun(state: DigestScheduleState): Date | undefined {
    const times = [parseLastRun(state, log)?.getTime(), lastSlots.get(state.guildId)].filter((time) => time !== undefined);
    return times.length === 0 ? undefined : new Date(Math.max(...times));
  }

  function held(guildId: string, entry: DigestSchedule): ScheduledDigest {
    return { guildId, cron: entry.cron, timeZone: entry.timeZone, nextRun: nextRun(entry.cron, entry.timeZone, now()) };
  }

  function set(guildId: string, schedule: DigestSchedule): ScheduledDigest {
    const cron = validateCron(schedule.cron);
    const timeZone = validateTimeZone(schedule.timeZone);
    remove(guildId);
    if (stopped) return held(guildId, { cron, timeZone });
    const task: ScheduledTask = createTask(
      cron,
      (context) => (entries.get(guildId)?.task === task ? run(guildId, context.date, 'scheduled') : undefined),
      { name: `digest:${guildId}`, timezone: timeZone, logger, missedExecutionTolerance: LATE_FIRE_TOLERANCE_MS },
    );
    task.on('execution:missed', (context) => {
      log.warn('digest slot missed: the process was busy or asleep', { guildId, scheduledFor: context.date.toISOString() });
    });
    const entry: Entry = { cron, timeZone, task };
    entries.set(guildId, entry);
    void task.start();
    return held(guildId, entry);
  }

  function remove(guildId: string): boolean {
    const entry = entries.get(guildId);
    if (entry === undefined) return false;
    entries.delete(guildId);
    void entry.task.destroy();
    return true;
  }

  function list(): ScheduledDigest[] {
    return [...entries].map(([guildId, entry]) => held(guildId, entry));
  }

  async function catchUp(guilds: readonly DigestScheduleState[], until: Date = now()): Promise<void> {
    for (const state of guilds) {
      let slot: Date | undefined;
      try {
        const cron = validateCron(state.cron);
        const timeZone = validateTimeZone(state.timeZone);
        // A weekly digest missed two days ago is still this week's digest: look back a week for it.
        const lookback = weeklyTime(cron) === undefined ? lookbackMs : Math.max(lookbackMs, WEEK_MS);
        slot = missedRun(cron, timeZone, lastRun(state), until, lookback);
      } catch (error) {
        log.warn('digest catch-up skipped: invalid schedule', { guildId: state.guildId, cron: state.cron, timeZone: state.timeZone, error });
        continue;
      }
      if (slot === undefined) continue;
      log.info('digest catch-up', { guildId: state.guildId, scheduledFor: slot.toISOString() });
      await run(state.guildId, slot, 'catch-up');
    }
  }

  async function stop(): Promise<void> {
    stopped = true;
    for (const guildId of [...entries.keys()]) remove(guildId);
    await Promise.allSettled([...running]);
  }

  return { set, remove, list, catchUp, stop };
}
