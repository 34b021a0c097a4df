import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The one way tests get a scratch directory: `tempDir` when the test manages it, `useScratch` for a whole file. */

export interface TempDir {
  readonly dir: string;
  file(name: string): string;
  remove(): Promise<void>;
}

/** A fresh temporary directory; `remove()` deletes it. */
export async function tempDir(prefix: string): Promise<TempDir> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, file: (name) => path.join(dir, name), remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A scratch directory for the whole test file (made before the first test, removed after the last), and
 * cleanups run (newest first) after each test. Call it at the top of the file, before hooks that use it.
 */
export function useScratch(prefix: string) {
  let made: TempDir | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    made = await tempDir(prefix);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await made?.remove();
  });
  const current = (): TempDir => {
    if (!made) throw new Error('the scratch directory exists only once the tests run');
    return made;
  };
  return {
    get dir() {
      return current().dir;
    },
    file: (name: string) => current().file(name),
    defer: (cleanup: () => Promise<void>) => void cleanups.push(cleanup),
  };
}

export type Scratch = ReturnType<typeof useScratch>;
