import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler, nextRun, previousRun } from '../../src/digest/schedule/scheduler.ts';
import { dailyTime, describeSchedule, scheduleCron, weeklyTime } from '../../src/digest/schedule/cron-schedule.ts';
import { silentLogger } from '../../src/log.ts';
import { DAY, HOUR, MINUTE } from '../support/time.ts';

/** Weekly digests: the cron a weekday gives, in words, and when node-cron really fires it in the server's zone. */

const at = (iso: string) => new Date(iso);
const EIGHT = { hour: 8, minute: 0 };

/** The weekday (1 = Monday … 7 = Sunday) and wall clock of `date` in `timeZone`. */
function wall(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  return parts;
}

describe('the weekly cron', () => {
  it('is the time on the ISO weekday (Sunday is cron’s 0), read back as weekly, and daily ignores the day', () => {
    expect(scheduleCron(EIGHT, 'weekly', 1)).toBe('0 8 * * 1');
    expect(scheduleCron({ hour: 21, minute: 45 }, 'weekly', 7)).toBe('45 21 * * 0');
    expect(scheduleCron(EIGHT, 'daily', 3)).toBe('0 8 * * *');
    expect(() => scheduleCron(EIGHT, 'weekly', 8)).toThrow(RangeError);
    expect(() => scheduleCron(EIGHT, 'weekly')).toThrow(RangeError);
    expect(weeklyTime('45 21 * * 0')).toEqual({ time: { hour: 21, minute: 45 }, weekday: 7 });
    expect(weeklyTime('0 8 * * 7')).toEqual({ time: EIGHT, weekday: 7 });
    expect(weeklyTime('0 8 * * *')).toBeUndefined();
    expect(weeklyTime('0 8 * * 1-5')).toBeUndefined();
    expect(dailyTime('0 8 * * 1')).toBeUndefined();
  });

  it('is described with its day, in both languages', () => {
    expect(describeSchedule('0 8 * * 1', 'Europe/Paris', 'en')).toBe('every Monday at 08:00 (Europe/Paris)');
    expect(describeSchedule('30 7 * * 0', 'UTC', 'fr')).toBe('tous les dimanches à 07:30 (UTC)');
    expect(describeSchedule('0 8 * * *', 'UTC', 'en')).toBe('every day at 08:00 (UTC)');
    expect(describeSchedule('30 7 * * 1-5', 'UTC', 'en')).toBe('30 7 * * 1-5 (UTC)');
  });

  it('runs once a week on its day in the zone, across a daylight saving switch, as node-cron plans it', () => {
    // 2026-03-29 is a Sunday, the day Paris moves from UTC+1 to UTC+2.
    const sunday = scheduleCron(EIGHT, 'weekly', 7);
    const runs: string[] = [];
    for (let run = at('2026-03-20T00:00:00Z'); runs.length < 3; ) runs.push((run = nextRun(sunday, 'Europe/Paris', run)).toISOString());
    expect(runs).toEqual(['2026-03-22T07:00:00.000Z', '2026-03-29T06:00:00.000Z', '2026-04-05T06:00:00.000Z']);
    for (const run of runs) expect(wall(at(run), 'Europe/Paris')).toBe('Sunday 08:00');
    expect(previousRun(sunday, 'Europe/Paris', at('2026-03-29T05:59:59Z'), { maxLookbackMs: 7 * DAY })?.toISOString()).toBe('2026-03-22T07:00:00.000Z');

    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      for (const [cron, tz, start] of [
        [sunday, 'Europe/Paris', '2026-03-20T00:00:00Z'],
        // 02:30 does not exist on 2026-03-29 in Paris: that week has no run.
        [scheduleCron({ hour: 2, minute: 30 }, 'weekly', 7), 'Europe/Paris', '2026-03-20T00:00:00Z'],
        [scheduleCron({ hour: 1, minute: 30 }, 'weekly', 7), 'America/New_York', '2026-10-20T00:00:00Z'],
        [scheduleCron(EIGHT, 'weekly', 1), 'Asia/Shanghai', '2026-10-20T00:00:00Z'],
      ] as const) {
        vi.setSystemTime(at(start));
        const task = createTask(cron, () => {}, { timezone: tz });
        const planned = task.getNextRuns(4).map((date) => date.toISOString());
        void task.destroy();
        const ours: string[] = [];
        for (let run = at(start); ours.length < 4; ) ours.push((run = nextRun(cron, tz, run)).toISOString());
        expect(ours, `${cron} in ${tz}`).toEqual(planned);
      }
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a weekly digest under the real scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires on its day at its time in the server’s time zone, and on no other day', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    // Friday 2026-03-27, noon in Paris; the digest is for Sundays at 08:00 Paris time (UTC+2 from that Sunday).
    vi.setSystemTime(at('2026-03-27T11:00:00Z'));
    const fired: { guildId: string; scheduledFor: Date; at: number }[] = [];
    const scheduler = createScheduler({ log: silentLogger, runDigest: async (guildId, scheduledFor) => void fired.push({ guildId, scheduledFor, at: Date.now() }) });
    try {
      const held = scheduler.set('weekly-paris', { cron: scheduleCron(EIGHT, 'weekly', 7), timeZone: 'Europe/Paris' });
      scheduler.set('weekly-new-york', { cron: scheduleCron(EIGHT, 'weekly', 7), timeZone: 'America/New_York' });
      expect(held.nextRun.toISOString()).toBe('2026-03-29T06:00:00.000Z');

      await vi.advanceTimersByTimeAsync(at('2026-03-29T06:00:00Z').getTime() - Date.now() - MINUTE);
      expect(fired).toEqual([]);
      await vi.advanceTimersByTimeAsync(2 * MINUTE);
      expect(fired.map((run) => [run.guildId, run.scheduledFor.toISOString()])).toEqual([['weekly-paris', '2026-03-29T06:00:00.000Z']]);
      expect(wall(fired[0]!.scheduledFor, 'Europe/Paris')).toBe('Sunday 08:00');

      // New York is on EDT (UTC-4) since 8 March: 12:00 UTC; then nothing until the next Sunday.
      await vi.advanceTimersByTimeAsync(6 * HOUR);
      expect(fired.map((run) => [run.guildId, run.scheduledFor.toISOString()])).toEqual([
        ['weekly-paris', '2026-03-29T06:00:00.000Z'],
        ['weekly-new-york', '2026-03-29T12:00:00.000Z'],
      ]);
      await vi.advanceTimersByTimeAsync(6 * DAY);
      expect(fired).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(DAY);
      expect(fired.map((run) => run.scheduledFor.toISOString())).toEqual([
        '2026-03-29T06:00:00.000Z', '2026-03-29T12:00:00.000Z', '2026-04-05T06:00:00.000Z', '2026-04-05T12:00:00.000Z',
      ]);
      for (const run of fired) expect(Math.abs(run.at - run.scheduledFor.getTime())).toBeLessThan(MINUTE);
    } finally {
      await scheduler.stop();
    }
  });
});
