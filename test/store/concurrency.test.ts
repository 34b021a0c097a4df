import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { tempDir, type TempDir } from '../support/scratch.ts';
import { launchInGroup } from '../support/process-group.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';

/** `Namespace.update` is one atomic step across store handles and processes, not only within one process. */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(ROOT, 'test', 'support', 'store-child.ts');

let dir: TempDir;
let redis: RedisServer | undefined;
const opened: Store[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dir = await tempDir('dw-store-concurrency-');
  if (hasRedis) redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

afterAll(async () => {
  await redis?.close();
  await dir?.remove();
});

let fileCount = 0;
const backends = [
  { backend: 'sqlite', skip: false, url: () => `sqlite://${dir.file(`state-${++fileCount}.sqlite`)}` },
  { backend: 'redis', skip: !hasRedis, url: () => redis?.url ?? '' },
];

async function open(url: string): Promise<Store> {
  const store = await openStore(url, { timeoutMs: 30_000 });
  opened.push(store);
  return store;
}

describe.each(backends)('$backend: updates of one key from two handles', ({ skip, url }) => {
  it.skipIf(skip)('loses no increment when two handles of one store increment a key 300 times at once', async () => {
    const target = url();
    const key = `count-${fileCount}-${Date.now()}`;
    const [first, second] = [await open(target), await open(target)];
    const handles = [first!.namespace<number>('history'), second!.namespace<number>('history')];
    const results = await Promise.all(Array.from({ length: 300 }, (_, index) => handles[index % 2]!.update(key, (n) => (n ?? 0) + 1)));
    expect(await handles[0]!.get(key)).toBe(300);
    // Every increment saw a different value: each one read what the previous one wrote.
    expect(new Set(results).size).toBe(300);
  });

  it.skipIf(skip)('loses no increment when two processes increment a key 200 times each at once', async () => {
    const target = url();
    const key = `procs-${fileCount}-${Date.now()}`;
    const go = dir.file(`go-${key}`);
    const env = { ...process.env, DW_STORE: target, DW_KEY: key, DW_COUNT: '200', DW_GO: go } as Record<string, string>;
    const children = [0, 1].map(() =>
      launchInGroup(process.execPath, ['--import', 'tsx', CHILD], { cwd: ROOT, env, defer: (cleanup) => void cleanups.push(cleanup) }),
    );
    await Promise.all(children.map((child) => child.waitForLine('ready', 30_000)));
    await writeFile(go, 'go');
    const exits = await Promise.all(children.map((child) => child.exited));
    for (const [index, child] of children.entries()) {
      expect(child.lines, child.stderr()).toContain('done 200');
      expect(exits[index]?.code, child.stderr()).toBe(0);
    }
    const store = await open(target);
    expect(await store.namespace<number>('history').get(key)).toBe(400);
  }, 60_000);
});
