/**
 * Runs one server's digest in a process of its own, for crash tests that kill it at a chosen point:
 * `node --import tsx test/support/digest-child.ts` (or `node_modules/.bin/tsx test/support/digest-child.ts`) with
 * - DW_API_BASE, DW_TOKEN: the Discord double;
 * - DW_STORE: the SQLite file (settings and pool already in it);
 * - DW_GUILD: the server to run;
 * - DW_NOW: the run's clock (ISO), so the test can compose the same digest;
 * - DW_MAX_MESSAGES, DW_MAX_ITEMS_PER_FEED, DW_MAX_ITEMS: the digest limits (default: the bot's defaults, the server's item cap);
 * - DW_PAUSE_AT, DW_PAUSE_MS: pause that long (default 10 s) right after printing that line: the window in which
 *   the test kills the process.
 * Prints, counting from 1 within this process:
 * - "lookup N" before its N-th read of the channel history (a resumed message looked for by its marker);
 * - "post N" as its N-th post starts (the message is saved as attempted) and "accepted N" once Discord accepted it
 *   (nothing about it recorded yet);
 * - "marked N" once the items of the N-th accepted message are marked delivered, before they go into the news;
 * - "recorded N" once they are in the news too, before the outbox saves that message's id;
 * - "told N" once the N-th feed of a failing-feeds notice is recorded as told (`failureReportedTo`);
 * - "result {json}" at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_DIGEST_LIMITS } from '../../src/digest/compose/compose.ts';
import { restPoster, type DiscordPoster } from '../../src/digest/deliver/deliver.ts';
import { runGuildDigest } from '../../src/digest/run/run.ts';
import type { FeedState, Outbox } from '../../src/digest/state.ts';
import { createLogger } from '../../src/log.ts';
import { openStore, type Namespace, type NamespaceName, type Store } from '../../src/store/index.ts';
import { closeRest, restOnDouble } from './double-rest.ts';
import { fixtureKb } from './kb-fixture.ts';
import { requiredEnv } from './child-env.ts';

type Announce = (line: string) => Promise<void>;

const required = (name: string) => requiredEnv('digest-child', name);

/** Prints a line and, when it is `pauseAt`, sleeps `pauseMs`: the test kills the process meanwhile. */
function announcer(pauseAt: string | undefined, pauseMs: number): Announce {
  return async (line) => {
    process.stdout.write(`${line}\n`);
    if (line === pauseAt) await sleep(pauseMs);
  };
}

/** The real poster, announcing each history read and each post. */
function announcingPoster(poster: DiscordPoster, announce: Announce): DiscordPoster {
  let posts = 0;
  let lookups = 0;
  return {
    async postMessage(channelId, body) {
      posts += 1;
      const n = posts;
      await announce(`post ${n}`);
      const accepted = await poster.postMessage(channelId, body);
      await announce(`accepted ${n}`);
      return accepted;
    },
    async recentMessages(channelId, limit) {
      lookups += 1;
      await announce(`lookup ${lookups}`);
      return poster.recentMessages(channelId, limit);
    },
  };
}

const idsIn = (outbox: Outbox | undefined) => (outbox?.messages ?? []).filter((message) => message.messageId !== undefined).length;

/**
 * The real store, announcing the two writes that follow an accepted message: its news (the items were marked
 * delivered just before) and the outbox write that saves its id.
 */
function announcingStore(store: Store, announce: Announce): Store {
  let newsUpdates = 0;
  let recorded = 0;
  let told = 0;
  let idsSaved: number | undefined;
  const beforeOutboxWrite = async (key: string, value: Outbox): Promise<void> => {
    const ids = idsIn(value);
    idsSaved ??= idsIn(await store.namespace<Outbox>('outbox').get(key));
    if (ids > idsSaved) {
      recorded += 1;
      await announce(`recorded ${recorded}`);
    }
    idsSaved = ids;
  };
  const wrap = <T>(name: NamespaceName, inner: Namespace<T>): Namespace<T> => ({
    name: inner.name,
    get: (key) => inner.get(key),
    getInSlices: (key) => inner.getInSlices(key),
    getMany: (keys) => inner.getMany(keys),
    has: (key) => inner.has(key),
    delete: (key) => inner.delete(key),
    setMany: (entries, ttlMs) => inner.setMany(entries, ttlMs),
    updateInSlices: (key, next, ttlMs) => inner.updateInSlices(key, next, ttlMs),
    async set(key, value, ttlMs) {
      if (name === 'outbox') await beforeOutboxWrite(key, value as Outbox);
      return inner.set(key, value, ttlMs);
    },
    async update(key, next, ttlMs) {
      // Delivery saves a message's progress by compare-and-set: what it is about to write is `next` of what is there.
      if (name === 'outbox') {
        const current = await inner.get(key);
        try {
          await beforeOutboxWrite(key, next(current) as Outbox);
        } catch {
          // `next` refuses (the outbox is gone): the real update below says so.
        }
      }
      if (name === 'history' && key.startsWith('news:')) {
        newsUpdates += 1;
        await announce(`marked ${newsUpdates}`);
      }
      const value = await inner.update(key, next, ttlMs);
      if (name === 'feeds' && ((value as FeedState | undefined)?.failureReportedTo ?? []).length > 0) {
        told += 1;
        await announce(`told ${told}`);
      }
      return value;
    },
    async updateMany(keys, next, ttlMs) {
      const values = await inner.updateMany(keys, next, ttlMs);
      for (const value of values) {
        if (name === 'feeds' && ((value as FeedState | undefined)?.failureReportedTo ?? []).length > 0) {
          told += 1;
          await announce(`told ${told}`);
        }
      }
      return values;
    },
  });
  return {
    location: store.location,
    namespace: <T>(name: NamespaceName) => wrap(name, store.namespace<T>(name)),
    purgeExpired: () => store.purgeExpired(),
    close: () => store.close(),
  };
}

const announce = announcer(process.env['DW_PAUSE_AT'], Number(process.env['DW_PAUSE_MS'] ?? '10000'));
const rest = restOnDouble({ apiBase: required('DW_API_BASE'), token: required('DW_TOKEN') });
const store = await openStore(`sqlite://${required('DW_STORE')}`);
const now = new Date(required('DW_NOW'));
try {
  const result = await runGuildDigest(
    {
      kb: fixtureKb(),
      store: announcingStore(store, announce),
      poster: announcingPoster(restPoster(rest), announce),
      log: createLogger({ level: 'warn' }),
      now: () => now,
      limits: {
        maxMessages: Number(process.env['DW_MAX_MESSAGES'] ?? DEFAULT_DIGEST_LIMITS.maxMessages),
        maxItemsPerFeed: Number(process.env['DW_MAX_ITEMS_PER_FEED'] ?? DEFAULT_DIGEST_LIMITS.maxItemsPerFeed),
        ...(process.env['DW_MAX_ITEMS'] === undefined ? {} : { maxItems: Number(process.env['DW_MAX_ITEMS']) }),
      },
    },
    required('DW_GUILD'),
    { reason: 'crash-test' },
  );
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
} finally {
  closeRest(rest);
  await store.close();
}
