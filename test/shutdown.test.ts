import { describe, expect, it } from 'vitest';
import { createInFlight } from '../src/discord/in-flight.ts';
import { createLogger } from '../src/log.ts';
import { untilDeadline } from '../src/async/deadline.ts';
import { createShutdown, type ShutdownOptions } from '../src/shutdown.ts';

type Entry = Record<string, unknown> & { level: string; message: string };

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A shutdown whose exits and log entries are recorded instead of ending the process. */
function recorded(options: Partial<Omit<ShutdownOptions, 'log' | 'exit'>> = {}) {
  const entries: Entry[] = [];
  const exits: number[] = [];
  const log = createLogger({ level: 'debug', write: (line) => entries.push(JSON.parse(line) as Entry) });
  const shutdown = createShutdown({ log, deadlineMs: 10_000, quietMs: 0, exit: (code) => void exits.push(code), ...options });
  const messages = () => entries.map((entry) => entry.message);
  return { shutdown, entries, exits, messages };
}

function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('createShutdown', () => {
  it('runs the steps last added first, one after the other, then logs "stopped" and exits 0', async () => {
    const { shutdown, exits, messages } = recorded();
    const order: string[] = [];
    const slow = gate();
    shutdown.add('store', async () => void order.push('store'));
    shutdown.add('discord', async () => {
      order.push('discord:start');
      await slow.opened;
      order.push('discord:end');
    });
    shutdown.started();
    shutdown.request('SIGTERM');
    await until('the first step', () => order.length > 0);
    expect(order).toEqual(['discord:start']);
    slow.open();
    await until('the exit', () => exits.length > 0);
    expect(order).toEqual(['discord:start', 'discord:end', 'store']);
    expect(exits).toEqual([0]);
    expect(messages()).toEqual(['shutting down', 'stopped']);
  });

  it('a second and a third signal are logged and change nothing: every step runs once, one exit', async () => {
    const { shutdown, exits, entries } = recorded();
    const runs: string[] = [];
    const slow = gate();
    shutdown.add('discord', async () => {
      runs.push('discord');
      await slow.opened;
    });
    shutdown.started();
    shutdown.request('SIGTERM');
    shutdown.request('SIGTERM');
    shutdown.request('SIGINT');
    slow.open();
    await until('the exit', () => exits.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toEqual(['discord']);
    expect(exits).toEqual([0]);
    expect(entries.filter((entry) => entry.message === 'shutdown already under way').map((entry) => entry['signal'])).toEqual(['SIGTERM', 'SIGINT']);
    expect(entries.filter((entry) => entry.message === 'shutting down')).toHaveLength(1);
  });

  it('exits only once no signal has come for quietMs, however late the last one (tsx relays a signal it saw unanswered)', async () => {
    const { shutdown, exits, messages } = recorded({ quietMs: 1000 });
    let exitedAt = 0;
    shutdown.add('discord', async () => {});
    shutdown.started();
    shutdown.request('SIGTERM');
    await until('the stop', () => messages().includes('stopped'));
    expect(exits).toEqual([]);
    const lastSignalAt = Date.now();
    shutdown.request('SIGTERM');
    await until('the exit', () => {
      if (exits.length > 0) exitedAt ||= Date.now();
      return exits.length > 0;
    });
    expect(exitedAt - lastSignalAt).toBeGreaterThanOrEqual(1000);
    expect(exits).toEqual([0]);
  });

  it('a stop asked for during start-up waits for it to finish, then stops what it started', async () => {
    const { shutdown, exits } = recorded();
    const runs: string[] = [];
    shutdown.add('store', async () => void runs.push('store'));
    shutdown.request('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toEqual([]);
    shutdown.add('discord', async () => void runs.push('discord'));
    shutdown.started();
    await until('the exit', () => exits.length > 0);
    expect(runs).toEqual(['discord', 'store']);
    expect(exits).toEqual([0]);
  });

  it('a step that fails is logged, the next ones still run, and the exit code is 1', async () => {
    const { shutdown, exits, entries } = recorded();
    const runs: string[] = [];
    shutdown.add('store', async () => void runs.push('store'));
    shutdown.add('discord', async () => {
      throw new Error('gateway gone');
    });
    shutdown.started();
    shutdown.request('SIGTERM');
    await until('the exit', () => exits.length > 0);
    expect(runs).toEqual(['store']);
    expect(exits).toEqual([1]);
    expect(entries.find((entry) => entry.message === 'shutdown step failed')).toMatchObject({ level: 'error', step: 'discord', error: { message: 'gateway gone' } });
    expect(entries.at(-1)).toMatchObject({ message: 'stopped', ok: false });
  });

  it('past the deadline: logs it with the step under way, tells that step, exits 1 once it wrapped up, runs nothing more', async () => {
    const { shutdown, exits, entries, messages } = recorded({ deadlineMs: 100, graceMs: 60_000 });
    const runs: string[] = [];
    let told = false;
    shutdown.add('store', async () => void runs.push('store'));
    shutdown.add('discord', (deadline) => new Promise<void>((resolve) => deadline.addEventListener('abort', () => {
      told = true;
      resolve();
    })));
    shutdown.started();
    shutdown.request('SIGTERM');
    // The grace is a minute: the exit comes because the step settled, not because the grace ran out.
    await until('the exit', () => exits.length > 0);
    expect(told).toBe(true);
    expect(exits).toEqual([1]);
    expect(entries.find((entry) => entry.message === 'shutdown deadline passed')).toMatchObject({ level: 'error', step: 'discord', deadlineMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs).toEqual([]);
    expect(exits).toEqual([1]);
    expect(messages()).not.toContain('stopped');
  });

  it('past the deadline, a step that never settles gets the grace, then the process exits 1', async () => {
    const { shutdown, exits, messages } = recorded({ deadlineMs: 100, graceMs: 100 });
    shutdown.add('discord', () => new Promise<void>(() => {}));
    shutdown.started();
    shutdown.request('SIGINT');
    await until('the exit', () => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(messages()).toEqual(['shutting down', 'shutdown deadline passed']);
  });

  it('a start-up that never ends counts against the deadline', async () => {
    const { shutdown, exits, entries } = recorded({ deadlineMs: 100, graceMs: 100 });
    shutdown.add('store', async () => {});
    shutdown.request('SIGTERM');
    await until('the exit', () => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(entries.find((entry) => entry.message === 'shutdown deadline passed')).toMatchObject({ step: 'start-up' });
  });
});

describe('createInFlight', () => {
  it('counts work until it settles, fulfilled or rejected, and idle() waits for all of it', async () => {
    const inFlight = createInFlight();
    await inFlight.idle();
    const first = gate();
    const second = gate();
    const a = inFlight.run('a', async () => {
      await first.opened;
      return 'done';
    });
    const b = inFlight.run('b', async () => {
      await second.opened;
      throw new Error('failed');
    });
    expect(inFlight.pending()).toEqual(['a', 'b']);
    let idle = false;
    const idling = inFlight.idle().then(() => (idle = true));
    first.open();
    expect(await a).toBe('done');
    expect(inFlight.pending()).toEqual(['b']);
    expect(idle).toBe(false);
    second.open();
    await expect(b).rejects.toThrow('failed');
    await idling;
    expect(idle).toBe(true);
    expect(inFlight.pending()).toEqual([]);
  });

  it('interrupt() tells only the work still under way, once each, and survives a failing interrupt', async () => {
    const inFlight = createInFlight();
    const told: string[] = [];
    const stuck = gate();
    await inFlight.run('finished', async () => {}, async () => void told.push('finished'));
    void inFlight.run('stuck', () => stuck.opened, async () => void told.push('stuck'));
    void inFlight.run('stuck, failing to tell', () => stuck.opened, async () => {
      told.push('failing');
      throw new Error('Discord down');
    });
    void inFlight.run('stuck, nothing to tell', () => stuck.opened);
    await inFlight.interrupt();
    await inFlight.interrupt();
    expect(told).toEqual(['stuck', 'failing']);
    stuck.open();
    await inFlight.idle();
  });

  it('is open until closed', () => {
    const inFlight = createInFlight();
    expect(inFlight.closed).toBe(false);
    inFlight.close();
    expect(inFlight.closed).toBe(true);
  });
});

describe('untilDeadline', () => {
  it('true when the work settles first, false when the deadline aborts first or already had', async () => {
    const controller = new AbortController();
    expect(await untilDeadline(Promise.resolve(), controller.signal)).toBe(true);
    expect(await untilDeadline(Promise.resolve(), undefined)).toBe(true);
    const never = new Promise<void>(() => {});
    const racing = untilDeadline(never, controller.signal);
    controller.abort();
    expect(await racing).toBe(false);
    expect(await untilDeadline(Promise.resolve(), controller.signal)).toBe(false);
  });
});
