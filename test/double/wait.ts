import { EventEmitter } from 'node:events';

/** Options for {@link ChangeFeed.waitFor}. */
export interface WaitOptions {
  /** Give up after this many milliseconds (default 5000). */
  readonly timeoutMs?: number;
  /** What is awaited, for the timeout error message. */
  readonly what?: string;
}

/** Lets waiters re-check a condition whenever the double's state changes. */
export interface ChangeFeed {
  notify(): void;
  /** Resolves with the first non-undefined result of `check`, evaluated now and after every change. */
  waitFor<T>(check: () => T | undefined, options?: WaitOptions): Promise<T>;
}

export function createChangeFeed(): ChangeFeed {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    notify: () => void emitter.emit('change'),
    waitFor<T>(check: () => T | undefined, options: WaitOptions = {}): Promise<T> {
      const timeoutMs = options.timeoutMs ?? 5000;
      return new Promise<T>((resolve, reject) => {
        const first = check();
        if (first !== undefined) return resolve(first);
        const onChange = (): void => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value === undefined) return;
          finish();
          resolve(value);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`discord double: timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          emitter.off('change', onChange);
        };
        emitter.on('change', onChange);
      });
    },
  };
}
