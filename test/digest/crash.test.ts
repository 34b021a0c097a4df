import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REST, type APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { composeDigest } from '../../src/digest/compose.ts';
import { deliverOutbox, restPoster, type DiscordPoster } from '../../src/digest/deliver.ts';
import { saveGuildSettings } from '../../src/digest/guilds.ts';
import { recentNews } from '../../src/digest/news.ts';
import { runGuildDigest } from '../../src/digest/run.ts';
import { deliveredKey, POOL_KEY, type GuildSettings, type Outbox } from '../../src/digest/state.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { startDiscordDouble, type DiscordDouble, type DoubleOptions } from '../double/index.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const CHILD = path.join(ROOT, 'test', 'support', 'digest-child.ts');
const kb = fixtureKb();
const POSTS = 'POST /channels/:channelId/messages';
const HISTORY = 'GET /channels/:channelId/messages';
const HOUR = 60 * 60 * 1000;
const NOW = '2025-11-21T08:00:00.000Z';

/**
 * Where the first process is killed: as its `message`-th post starts (the previous message fully recorded, this one
 * saved as attempted but not sent), or once Discord accepted it (nothing about it recorded yet). `message` counts
 * from 1; 'mid' and 'last' are resolved against the digest's length. Extend the list to test more points.
 */
export interface KillPoint {
  readonly when: 'post' | 'accepted';
  readonly message: number | 'mid' | 'last';
}

const KILL_POINTS: readonly KillPoint[] = [
  { when: 'accepted', message: 1 },
  { when: 'accepted', message: 'mid' },
  { when: 'accepted', message: 'last' },
  { when: 'post', message: 'mid' },
];

/** Registers what to close once the current test has finished (concurrent tests pass their context's hook). */
type Defer = (cleanup: () => Promise<void>) => void;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-crash-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
function storeFile(): string {
  files += 1;
  return path.join(dir, `crash-${files}.sqlite`);
}

async function startDouble(defer: Defer, options: DoubleOptions = {}): Promise<DiscordDouble> {
  const double = await startDiscordDouble(options);
  defer(() => double.close());
  return double;
}

