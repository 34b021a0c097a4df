import { createTask, getTasks } from 'node-cron';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createScheduler, missedRun, nextRun, previousRun } from '../../src/digest/schedule/scheduler.ts';
import type { DigestRunReason, DigestScheduler, SchedulerOptions } from '../../src/digest/schedule/scheduler.ts';
import { UserError } from '../../src/errors.ts';
import type { LogFields, Logger } from '../../src/log.ts';
import { HOUR, DAY } from '../support/time.ts';

const at = (iso: string) => new Date(iso);
const iso = (date: Date | undefined) => date?.toISOString();

/** The runs of `cron` strictly after `after` and before `until`, by chaining nextRun. */
function runsBetween(cron: string, tz: string, after: string, until: string): string[] {
  const runs: string[] = [];
  for (let run = nextRun(cron, tz, at(after)); run < at(until); run = nextRun(cron, tz, run)) runs.push(run.toISOString());
  return runs;
}

describe('nextRun and previousRun', () => {
  it('UTC: strictly after for the next run, at or before for the previous one', () => {
    expect(iso(nextRun('0 8 * * *', 'UTC', at('2026-03-29T07:59:59.999Z')))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(nextRun('0 8 * * *', 'UTC', at('2026-03-29T08:00:00.000Z')))).toBe('2026-03-30T08:00:00.000Z');
    expect(iso(previousRun('0 8 * * *', 'UTC', at('2026-03-29T08:00:00.000Z')))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(previousRun('0 8 * * *', 'UTC', at('2026-03-29T07:59:59.999Z')))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(nextRun('0 8 * * *', 'UTC', at('2026-12-31T09:00:00Z')))).toBe('2027-01-01T08:00:00.000Z');
  });

  it('UTC: six-field crons run on the second; weekday and month fields are honoured', () => {
    expect(iso(nextRun('*/15 * * * * *', 'UTC', at('2026-05-04T12:00:07.250Z')))).toBe('2026-05-04T12:00:15.000Z');
    expect(iso(previousRun('*/15 * * * * *', 'UTC', at('2026-05-04T12:00:07.250Z')))).toBe('2026-05-04T12:00:00.000Z');
    // 2026-05-08 is a Friday.
    expect(iso(nextRun('30 7 * * 1-5', 'UTC', at('2026-05-08T08:00:00Z')))).toBe('2026-05-11T07:30:00.000Z');
    expect(iso(nextRun('0 9 1 jan,jul *', 'UTC', at('2026-05-08T08:00:00Z')))).toBe('2026-07-01T09:00:00.000Z');
    expect(iso(nextRun('0 0 29 2 *', 'UTC', at('2026-05-08T08:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('previousRun looks back no further than asked (48 h by default)', () => {
    // 2026-05-07 is a Thursday; the Monday run was 3 days before.
    const thursday = at('2026-05-07T12:00:00Z');
    expect(previousRun('0 9 * * 1', 'UTC', thursday)).toBeUndefined();
    expect(iso(previousRun('0 9 * * 1', 'UTC', thursday, { maxLookbackMs: 7 * DAY }))).toBe('2026-05-04T09:00:00.000Z');
    expect(previousRun('0 9 * * 1', 'UTC', thursday, { maxLookbackMs: 3 * DAY + 3 * HOUR - 1 })).toBeUndefined();
    expect(iso(previousRun('0 9 * * 1', 'UTC', thursday, { maxLookbackMs: 3 * DAY + 3 * HOUR }))).toBe('2026-05-04T09:00:00.000Z');
  });

  it('Europe/Paris: 08:00 is 07:00 UTC in winter, 06:00 UTC in summer', () => {
    expect(iso(nextRun('0 8 * * *', 'Europe/Paris', at('2026-01-15T12:00:00Z')))).toBe('2026-01-16T07:00:00.000Z');
    expect(iso(nextRun('0 8 * * *', 'Europe/Paris', at('2026-07-15T12:00:00Z')))).toBe('2026-07-16T06:00:00.000Z');
  });

  it('Europe/Paris, 2026-03-29 (02:00 → 03:00): the daily run follows the new offset, 02:30 does not exist', () => {
    expect(runsBetween('0 8 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
    ]);
    expect(iso(previousRun('0 8 * * *', 'Europe/Paris', at('2026-03-29T05:59:59Z')))).toBe('2026-03-28T07:00:00.000Z');
    expect(iso(previousRun('0 8 * * *', 'Europe/Paris', at('2026-03-29T06:00:00Z')))).toBe('2026-03-29T06:00:00.000Z');

    expect(runsBetween('30 2 * * *', 'Europe/Paris', '2026-03-27T12:00:00Z', '2026-03-31T00:00:00Z')).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(iso(previousRun('30 2 * * *', 'Europe/Paris', at('2026-03-30T00:00:00Z')))).toBe('2026-03-28T01:30:00.000Z');

    const hourly = runsBetween('0 * * * *', 'Europe/Paris', '2026-03-28T22:59:59Z', '2026-03-29T22:00:00Z');
    expect(hourly).toHaveLength(23);
    expect(hourly.slice(0, 3)).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    expect(iso(previousRun('0 * * * *', 'Europe/Paris', at('2026-03-29T00:59:59Z')))).toBe('2026-03-29T00:00:00.000Z');
  });

  it('Europe/Paris, 2026-10-25 (03:00 → 02:00): the daily run follows the new offset, 02:30 runs once', () => {
    expect(runsBetween('0 8 * * *', 'Europe/Paris', '2026-10-23T12:00:00Z', '2026-10-27T00:00:00Z')).toEqual([
      '2026-10-24T06:00:00.000Z',
      '2026-10-25T07:00:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
    // 02:30 is read at 00:30 UTC (CEST) and again at 01:30 UTC (CET); node-cron fires at the second reading.
    expect(runsBetween('30 2 * * *', 'Europe/Paris', '2026-10-23T12:00:00Z', '2026-10-27T00:00:00Z')).toEqual([
      '2026-10-24T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
    expect(iso(previousRun('30 2 * * *', 'Europe/Paris', at('2026-10-25T01:00:00Z')))).toBe('2026-10-24T00:30:00.000Z');
    expect(iso(previousRun('30 2 * * *', 'Europe/Paris', at('2026-10-25T01:30:00Z')))).toBe('2026-10-25T01:30:00.000Z');

    const hourly = runsBetween('0 * * * *', 'Europe/Paris', '2026-10-24T21:59:59Z', '2026-10-25T23:00:00Z');
    expect(hourly).toHaveLength(24);
    expect(hourly.slice(0, 4)).toEqual([
      '2026-10-24T22:00:00.000Z',
      '2026-10-24T23:00:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('America/New_York, 2026-03-08 and 2026-11-01: 02:30 skipped in spring, 01:30 runs once (EDT) in autumn', () => {
    expect(runsBetween('0 8 * * *', 'America/New_York', '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toEqual([
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
    ]);
    expect(iso(nextRun('30 2 * * *', 'America/New_York', at('2026-03-07T12:00:00Z')))).toBe('2026-03-09T06:30:00.000Z');
    expect(runsBetween('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', '2026-11-03T00:00:00Z')).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(iso(previousRun('0 8 * * *', 'America/New_York', at('2026-11-01T12:59:59Z')))).toBe('2026-10-31T12:00:00.000Z');
    expect(iso(previousRun('0 8 * * *', 'America/New_York', at('2026-11-01T13:00:00Z')))).toBe('2026-11-01T13:00:00.000Z');
  });

  it('Asia/Shanghai has no daylight saving time: 08:00 is always 00:00 UTC', () => {
    for (const day of ['2026-03-29', '2026-07-01', '2026-10-25', '2026-12-31']) {
      expect(iso(nextRun('0 8 * * *', 'Asia/Shanghai', at(`${day}T00:00:00Z`)))).toBe(`${nextDay(day)}T00:00:00.000Z`);
      expect(iso(previousRun('0 8 * * *', 'Asia/Shanghai', at(`${day}T12:00:00Z`)))).toBe(`${day}T00:00:00.000Z`);
    }
    expect(iso(nextRun('30 23 * * *', 'Asia/Shanghai', at('2026-01-01T00:00:00Z')))).toBe('2026-01-01T15:30:00.000Z');
  });

  it('agrees with the runs node-cron itself plans, across both Paris switches and New York’s', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cases: [string, string, string][] = [
        ['0 8 * * *', 'Europe/Paris', '2026-03-27T09:00:00Z'],
        ['30 2 * * *', 'Europe/Paris', '2026-10-23T09:00:00Z'],
        ['*/20 * * * *', 'Europe/Paris', '2026-03-29T00:10:00Z'],
        ['*/20 * * * *', 'Europe/Paris', '2026-10-25T01:10:00Z'],
        ['30 1 * * *', 'America/New_York', '2026-10-30T09:00:00Z'],
        ['0 * * * *', 'America/New_York', '2026-11-01T03:30:00Z'],
        ['0 8 * * 1-5', 'Asia/Shanghai', '2026-10-22T09:00:00Z'],
      ];
      for (const [cron, tz, start] of cases) {
        vi.setSystemTime(at(start));
        const task = createTask(cron, () => {}, { timezone: tz });
        const planned = task.getNextRuns(6).map((date) => date.toISOString());
        void task.destroy();
        const ours: string[] = [];
        for (let run = at(start); ours.length < 6; ) ours.push((run = nextRun(cron, tz, run)).toISOString());
        expect(ours, `${cron} in ${tz} from ${start}`).toEqual(planned);
        for (let i = 1; i < ours.length; i++) {
          expect(iso(previousRun(cron, tz, new Date(Date.parse(ours[i] ?? '') - 1), { maxLookbackMs: 7 * DAY }))).toBe(ours[i - 1]);
        }
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses an invalid cron with a UserError', () => {
    expect(() => nextRun('61 * * * *', 'UTC', new Date())).toThrow(UserError);
    expect(() => previousRun('0 8 * *', 'UTC', new Date())).toThrow(UserError);
  });
});

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
}

describe('missedRun', () => {
  const cron = '0 8 * * *';
  const tz = 'Europe/Paris';
  const now = at('2026-03-10T09:30:00Z'); // 10:30 in Paris; today's run was at 07:00 UTC.
  const lookback = 24 * HOUR;

  it('catches up a server that never ran, if its last slot is within the lookback', () => {
    expect(iso(missedRun(cron, tz, undefined, now, lookback))).toBe('2026-03-10T07:00:00.000Z');
    expect(iso(missedRun(cron, tz, undefined, at('2026-03-10T06:00:00Z'), lookback))).toBe('2026-03-09T07:00:00.000Z');
    expect(missedRun(cron, tz, undefined, at('2026-03-10T06:00:00Z'), 12 * HOUR)).toBeUndefined();
  });

  it('does nothing when the last slot already ran', () => {
    expect(missedRun(cron, tz, at('2026-03-10T07:00:00Z'), now, lookback)).toBeUndefined();
    expect(missedRun(cron, tz, at('2026-03-10T07:00:41Z'), now, lookback)).toBeUndefined();
  });

  it('runs the one missed slot', () => {
    expect(iso(missedRun(cron, tz, at('2026-03-09T07:00:00Z'), now, lookback))).toBe('2026-03-10T07:00:00.000Z');
  });

  it('after three missed days, runs only the latest slot, and only within the lookback', () => {
    const lastRunAt = at('2026-03-07T07:00:00Z');
    expect(iso(missedRun(cron, tz, lastRunAt, now, lookback))).toBe('2026-03-10T07:00:00.000Z');
    const justBeforeNext = at('2026-03-11T06:59:59Z');
    expect(iso(missedRun(cron, tz, lastRunAt, justBeforeNext, lookback))).toBe('2026-03-10T07:00:00.000Z');
    expect(missedRun(cron, tz, lastRunAt, justBeforeNext, 12 * HOUR)).toBeUndefined();
  });

  it('drops a miss older than the lookback', () => {
    // A weekly Monday digest; 2026-03-12 is a Thursday.
    expect(missedRun('0 8 * * 1', tz, at('2026-03-02T07:00:00Z'), at('2026-03-12T12:00:00Z'), lookback)).toBeUndefined();
    expect(iso(missedRun('0 8 * * 1', tz, at('2026-03-02T07:00:00Z'), at('2026-03-09T12:00:00Z'), lookback))).toBe(
      '2026-03-09T07:00:00.000Z',
    );
  });

  it('counts a slot exactly at now as missed, and follows the offset on a switch day', () => {
    expect(iso(missedRun(cron, tz, at('2026-03-09T07:00:00Z'), at('2026-03-10T07:00:00Z'), lookback))).toBe(
      '2026-03-10T07:00:00.000Z',
    );
    expect(iso(missedRun(cron, tz, at('2026-03-28T07:00:00Z'), at('2026-03-29T06:30:00Z'), lookback))).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });
});

interface LogEntry {
  level: keyof Logger;
  message: string;
  fields: LogFields;
}

function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: keyof Logger) => (message: string, fields: LogFields = {}) => void entries.push({ level, message, fields });
  return { entries, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

interface Call {
  guildId: string;
  scheduledFor: Date;
  reason: DigestRunReason;
  at: number;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const schedulers: DigestScheduler[] = [];

/** A scheduler whose runs are recorded; `run` may be replaced to make them slow or failing. */
function harness(options: Partial<SchedulerOptions> = {}) {
  const calls: Call[] = [];
  const log = recordingLogger();
  const state: { run: (call: Call) => Promise<void> } = { run: async () => {} };
  const scheduler = createScheduler({
    log,
    runDigest: (guildId, scheduledFor, reason) => {
      const call = { guildId, scheduledFor, reason, at: Date.now() };
      calls.push(call);
      return state.run(call);
    },
    ...options,
  });
  schedulers.push(scheduler);
  return { scheduler, calls, log, state };
}

function digestTasks(guildId: string) {
  return [...getTasks().values()].filter((task) => task.name === `digest:${guildId}`);
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('createScheduler with real node-cron tasks', { concurrent: true, timeout: 30_000 }, () => {
  afterAll(async () => {
    await Promise.all(schedulers.splice(0).map((scheduler) => scheduler.stop()));
  });

  it('fires a six-field every-second task, at its slot', async () => {
    const { scheduler, calls } = harness();
    const start = Date.now();
    scheduler.set('fires', { cron: '* * * * * *', timeZone: 'UTC' });
    // Generous waits: a loaded machine may run the timer late; a wrong zone or cron would be hours off, not seconds.
    await waitFor(() => calls.length > 0, 10_000);
    const [call] = calls;
    expect(call?.guildId).toBe('fires');
    expect(call?.reason).toBe('scheduled');
    expect(call?.scheduledFor.getMilliseconds()).toBe(0);
    expect(call?.scheduledFor.getTime()).toBeGreaterThan(start - 1000);
    expect(Math.abs((call?.at ?? 0) - (call?.scheduledFor.getTime() ?? 0))).toBeLessThan(5000);
  });

  it('keeps each server’s time zone', async () => {
    const { scheduler, calls } = harness();
    const shanghaiHour = Number(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Asia/Shanghai' }).format(new Date()));
    // This hour or the next in Shanghai; never the hour in UTC, 8 hours behind.
    const cron = `* * ${shanghaiHour},${(shanghaiHour + 1) % 24} * * *`;
    scheduler.set('in-shanghai', { cron, timeZone: 'asia/shanghai' });
    scheduler.set('in-utc', { cron, timeZone: 'UTC' });
    expect(scheduler.list().map(({ guildId, timeZone }) => [guildId, timeZone])).toEqual([
      ['in-shanghai', 'Asia/Shanghai'],
      ['in-utc', 'UTC'],
    ]);
    await waitFor(() => calls.length > 0, 10_000);
    await sleep(200);
    expect(new Set(calls.map((call) => call.guildId))).toEqual(new Set(['in-shanghai']));
  });

  it('lists each server’s next run in its own zone, by the injected clock', () => {
    const { scheduler } = harness({ now: () => at('2026-03-28T12:00:00Z') });
    const schedule = { cron: '0 8 * * *' };
    const held = scheduler.set('tz-paris', { ...schedule, timeZone: 'Europe/Paris' });
    scheduler.set('tz-shanghai', { ...schedule, timeZone: 'Asia/Shanghai' });
    scheduler.set('tz-new-york', { ...schedule, timeZone: 'America/New_York' });
    expect(held).toEqual({ guildId: 'tz-paris', cron: '0 8 * * *', timeZone: 'Europe/Paris', nextRun: at('2026-03-29T06:00:00Z') });
    expect(scheduler.list().map(({ guildId, nextRun: next }) => [guildId, next.toISOString()])).toEqual([
      ['tz-paris', '2026-03-29T06:00:00.000Z'],
      ['tz-shanghai', '2026-03-29T00:00:00.000Z'],
      ['tz-new-york', '2026-03-29T12:00:00.000Z'],
    ]);
    // The node-cron tasks themselves carry the zones.
    const [paris] = digestTasks('tz-paris');
    const [shanghai] = digestTasks('tz-shanghai');
    expect(paris?.match(at('2026-03-29T06:00:00Z'))).toBe(true);
    expect(shanghai?.match(at('2026-03-29T06:00:00Z'))).toBe(false);
    expect(shanghai?.match(at('2026-03-29T00:00:00Z'))).toBe(true);
  });

  it('refuses an invalid schedule with a UserError and keeps the previous one', () => {
    const { scheduler } = harness();
    scheduler.set('invalid', { cron: '0 8 * * *', timeZone: 'UTC' });
    expect(() => scheduler.set('invalid', { cron: '0 8 * *', timeZone: 'UTC' })).toThrow(UserError);
    expect(() => scheduler.set('invalid', { cron: '0 8 * * *', timeZone: 'Mars/Olympus' })).toThrow(UserError);
    expect(scheduler.list().map(({ cron, timeZone }) => [cron, timeZone])).toEqual([['0 8 * * *', 'UTC']]);
    expect(digestTasks('invalid')).toHaveLength(1);
  });

  it('replaces a server’s task: the old one never fires again', async () => {
    const { scheduler, calls } = harness();
    scheduler.set('replaced', { cron: '* * * * * *', timeZone: 'UTC' });
    await waitFor(() => calls.length > 0, 10_000);
    scheduler.set('replaced', { cron: '0 0 1 1 *', timeZone: 'Europe/Paris' });
    const fired = calls.length;
    expect(digestTasks('replaced')).toHaveLength(1);
    expect(scheduler.list().map(({ cron, timeZone }) => [cron, timeZone])).toEqual([['0 0 1 1 *', 'Europe/Paris']]);
    await sleep(1200);
    expect(calls).toHaveLength(fired);
  });

  it('removes a server’s task', async () => {
    const { scheduler, calls } = harness();
    scheduler.set('removed', { cron: '* * * * * *', timeZone: 'UTC' });
    scheduler.set('kept', { cron: '0 0 1 1 *', timeZone: 'UTC' });
    expect(scheduler.remove('removed')).toBe(true);
    expect(scheduler.remove('removed')).toBe(false);
    expect(scheduler.list().map((entry) => entry.guildId)).toEqual(['kept']);
    expect(digestTasks('removed')).toHaveLength(0);
    await sleep(1100);
    expect(calls).toHaveLength(0);
  });

  it('never overlaps runs of one server: a slot that comes during a slow run is skipped and logged', async () => {
    const { scheduler, calls, log, state } = harness();
    const slow = gate();
    state.run = () => slow.opened;
    scheduler.set('slow', { cron: '* * * * * *', timeZone: 'UTC' });
    const skipped = () => log.entries.filter((entry) => entry.level === 'warn' && entry.message.startsWith('digest run skipped'));
    await waitFor(() => skipped().length > 0, 10_000);
    expect(calls).toHaveLength(1);
    expect(skipped()[0]?.fields).toMatchObject({ guildId: 'slow', reason: 'scheduled' });
    state.run = async () => {};
    slow.open();
    await waitFor(() => calls.length > 1, 10_000);
  });

  it('logs a failing run and keeps going', async () => {
    const { scheduler, calls, log, state } = harness();
    state.run = async () => {
      throw new Error('feed store down');
    };
    scheduler.set('failing', { cron: '* * * * * *', timeZone: 'UTC' });
    await waitFor(() => log.entries.some((entry) => entry.level === 'error'), 10_000);
    const error = log.entries.find((entry) => entry.level === 'error');
    expect(error?.message).toBe('digest run failed');
    expect(error?.fields).toMatchObject({ guildId: 'failing', reason: 'scheduled' });
    expect(calls).toHaveLength(1);
  });

  it('stop() destroys every task and waits for the runs under way', async () => {
    const { scheduler, calls, state } = harness({ now: () => at('2026-03-10T09:30:00Z') });
    for (const guildId of ['stop-a', 'stop-b', 'stop-c']) scheduler.set(guildId, { cron: '* * * * * *', timeZone: 'UTC' });
    const slow = gate();
    state.run = () => slow.opened;
    const catchingUp = scheduler.catchUp([{ guildId: 'stop-d', cron: '0 8 * * *', timeZone: 'Europe/Paris' }]);
    await waitFor(() => calls.some((call) => call.guildId === 'stop-d'), 10_000);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    expect(scheduler.list()).toEqual([]);
    for (const guildId of ['stop-a', 'stop-b', 'stop-c']) expect(digestTasks(guildId)).toHaveLength(0);
    await sleep(50);
    expect(stopped).toBe(false);
    slow.open();
    await stopping;
    await catchingUp;
    const before = calls.length;
    await sleep(1100);
    expect(calls).toHaveLength(before);
  });

  it('after stop(), a late set() (a /digest setup finishing during the stop) schedules nothing and catch-up runs nothing', async () => {
    const { scheduler, calls } = harness({ now: () => at('2026-03-10T09:30:00Z') });
    await scheduler.stop();
    const held = scheduler.set('late', { cron: '* * * * * *', timeZone: 'UTC' });
    expect(held).toMatchObject({ guildId: 'late', cron: '* * * * * *', timeZone: 'UTC' });
    expect(digestTasks('late')).toHaveLength(0);
    expect(scheduler.list()).toEqual([]);
    await scheduler.catchUp([{ guildId: 'late-catch-up', cron: '0 8 * * *', timeZone: 'Europe/Paris' }]);
    await sleep(1100);
    expect(calls).toEqual([]);
  });
});

describe('catchUp', () => {
  const now = at('2026-03-10T09:30:00Z');

  it('runs once, for the latest missed slot, each server that missed one; skips the others', async () => {
    const { scheduler, calls, log } = harness({ now: () => now });
    await scheduler.catchUp([
      { guildId: 'missed-three-days', cron: '0 8 * * *', timeZone: 'Europe/Paris', lastRunAt: '2026-03-07T07:00:00.000Z' },
      { guildId: 'up-to-date', cron: '0 8 * * *', timeZone: 'Europe/Paris', lastRunAt: '2026-03-10T07:00:00.000Z' },
      { guildId: 'never-ran', cron: '0 9 * * *', timeZone: 'Asia/Shanghai' },
      { guildId: 'too-old', cron: '0 8 1 * *', timeZone: 'UTC', lastRunAt: '2026-02-01T08:00:00.000Z' },
      // A weekly digest missed yesterday (Monday) is still this week's: replayed, where a daily one would not be.
      { guildId: 'weekly-missed', cron: '0 8 * * 1', timeZone: 'UTC', lastRunAt: '2026-03-02T08:00:00.000Z' },
      { guildId: 'bad-zone', cron: '0 8 * * *', timeZone: 'Mars/Olympus' },
      { guildId: 'bad-date', cron: '0 8 * * *', timeZone: 'UTC', lastRunAt: 'yesterday' },
    ]);
    expect(calls.map(({ guildId, scheduledFor, reason }) => [guildId, scheduledFor.toISOString(), reason])).toEqual([
      ['missed-three-days', '2026-03-10T07:00:00.000Z', 'catch-up'],
      ['never-ran', '2026-03-10T01:00:00.000Z', 'catch-up'],
      ['weekly-missed', '2026-03-09T08:00:00.000Z', 'catch-up'],
      ['bad-date', '2026-03-10T08:00:00.000Z', 'catch-up'],
    ]);
    expect(log.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.fields['guildId'])).toEqual(['bad-zone', 'bad-date']);
  });

  it('looks no later than `until`, when each server’s task took over: a slot passing during start-up is the task’s', async () => {
    const { scheduler, calls } = harness({ now: () => now });
    const guild = { guildId: 'started-at-09-08', cron: '*/10 * * * *', timeZone: 'UTC', lastRunAt: '2026-03-10T09:05:00.000Z' };
    // The 09:10, 09:20 and 09:30 slots came after the task was set at 09:08: none is the catch-up's.
    await scheduler.catchUp([guild], at('2026-03-10T09:08:00Z'));
    expect(calls).toEqual([]);
    // Set at 09:25 instead, after a downtime: the 09:20 slot is the one missed.
    await scheduler.catchUp([guild], at('2026-03-10T09:25:00Z'));
    expect(calls.map(({ scheduledFor, reason }) => [scheduledFor.toISOString(), reason])).toEqual([['2026-03-10T09:20:00.000Z', 'catch-up']]);
  });

  it('runs one server after the other and goes on after a failure', async () => {
    const { scheduler, calls, log, state } = harness({ now: () => now });
    let inFlight = 0;
    let most = 0;
    state.run = async (call) => {
      most = Math.max(most, ++inFlight);
      await sleep(5);
      inFlight--;
      if (call.guildId === 'first') throw new Error('boom');
    };
    await scheduler.catchUp([
      { guildId: 'first', cron: '0 8 * * *', timeZone: 'UTC' },
      { guildId: 'second', cron: '0 8 * * *', timeZone: 'UTC' },
    ]);
    expect(calls.map((call) => call.guildId)).toEqual(['first', 'second']);
    expect(most).toBe(1);
    expect(log.entries.filter((entry) => entry.level === 'error').map((entry) => entry.fields['guildId'])).toEqual(['first']);
  });

  it('never replays a slot this process already ran, even with a stale lastRunAt', async () => {
    const { scheduler, calls } = harness({ now: () => now });
    const guild = { guildId: 'stale', cron: '0 8 * * *', timeZone: 'UTC', lastRunAt: '2026-03-08T08:00:00.000Z' };
    await scheduler.catchUp([guild]);
    await scheduler.catchUp([guild]);
    expect(calls.map((call) => call.scheduledFor.toISOString())).toEqual(['2026-03-10T08:00:00.000Z']);
  });

  it('skips a catch-up while the server’s previous run is still going', async () => {
    let clock = now;
    const { scheduler, calls, log, state } = harness({ now: () => clock });
    const slow = gate();
    state.run = () => slow.opened;
    const guild = { guildId: 'busy', cron: '0 8 * * *', timeZone: 'UTC' };
    const first = scheduler.catchUp([guild]);
    await waitFor(() => calls.length === 1, 10_000);
    clock = new Date(now.getTime() + DAY);
    await scheduler.catchUp([guild]);
    expect(calls).toHaveLength(1);
    expect(log.entries.find((entry) => entry.level === 'warn')?.fields).toMatchObject({
      guildId: 'busy',
      reason: 'catch-up',
      scheduledFor: '2026-03-11T08:00:00.000Z',
    });
    slow.open();
    await first;
  });
});

afterAll(() => {
  const left = [...getTasks().values()].filter((task) => task.name?.startsWith('digest:') && task.getStatus() !== 'destroyed');
  expect(left).toEqual([]);
});
