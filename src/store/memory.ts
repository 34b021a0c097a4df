import { createKeyvStore } from './keyv-store.ts';
import { rowHasExpired, type RowBackend } from './rows.ts';
import type { Store } from './types.ts';

/** The same `Store` over an in-memory Map, for tests of other modules. Values are JSON copies, exactly as on disk. */
export function createMemoryStore(): Store {
  const rows = new Map<string, string>();
  const backend: RowBackend = {
    location: 'memory',
    read: async (rowKeys) => rowKeys.map((key) => rows.get(key)),
    write: async (rowKey, raw, _ttlMs, condition) => {
      const current = rows.get(rowKey);
      const holds = condition.kind === 'any' || (condition.kind === 'absent' ? current === undefined : current === condition.raw);
      if (holds) rows.set(rowKey, raw);
      return holds;
    },
    writeMany: async (entries) => {
      for (const { rowKey, raw } of entries) rows.set(rowKey, raw);
    },
    delete: async (rowKey) => rows.delete(rowKey),
    purgeExpired: async () => purgeExpiredRows(rows),
    close: async () => rows.clear(),
    describeFailure: (error) => `memory store: ${error instanceof Error ? error.message : String(error)}`,
  };
  return createKeyvStore(backend);
}

function purgeExpiredRows(rows: Map<string, string>): number {
  const now = Date.now();
  let purged = 0;
  for (const [key, raw] of rows) {
    if (!rowHasExpired(raw, now)) continue;
    rows.delete(key);
    purged += 1;
  }
  return purged;
}
