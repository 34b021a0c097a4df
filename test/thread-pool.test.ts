import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useScratch } from './support/scratch.ts';

const require = createRequire(import.meta.url);
const { applyThreadPoolDefault, DEFAULT_THREAD_POOL_SIZE } = require('../src/thread-pool.cjs') as {
  applyThreadPoolDefault(env: NodeJS.ProcessEnv): string | undefined;
  DEFAULT_THREAD_POOL_SIZE: string;
};

/**
 * How many DNS lookups libuv runs at once in a pool of `threads`: getaddrinfo is "slow I/O", which may take at most
 * half the pool's threads, rounded up (libuv's threadpool.c, slow_work_thread_threshold); the others run file reads
 * and the store's SQLite statements. A lookup holds its thread until the resolver answers, the fetch's deadline
 * notwithstanding.
 */
const scratch = useScratch('dw-thread-pool-');
const lookupsAtOnce = (threads: number) => Math.floor((threads + 1) / 2);

describe("npm start's thread pool (thread-pool.cjs)", () => {
  it('runs two DNS lookups at once, as libuv’s own pool of 4 did: one silent DNS server does not stall every other fetch', () => {
    const env: NodeJS.ProcessEnv = {};
    applyThreadPoolDefault(env);
    const threads = Number(env['UV_THREADPOOL_SIZE']);
    expect(lookupsAtOnce(threads)).toBeGreaterThanOrEqual(2);
    // And the store keeps a thread no lookup can take.
    expect(threads - lookupsAtOnce(threads)).toBeGreaterThanOrEqual(1);
  });

  it('keeps an operator’s UV_THREADPOOL_SIZE, and treats an empty one as unset', () => {
    const set: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '8' };
    applyThreadPoolDefault(set);
    expect(set['UV_THREADPOOL_SIZE']).toBe('8');
    const empty: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '' };
    applyThreadPoolDefault(empty);
    expect(Number(empty['UV_THREADPOOL_SIZE'])).toBeGreaterThan(0);
  });

  it('refuses a value libuv would change silently ("0" and "abc" are one thread, "2000" is 1,024), naming the variable', () => {
    for (const value of ['0', 'abc', '2.5', '-1', '2000', '0x10', '+3']) {
      const env: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: value };
      expect(applyThreadPoolDefault(env), value).toBe('UV_THREADPOOL_SIZE: must be a whole number from 1 to 1024');
      expect(env['UV_THREADPOOL_SIZE']).toBe(value);
    }
    for (const value of ['1', '3', '1024']) expect(applyThreadPoolDefault({ UV_THREADPOOL_SIZE: value }), value).toBeUndefined();
  });

  it('reads the value as config.ts reads the bot’s own numbers: spaces around it are trimmed, and spaces alone are unset', () => {
    const spaced: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: ' 5 ' };
    expect(applyThreadPoolDefault(spaced)).toBeUndefined();
    expect(spaced['UV_THREADPOOL_SIZE']).toBe('5');
    // libuv would read "  " as 0, then one thread; FEED_CONCURRENCY="  " is its default.
    const blank: NodeJS.ProcessEnv = { UV_THREADPOOL_SIZE: '  ' };
    expect(applyThreadPoolDefault(blank)).toBeUndefined();
    expect(blank['UV_THREADPOOL_SIZE']).toBe(DEFAULT_THREAD_POOL_SIZE);
  });

  it('npm start’s entry stops there, before any module of the bot is read: exit code 1, the reason, no stack trace', async () => {
    const entry = fileURLToPath(new URL('../src/start.cjs', import.meta.url));
    const failed = await promisify(execFile)(process.execPath, [entry], { env: { PATH: process.env['PATH'] ?? '', UV_THREADPOOL_SIZE: 'lots' } })
      .then(() => ({ code: 0, stderr: '' }), (error: { code: number; stderr: string }) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('Decoupling Watch cannot start.\nUV_THREADPOOL_SIZE: must be a whole number from 1 to 1024\n');
  });

  it('npm start’s entry says plainly that a .env it cannot read (here a directory) stops it: exit code 1, no stack trace', async () => {
    const entry = fileURLToPath(new URL('../src/start.cjs', import.meta.url));
    const home = scratch.file('env-is-a-directory');
    await mkdir(path.join(home, '.env'), { recursive: true });
    const failed = await promisify(execFile)(process.execPath, [entry], { cwd: home, env: { PATH: process.env['PATH'] ?? '' } })
      .then(() => ({ code: 0, stderr: '' }), (error: { code: number; stderr: string }) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Decoupling Watch cannot start\.\nConfiguration problems:\n {2}- \.env: cannot be read \(EISDIR[^\n]*\)\n$/);
  });
});
