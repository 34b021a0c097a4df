/**
 * When a store call must have settled, on the monotonic clock (`performance.now()`): wall-clock jumps move no
 * deadline. Every call gets one when it starts; waits for a lock, retries and the backend's work all count against it.
 */
export interface Deadline {
  readonly at: number;
  /** The timeout it was made from, for messages. */
  readonly timeoutMs: number;
}

export const monotonicNow = (): number => performance.now();

export function deadlineIn(timeoutMs: number): Deadline {
  return { at: monotonicNow() + timeoutMs, timeoutMs };
}

export function remainingMs(deadline: Deadline): number {
  return deadline.at - monotonicNow();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs `task` through `enqueue` (a lock or a queue) if its turn comes before the deadline timer fires; otherwise
 * rejects with `late()` then, and the task never runs. Once the task has started, its own outcome is what settles
 * the call, even past the deadline: a write that started is never reported as failed while it may still apply
 * (the backends bound their own work by the deadline).
 */
export function startBefore<R>(
  deadline: Deadline,
  enqueue: (task: () => Promise<R | undefined>) => Promise<R | undefined>,
  task: () => Promise<R>,
  late: () => Error,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let state: 'waiting' | 'started' | 'abandoned' = 'waiting';
    const timer = setTimeout(() => {
      if (state !== 'waiting') return;
      state = 'abandoned';
      reject(late());
    }, Math.max(0, remainingMs(deadline)));
    const queued = enqueue(async () => {
      if (state === 'abandoned') return undefined;
      clearTimeout(timer);
      state = 'started';
      return task();
    });
    queued.then(
      (value) => state === 'started' && resolve(value as R),
      (error: unknown) => state === 'started' && reject(error),
    );
  });
}
