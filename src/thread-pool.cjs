// @ts-check
/**
 * How many threads libuv's pool gets in the bot's process, set before node reads any ES module: node reads those
 * with the pool, whose threads start at its first read and live as long as the process, and libuv reads
 * UV_THREADPOOL_SIZE only then. The pool runs the store's SQLite statements, DNS lookups and asynchronous file reads;
 * glibc's malloc gives each thread that allocates an arena of its own, and what the SQLite statements of a digest
 * free there (the pool's value is over a megabyte) mostly stays in it. Fewer threads than libuv's four hold less
 * (two held about 25 MB less after two 200-feed digests, for the same speed: see the README's Performance). But libuv
 * runs DNS lookups on at most half the pool, rounded up, and a lookup holds its thread until the resolver answers:
 * with two threads, lookups run one at a time, and one feed whose DNS server is silent makes every other feed's
 * fetch time out behind it. Three threads keep two lookups at once, as libuv's four did, and one thread no lookup
 * can take for the store. An operator's own UV_THREADPOOL_SIZE (the environment, or .env, which start.cjs reads
 * first) wins.
 */
const DEFAULT_THREAD_POOL_SIZE = '3';
/** libuv's own cap. */
const MAX_THREAD_POOL_SIZE = 1024;

/**
 * Sets UV_THREADPOOL_SIZE in `env` (process.env) unless it is set: call it before the first module is read. Returns
 * the problem with an operator's value that is not a thread count as written, which libuv would take silently
 * ("0" and "abc" as one thread, "2000" as 1,024), so that start-up stops and says so, as for the bot's own settings.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
function applyThreadPoolDefault(env) {
  // Trimmed, as config.ts reads the bot's own settings: spaces alone are unset (libuv would read them as 0, one thread).
  const value = env['UV_THREADPOOL_SIZE']?.trim();
  if (!value) {
    env['UV_THREADPOOL_SIZE'] = DEFAULT_THREAD_POOL_SIZE;
    return undefined;
  }
  const size = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(size >= 1 && size <= MAX_THREAD_POOL_SIZE)) return `UV_THREADPOOL_SIZE: must be a whole number from 1 to ${MAX_THREAD_POOL_SIZE}`;
  env['UV_THREADPOOL_SIZE'] = value;
  return undefined;
}

module.exports = { DEFAULT_THREAD_POOL_SIZE, applyThreadPoolDefault };
