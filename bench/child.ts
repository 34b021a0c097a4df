import { fork } from 'node:child_process';

/** An answer from a helper process. */
export type Answer = Record<string, unknown>;

/** A helper process (feed host, Discord double) driven over IPC: one answer per command, matched by id. */
export interface HelperProcess<C extends { kind: string }> {
  call(command: C, timeoutMs?: number): Promise<Answer>;
  /** Sends `close`, waits for the exit; kills the process if it does not answer. */
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Forks `modulePath` with this process's execArgv (tsx's loader: the helper is TypeScript too) unless `options` gives
 * others, stdout and stderr shared. The helper exits when its parent disconnects, so it never outlives the benchmark.
 */
export function forkHelper<C extends { kind: string }>(
  modulePath: string,
  options: { execArgv?: string[]; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): HelperProcess<C> {
  const child = fork(modulePath, options.args ?? [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(options.execArgv === undefined ? {} : { execArgv: options.execArgv }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  child.on('message', (message: Answer) => {
    const id = message['id'] as number;
    const waiter = pending.get(id);
    if (!waiter) return;
    pending.delete(id);
    clearTimeout(waiter.timer);
    if (typeof message['error'] === 'string') waiter.reject(new Error(`${modulePath}: ${message['error']}`));
    else waiter.resolve(message);
  });
  child.once('exit', (code) => {
    for (const { reject, timer } of pending.values()) {
      clearTimeout(timer);
      reject(new Error(`${modulePath} exited (code ${code})`));
    }
    pending.clear();
  });

  const call = (command: C, timeoutMs = DEFAULT_TIMEOUT_MS) =>
    new Promise<Answer>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${modulePath} did not answer ${command.kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve, reject, timer });
      child.send({ ...command, id });
    });

  return {
    call,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await call({ kind: 'close' } as C, 10_000).catch(() => child.kill());
      await exited;
    },
  };
}

/**
 * The helper side: answers each command from the parent with `handle`'s result (or its error), matched by id;
 * disconnects after `close` and exits once the parent is gone, so it never outlives the benchmark.
 */
export function serveParent<C extends { kind: string }>(handle: (command: C) => Promise<Answer>): void {
  process.on('message', (message: C & { id: number }) => {
    handle(message).then(
      (answer) => {
        process.send?.({ id: message.id, ...answer });
        if (message.kind === 'close') process.disconnect();
      },
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
