import { StoreError } from './errors.ts';

/** The store used when none is configured: a SQLite file relative to the working directory. */
export const DEFAULT_STORE_URL = 'sqlite://var/state.sqlite';

/** Where a store URL points. */
export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string };

/** The accepted forms, for error messages. */
export const STORE_URL_FORMS = [
  'sqlite://relative/path.sqlite (relative to the working directory)',
  'sqlite:///absolute/path.sqlite',
  'redis://[user:password@]host[:port][/db] (or rediss:// for TLS)',
] as const;

/** Reads a store URL; throws a StoreError listing the accepted forms when it is none of them. */
export function parseStoreUrl(url: string): StoreTarget {
  const trimmed = url.trim();
  const sqlite = /^sqlite:\/\/(.*)$/i.exec(trimmed);
  if (sqlite) {
    const path = sqlite[1] ?? '';
    if (path === '' || path.endsWith('/')) throw new StoreError(redactUrl(url), invalidUrlMessage(url, 'it names no file'));
    return { kind: 'sqlite', path };
  }
  if (/^rediss?:\/\/./i.test(trimmed)) return { kind: 'redis', url: trimmed };
  throw new StoreError(redactUrl(url), invalidUrlMessage(url, 'unknown scheme'));
}

/** The URL without its password, safe to log. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

function invalidUrlMessage(url: string, why: string): string {
  return [`Invalid store URL "${redactUrl(url)}" (${why}). Accepted forms:`, ...STORE_URL_FORMS.map((form) => `  - ${form}`)].join('\n');
}
