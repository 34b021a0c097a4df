import { describe, expect, it } from 'vitest';
import { DEFAULT_STORE_URL, parseStoreUrl, redactUrl, StoreError } from '../../src/store/index.ts';

describe('parseStoreUrl', () => {
  it('reads relative and absolute SQLite paths', () => {
    expect(parseStoreUrl(DEFAULT_STORE_URL)).toEqual({ kind: 'sqlite', path: 'var/state.sqlite' });
    expect(parseStoreUrl('sqlite:///srv/watch/state.sqlite')).toEqual({ kind: 'sqlite', path: '/srv/watch/state.sqlite' });
    expect(parseStoreUrl(' SQLITE://./state.db ')).toEqual({ kind: 'sqlite', path: './state.db' });
  });

  it('sends redis:// and rediss:// to Redis unchanged', () => {
    expect(parseStoreUrl('redis://localhost:6379/2')).toEqual({ kind: 'redis', url: 'redis://localhost:6379/2' });
    expect(parseStoreUrl('rediss://user:pw@cache.example:6380')).toEqual({ kind: 'redis', url: 'rediss://user:pw@cache.example:6380' });
  });

  it('refuses anything else with a StoreError listing the accepted forms, password hidden', () => {
    for (const url of ['', 'var/state.sqlite', 'file:///tmp/state.sqlite', 'redis://', 'mysql://root:hunter2@db/state']) {
      let error: unknown;
      try {
        parseStoreUrl(url);
      } catch (caught) {
        error = caught;
      }
      expect(error, url).toBeInstanceOf(StoreError);
      const message = (error as StoreError).message;
      expect(message).toContain('Accepted forms:');
      expect(message).toContain('sqlite:///absolute/path.sqlite');
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('redactUrl', () => {
  it('hides the password and keeps everything else', () => {
    expect(redactUrl('redis://user:secret@host:6379/0')).toBe('redis://user:***@host:6379/0');
    expect(redactUrl('redis://:secret@host')).toBe('redis://:***@host');
    expect(redactUrl('redis://host:6379')).toBe('redis://host:6379');
    expect(redactUrl('sqlite://var/state.sqlite')).toBe('sqlite://var/state.sqlite');
  });
});
