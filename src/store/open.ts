import type { RedisStoreOptions } from './redis.ts';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
import type { Store } from './types.ts';
import { parseStoreUrl } from './url.ts';

/** Options of `openStore`; `timeoutMs` and `log` apply to both backends, the others to theirs only. */
export type OpenStoreOptions = SqliteStoreOptions & RedisStoreOptions;

/**
 * Opens the store at `url`: `sqlite://relative/path.sqlite`, `sqlite:///absolute/path.sqlite` or `redis://…`.
 * Resolves only once the store has been read and written, so a corrupt, locked or unreachable store fails here,
 * at start-up, with a StoreError naming it; an unknown URL rejects with an Error listing the accepted forms.
 * Afterwards every call settles within about `timeoutMs` (default 3000): a store that fails or stops answering
 * makes calls reject with a StoreError naming the cause, and a write that rejected is never applied later.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  if (target.kind === 'sqlite') return openSqliteStore(target.path, options);
  // Imported only for a Redis store: its client is ~420 modules (0.3 s and 15 MB imported alone, issue 14).
  const { openRedisStore } = await import('./redis.ts');
  return openRedisStore(target.url, options);
}
