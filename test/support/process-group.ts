import { spawn } from 'node:child_process';

/** How a process ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process started in a group of its own, with its output collected. */
export interface GroupProcess {
  readonly pid: number;
  /** Complete stdout lines so far. */
  readonly lines: readonly string[];
  stdout(): string;
  stderr(): string;
  alive(): boolean;
  /** Settles once the process has exited and its output is closed. */
  readonly exited: Promise<Exit>;
  /** Resolves once stdout has printed exactly this line; rejects when the process exits first or after `timeoutMs`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the first match of `pattern` in stderr + stdout; rejects when the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` (default SIGKILL) to the whole group, so wrappers such as tsx and the node they start both get it. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
}

export interface LaunchOptions {
  readonly cwd: string;
  /** The whole environment of the process. */
  readonly env: Record<string, string>;
  /** Registers what to do once the test is over (a still running group is SIGKILLed). */
  readonly defer: (cleanup: () => Promise<void>) => void;
}

/** Starts `command` detached, as the leader of a new process group, with stdout and stderr piped. */
export function launchInGroup(command: string, args: readonly string[], options: LaunchOptions): GroupProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} could not be started`);
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    changed();
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  let closed = false;
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      resolve({ code, signal });
      changed();
    }),
  );

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  options.defer(async () => {
    if (!closed) {
      killGroup('SIGKILL');
      await exited;
    }
  });

  function waitUntil<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(evaluate);
        settle();
      };
      const evaluate = () => {
        const value = check();
        if (value !== undefined) return finish(() => resolve(value));
        if (closed) finish(() => reject(new Error(`the process ended before ${what}:\n${stdout}\n${stderr}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${what} within ${timeoutMs} ms:\n${stdout}\n${stderr}`))), timeoutMs);
      listeners.add(evaluate);
      evaluate();
    });
  }

  return {
    pid,
    lines,
    stdout: () => stdout,
    stderr: () => stderr,
    alive,
    exited,
    // A child starting through tsx while many others do, on one loaded CPU, takes far longer than on a quiet machine.
    waitForLine: (line, timeoutMs = 60_000) => waitUntil(() => (lines.includes(line) ? true : undefined), `line "${line}"`, timeoutMs).then(() => undefined),
    waitForOutput: (pattern, timeoutMs = 60_000) => waitUntil(() => (stderr + stdout).match(pattern) ?? undefined, `output ${pattern}`, timeoutMs),
    async kill(signal = 'SIGKILL') {
      if (!closed) killGroup(signal);
      return exited;
    },
  };
}
