// @ts-check
/**
 * The bot's entry point for `npm start` and the systemd unit. CommonJS, because node reads it without libuv's thread
 * pool: its size can still be set here (thread-pool.cjs), before main.js and its modules are read. `.env` is read
 * first (main.js reads it again, to no effect), so that UV_THREADPOOL_SIZE can be set there like any other setting.
 */
const { existsSync, readFileSync } = require('node:fs');

/** @param {string} problem */
function cannotStart(problem) {
  process.stderr.write(`Decoupling Watch cannot start.\n${problem}\n`);
  process.exit(1);
}

// As loadDotEnv (startup.ts) reports it: readFileSync first, for an error that says why.
if (existsSync('.env')) {
  try {
    readFileSync('.env');
    process.loadEnvFile('.env');
  } catch (error) {
    cannotStart(`Configuration problems:\n  - .env: cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
}
const threadPoolProblem = require('./thread-pool.cjs').applyThreadPoolDefault(process.env);
if (threadPoolProblem !== undefined) cannotStart(threadPoolProblem);
import('./main.js').catch((/** @type {unknown} */ error) => {
  process.stderr.write(`Decoupling Watch could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
