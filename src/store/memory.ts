import { createKeyvStore, createPlainKeyv } from './keyv-store.ts';
import type { Store } from './types.ts';

/** The same `Store` over an in-memory Map, for tests of other modules. Values are JSON copies, exactly as on disk. */
export function createMemoryStore(): Store {
  const rows = new Map<string, unknown>();
  return createKeyvStore({
    keyv: createPlainKeyv(rows),
    location: 'memory',
    purgeExpired: async () => purgeExpiredRows(rows),
    close: async () => rows.clear(),
    describeFailure: (error) => `memory store: ${error instanceof Error ? error.message : String(error)}`,
  });
}

function purgeExpiredRows(rows: Map<string, unknown>): number {
  const now = Date.now();
  let purged = 0;
  for (const [key, raw] of rows) {
    if (typeof raw !== 'string') continue;
    const { expires } = JSON.parse(raw) as { expires?: unknown };
    if (typeof expires === 'number' && expires < now) {
      rows.delete(key);
      purged += 1;
    }
  }
  return purged;
}
