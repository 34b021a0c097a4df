import type { Store } from '../../store/index.ts';
import { createKeyedMutex, type KeyedMutex } from '../../async/mutex.ts';

const mutexes = new WeakMap<Store, KeyedMutex>();

/**
 * Runs `task` once no other digest task of that server on that store is running in this process: a scheduled run
 * and a /digest command never deliver one outbox twice at the same time. Not re-entrant.
 */
export function withGuildLock<R>(store: Store, guildId: string, task: () => Promise<R>): Promise<R> {
  let mutex = mutexes.get(store);
  if (mutex === undefined) {
    mutex = createKeyedMutex();
    mutexes.set(store, mutex);
  }
  return mutex([guildId], task);
}
