import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { applyThreadPoolDefault } = require('../src/thread-pool.cjs') as { applyThreadPoolDefault(env: NodeJS.ProcessEnv): void };

/**
 * How many DNS lookups libuv runs at once in a pool of `threads`: getaddrinfo is "slow I/O", which may take at most
 * half the pool's threads, rounded up (libuv's threadpool.c, slow_work_thread_threshold); the others run file reads
 * and the store's SQLite statements. A lookup holds its thread until the resolver answers, the fetch's deadline
 * notwithstanding.
 */
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
});
