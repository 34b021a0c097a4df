/**
 * Runs `task` once every earlier task holding any of `keys` has settled; tasks with no key in common run freely.
 * All keys are taken at once, at call time, so tasks locking several keys cannot deadlock each other.
 */
export type KeyedMutex = <R>(keys: readonly string[], task: () => Promise<R>) => Promise<R>;

/** A per-key promise-chain mutex. Keys with nothing pending or running hold no memory. */
export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<void>>();
  return async <R>(keys: readonly string[], task: () => Promise<R>): Promise<R> => {
    const held = [...new Set(keys)];
    const run = Promise.all(held.map((key) => tails.get(key))).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    for (const key of held) tails.set(key, tail);
    try {
      return await run;
    } finally {
      for (const key of held) if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