function newRest(defer: Defer, double: DiscordDouble): REST {
  const rest = new REST({ api: double.apiBase, retries: 3, timeout: 2000 }).setToken(double.token);
  defer(async () => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  return rest;
}

async function open(defer: Defer, file: string): Promise<Store> {
  const store = await openStore(`sqlite://${file}`);
  defer(() => store.close().catch(() => undefined));
  return store;
}

function settingsFor(double: DiscordDouble): GuildSettings {
  return {
    guildId: double.guildId, channelId: double.channelId, cron: '0 8 * * *', timeZone: 'UTC', locale: 'en', enabled: true,
    feeds: [], since: new Date(Date.parse(NOW) - 24 * HOUR).toISOString(),
  };
}

let counter = 0;
function makeItems(count: number): DigestItem[] {
  return Array.from({ length: count }, (_, index) => {
    counter += 1;
    return {
      id: `crash-item-${counter}`,
      title: `Cx${counter}y ${'a long headline about chips and research labs '.repeat(5)}`,
      summary: `Summary ${'with some context '.repeat(12)}`,
      link: `https://news.example.com/crash/${counter}`,
      firstSeenAt: new Date(Date.parse(NOW) - HOUR - index * 60_000).toISOString(),
      feedUrl: kb.feeds[0]?.url ?? '',
      feedLabel: 'Example Tech',
      companies: [['aws', 'ibm', 'microsoft'][index % 3] ?? 'aws'],
      dimensions: [['talent', 'compute', 'ecosystem'][index % 3] ?? 'talent'],
      score: 2 + (index % 4),
      reasons: [],
      possibleRetreat: false,
    };
  });
}

/** A store file with the server's settings and `items` in the pool, closed again. */
async function prepare(file: string, double: DiscordDouble, items: readonly DigestItem[]): Promise<void> {
  const store = await openStore(`sqlite://${file}`);
  try {
    await saveGuildSettings(store, settingsFor(double));
    await store.namespace<DigestItem[]>('history').set(POOL_KEY, [...items]);
  } finally {
    await store.close();
  }
}

/** How many messages the digest of `items` has, composed as the run composes it. */
function expectedMessages(double: DiscordDouble, items: readonly DigestItem[]): number {
  const settings = settingsFor(double);
  return composeDigest(kb, items, { locale: settings.locale, since: settings.since, now: NOW }).length;
}

const embedText = (embeds: readonly APIEmbed[]) =>
  embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n')).join('\n');

/** For each item, how many channel messages carry its title token ("Cx17y"): all 1 means delivered exactly once. */
function deliveries(double: DiscordDouble, items: readonly DigestItem[]): number[] {
  const texts = double.messagesIn().map((message) => embedText(message.embeds));
  return items.map((item) => texts.filter((text) => text.includes(`${item.title.split(' ')[0] ?? ''} `)).length);
}

/** The store after the crash and the recovery: every item marked and recorded once, no outbox left. */
async function expectAllRecorded(defer: Defer, file: string, double: DiscordDouble, items: readonly DigestItem[]): Promise<void> {
  const store = await open(defer, file);
  expect(await store.namespace<Outbox>('outbox').get(double.guildId)).toBeUndefined();
  const marks = await store.namespace<string>('history').getMany(items.map((item) => deliveredKey(double.channelId, item.id)));
  expect(marks.every((mark) => mark !== undefined)).toBe(true);
  const news = await recentNews(store, double.guildId);
  expect(news.map((record) => record.itemId).sort()).toEqual(items.map((item) => item.id).sort());
}

describe('a process dying in the middle of a delivery (in-process simulation)', () => {
  /** The real poster, but after the `k`-th post the "process dies": Discord has the message, the store knows nothing. */
  function dyingAfter(poster: DiscordPoster, k: number, when: 'before' | 'after'): DiscordPoster {
    let posts = 0;
    return {
      async postMessage(channelId, body) {
        posts += 1;
        if (posts === k && when === 'before') throw new Error('process died before the request left');
        const accepted = await poster.postMessage(channelId, body);
        if (posts === k) throw new Error('process died after Discord accepted the message');
        return accepted;
      },
      recentMessages: (channelId, limit) => poster.recentMessages(channelId, limit),
    };
  }

  async function crashThenRecover(k: number, options: { when: 'before' | 'after'; nonceWindowMs?: number; historyVisible?: boolean }) {
    const double = await startDouble(onTestFinished, options.nonceWindowMs === undefined ? {} : { nonceWindowMs: options.nonceWindowMs });
    const file = storeFile();
    const items = makeItems(30);
    await prepare(file, double, items);
    const total = expectedMessages(double, items);

    const first = await open(onTestFinished, file);
    const crashed = await runGuildDigest(
      { kb, store: first, poster: dyingAfter(restPoster(newRest(onTestFinished, double)), k, options.when), log: silentLogger, now: () => new Date(NOW) },
      double.guildId,
      { reason: 'test' },
    );
    expect(crashed.ok).toBe(false);
    await first.close();

    const second = await open(onTestFinished, file);
    const real = restPoster(newRest(onTestFinished, double));
    const poster: DiscordPoster = options.historyVisible === false ? { ...real, recentMessages: async () => [] } : real;
    const recovered = await deliverOutbox({ store: second, poster, log: silentLogger }, double.guildId);
    await second.close();
    return { double, file, items, total, recovered };
  }

  it.each([1, 2, 3])('Discord accepted message %i, then the process died: the marker in the channel prevents a second post', async (k) => {
    const { double, file, items, total, recovered } = await crashThenRecover(k, { when: 'after', nonceWindowMs: 0 });
    expect(total).toBeGreaterThanOrEqual(3);
    expect(recovered).toMatchObject({ ok: true, pending: 0, sent: total - k + 1 });
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    expect(double.requestsTo(HISTORY)).toHaveLength(1);
    expect(double.messagesIn()).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });

  it('when the channel history does not show it, the nonce makes Discord return the message it already has', async () => {
    const { double, file, items, total, recovered } = await crashThenRecover(2, { when: 'after', historyVisible: false });
    expect(recovered).toMatchObject({ ok: true, pending: 0 });
    const posts = double.requestsTo(POSTS);
    expect(posts).toHaveLength(total + 1);
    const nonceOf = (index: number) => (posts[index]?.body as { nonce?: string } | undefined)?.nonce;
    expect(nonceOf(2)).toBe(nonceOf(1));
    expect((posts[2]?.responseBody as { id?: string }).id).toBe((posts[1]?.responseBody as { id?: string }).id);
    expect(double.messagesIn()).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });

  it('died after saving "attempted" but before the post left: the marker is not found and the message goes out once', async () => {
    const { double, file, items, total, recovered } = await crashThenRecover(2, { when: 'before', nonceWindowMs: 0 });
    expect(recovered).toMatchObject({ ok: true, pending: 0, sent: total - 1 });
    expect(double.requestsTo(HISTORY)).toHaveLength(1);
    expect(double.requestsTo(POSTS)).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    await expectAllRecorded(onTestFinished, file, double, items);
  });
});

interface Child {
  readonly lines: string[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  kill(): Promise<void>;
}

/** Starts the child in its own process group, so SIGKILL reaches tsx and the node process it runs the script in. */
function launchChild(defer: Defer, double: DiscordDouble, file: string, pauseAt?: string): Child {
  const child = spawn(TSX, [CHILD], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '',
      DW_API_BASE: double.apiBase, DW_TOKEN: double.token, DW_STORE: file, DW_GUILD: double.guildId, DW_NOW: NOW,
      ...(pauseAt === undefined ? {} : { DW_PAUSE_AT: pauseAt }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let buffer = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  defer(async () => {
    if (alive() && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  });
  return {
    lines,
    exited,
    waitForLine: (line, timeoutMs = 10_000) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (lines.includes(line)) return finish(resolve);
        if (!alive()) finish(() => reject(new Error(`child exited without printing "${line}":\n${lines.join('\n')}\n${stderr}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no "${line}" within ${timeoutMs} ms:\n${lines.join('\n')}\n${stderr}`))), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        then();
      };
      listeners.add(check);
      check();
    }),
    async kill() {
      if (child.pid !== undefined && alive()) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

function resolveKillPoint(point: KillPoint, total: number): number {
  if (point.message === 'mid') return Math.ceil(total / 2);
  if (point.message === 'last') return total;
  return point.message;
}

describe('a digest process killed with SIGKILL, then run again', () => {
  it.concurrent.for(KILL_POINTS)('killed at $when of message $message: every item is delivered exactly once', async (point, { expect, onTestFinished: defer }) => {
    const double = await startDouble(defer);
    const file = storeFile();
    const items = makeItems(30);
    await prepare(file, double, items);
    const total = expectedMessages(double, items);
    const k = resolveKillPoint(point, total);
    expect(k).toBeGreaterThanOrEqual(1);
    expect(k).toBeLessThanOrEqual(total);

    const killAt = `${point.when} ${k}`;
    const first = launchChild(defer, double, file, killAt);
    await first.waitForLine(killAt);
    await first.kill();
    expect(first.lines.some((line) => line.startsWith('result '))).toBe(false);
    expect(double.messagesIn()).toHaveLength(point.when === 'accepted' ? k : k - 1);

    const second = launchChild(defer, double, file);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    const result = JSON.parse(second.lines.find((line) => line.startsWith('result '))?.slice('result '.length) ?? '{}') as { ok?: boolean; resumed?: { ok: boolean } };
    expect(result).toMatchObject({ ok: true, resumed: { ok: true } });

    expect(double.messagesIn()).toHaveLength(total);
    expect(deliveries(double, items)).toEqual(items.map(() => 1));
    if (point.when === 'accepted') expect(double.requestsTo(POSTS)).toHaveLength(total);
    await expectAllRecorded(defer, file, double, items);
  });
});
