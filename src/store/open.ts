import { openRedisStore, type RedisStoreOptions } from './redis.ts';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.ts';
import type { Store } from './types.ts';
import { parseStoreUrl } from './url.ts';

/** Options of `openStore`; each applies to its backend only. */
export type OpenStoreOptions = SqliteStoreOptions & RedisStoreOptions;

/**
 * Opens the store at `url`: `sqlite://relative/path.sqlite`, `sqlite:///absolute/path.sqlite` or `redis://…`.
 * Resolves only once the store has been read and written, so a corrupt, locked or unreachable store fails here,
 * at start-up, with a StoreError naming it; an unknown URL rejects with an Error listing the accepted forms.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  return target.kind === 'sqlite' ? openSqliteStore(target.path, options) : openRedisStore(target.url, options);
}
