import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { restPoster, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble } from '../double/index.ts';

/** A scratch directory for the test file, and cleanups run (newest first) after each test. */
export function useScratch(prefix: string) {
  let dir = '';
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    file: (name: string) => path.join(dir, name),
    defer: (cleanup: () => Promise<void>) => void cleanups.push(cleanup),
  };
}

export type Scratch = ReturnType<typeof useScratch>;

export interface DeliveryWorld {
  readonly double: DiscordDouble;
  readonly store: Store;
  readonly rest: REST;
  readonly poster: DiscordPoster;
}

/** A local Discord double, a SQLite store file and the real REST client on it, all closed after the test. */
export async function startDeliveryWorld(scratch: Scratch, storeName: string): Promise<DeliveryWorld> {
  const double = await startDiscordDouble();
  scratch.defer(() => double.close());
  const store = await openStore(`sqlite://${scratch.file(`${storeName}.sqlite`)}`);
  scratch.defer(() => store.close());
  const rest = new REST({ api: double.apiBase, retries: 3, timeout: 2000 }).setToken(double.token);
  scratch.defer(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  return { double, store, rest, poster: restPoster(rest) };
}
