import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedKeyOf } from '../../src/digest/collect/feed-state.ts';
import type { FeedState } from '../../src/digest/state.ts';
import { openStore } from '../../src/store/index.ts';
import { startDiscordDouble } from '../double/index.ts';
import { botHome, logEntries } from '../support/bot-process.ts';
import { buildCopy, startArguments } from '../support/compiled-build.ts';
import { startFeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { launchInGroup } from '../support/process-group.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { useScratch } from '../support/scratch.ts';
import { ADMIN, EPHEMERAL, relevantBatch } from './digest-support.ts';

/**
 * The build users get: a copy of the project (what git holds, node_modules linked) built with `npm run build`, as
 * `npm install` does through `prepare`, then run with `npm start` and `npm run cli`, the compiled JavaScript under
 * node. Every other test runs the TypeScript sources.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
/** tsc on the whole project, on one loaded CPU, then a start of the bot: generous on purpose. */
const SLOW = 120_000;
const FEED_PATH = '/feed.xml';

const scratch = useScratch('dw-compiled-');
let app: string;

beforeAll(async () => {
  app = await buildCopy(scratch.file('app'), SLOW * 2);
}, SLOW * 2);

describe('the compiled build', () => {
  it('holds JavaScript with source maps back to the TypeScript, and every non-TypeScript file of src/ (the parse worker, the collection thread)', async () => {
    const map = JSON.parse(await readFile(path.join(app, 'dist', 'src', 'main.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toEqual(['../../src/main.ts']);
    for (const entry of [['feeds', 'worker'], ['digest', 'collect', 'thread']]) {
      expect(await readFile(path.join(app, 'dist', 'src', ...entry, 'worker.mjs'), 'utf8')).toBe(await readFile(path.join(ROOT, 'src', ...entry, 'worker.mjs'), 'utf8'));
      await expect(stat(path.join(app, 'dist', 'src', ...entry, 'task.js'))).resolves.toBeDefined();
    }
    expect((await readFile(path.join(app, 'dist', 'src', 'cli', 'main.js'), 'utf8')).startsWith('#!/usr/bin/env -S node')).toBe(true);
    await expect(stat(path.join(app, 'dist', 'test'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('npm run cli: reads and judges a feed through the compiled parse worker', { timeout: SLOW }, async ({ onTestFinished: defer }) => {
    const kb = await loadRealKb();
    const server = await startFeedServer();
    defer(() => server.close());
    const batch = relevantBatch(kb, 'cli', 3);
    server.route(FEED_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(rss20({ title: 'Local test feed', items: batch.items }));
    });
    const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', DATA_DIR: path.join(ROOT, 'data'), ALLOW_PRIVATE_FEEDS: 'true' };
    const { stdout } = await run('npm', ['run', '--silent', 'cli', '--', 'feeds', 'test', server.url(FEED_PATH), '--json'], { cwd: app, env, timeout: SLOW });
    const result = JSON.parse(stdout) as { ok: boolean; items: { title: string }[] };
    expect(result.ok).toBe(true);
    expect(result.items.map((item) => item.title).sort()).toEqual(batch.items.map((item) => item.title).sort());
  });

  it('npm start: the bot gets ready against Discord (the double), answers, reads a feed, and stops cleanly on SIGTERM', { timeout: SLOW * 2 }, async ({ onTestFinished: defer }) => {
    const kb = await loadRealKb();
    const double = await startDiscordDouble();
    defer(() => double.close());
    const server = await startFeedServer();
    defer(() => server.close());
    server.route(FEED_PATH, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      response.end(rss20({ title: 'Local test feed', items: relevantBatch(kb, 'start', 3).items }));
    });
    const where = await botHome(scratch.file('home'), double, [{ label: 'Local Test Feed', url: server.url(FEED_PATH) }]);
    const bot = launchInGroup('npm', ['start'], { cwd: app, env: where.env, defer });
    await bot.waitForOutput(/"message":"bot ready"/, SLOW);

    const about = double.dispatchInteraction(double.chatInput({ name: 'about', locale: 'fr' }), { ackWindowMs: SLOW });
    const aboutCallback = await about.waitForCallback({ timeoutMs: SLOW });
    expect(aboutCallback.type).toBe(4);
    expect(JSON.stringify(aboutCallback.data)).toMatch(/Decoupling Watch suit/);

    // The first read of a feed seeds it; the admin hears "nothing new" once it went through fetch, the worker and the store.
    const digest = double.dispatchInteraction(double.chatInput({ name: 'digest', subcommand: 'now', permissions: ADMIN }), { ackWindowMs: SLOW });
    expect((await digest.waitForCallback({ timeoutMs: SLOW })).type).toBe(5);
    const reply = await double.waitFor(() => (digest.record.edits.length > 0 ? digest.original() : digest.record.followUps[0]), { timeoutMs: SLOW, what: 'the answer to /digest now' });
    expect(reply.flags & EPHEMERAL).toBe(EPHEMERAL);
    const store = await openStore(`sqlite://${where.storeFile}`);
    try {
      const state = await store.namespace<FeedState>('feeds').get(feedKeyOf(server.url(FEED_PATH)));
      expect(state).toMatchObject({ seeded: true, consecutiveFailures: 0, lastStatus: 200 });
      expect(state?.lastError).toBeUndefined();
    } finally {
      await store.close();
    }

    // npm ends by raising the signal it got on itself, so the group leader's exit says nothing about the bot's stop: its log does.
    await bot.kill('SIGTERM');
    expect(logEntries(bot, 'stopped')).toMatchObject([{ ok: true }]);
    expect(logEntries(bot).filter((entry) => entry['level'] === 'error' || entry['level'] === 'warn')).toEqual([]);
  });

  it('npm start: the bot runs with 3 threads in libuv’s pool instead of 4, and an operator’s UV_THREADPOOL_SIZE wins, from the environment or .env', { timeout: SLOW * 2 }, async ({ onTestFinished: defer }) => {
    const double = await startDiscordDouble();
    defer(() => double.close());
    const args = await startArguments(app);
    const entry = path.join(app, args.at(-1) ?? '');
    // The bot's threads once ready (the pool started when node read the modules), with `extra` in its environment and
    // `dotEnv` in a .env of the directory it starts in.
    const threadsOnceReady = async (home: string, extra: Record<string, string>, dotEnv = '') => {
      const where = await botHome(scratch.file(home), double, []);
      if (dotEnv !== '') await writeFile(path.join(where.home, '.env'), dotEnv);
      const bot = launchInGroup(process.execPath, [...args.slice(0, -1), entry], { cwd: where.home, env: { ...where.env, ...extra }, defer });
      await bot.waitForOutput(/"message":"bot ready"/, SLOW);
      // Read until three reads 100 ms apart agree: a thread started for work after ready (none is expected) settles.
      const reads: number[] = [];
      while (reads.length < 3 || new Set(reads.slice(-3)).size > 1) {
        reads.push((await readdir(`/proc/${bot.pid}/task`)).length);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const threads = reads.at(-1) ?? 0;
      await bot.kill('SIGTERM');
      expect(logEntries(bot, 'stopped')).toMatchObject([{ ok: true }]);
      return threads;
    };
    const asStarted = await threadsOnceReady('pool-default', {});
    const withFour = await threadsOnceReady('pool-four', { UV_THREADPOOL_SIZE: '4' });
    expect(withFour - asStarted).toBe(1);
    // Read from .env before the pool starts, like any other setting; the environment still wins over it.
    expect(await threadsOnceReady('pool-dotenv', {}, 'UV_THREADPOOL_SIZE=5\n')).toBe(withFour + 1);
    expect(await threadsOnceReady('pool-both', { UV_THREADPOOL_SIZE: '4' }, 'UV_THREADPOOL_SIZE=5\n')).toBe(withFour);
  });
});
