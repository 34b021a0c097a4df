// @ts-check
/**
 * The bot's entry point for `npm start` and the systemd unit. CommonJS, because node reads it without libuv's thread
 * pool: its size can still be set here (thread-pool.cjs), before main.js and its modules are read. `.env` is read
 * first (main.js reads it again, to no effect), so that UV_THREADPOOL_SIZE can be set there like any other setting.
 */
/** @param {string} problem */
function cannotStart(problem) {
  process.stderr.write(`Decoupling Watch cannot start.\n${problem}\n`);
  process.exit(1);
}

// Worded as loadDotEnv's ConfigError (startup.ts), which reads it the same way.
const dotEnvProblem = require('./dot-env.cjs').readDotEnv('.env');
if (dotEnvProblem !== undefined) cannotStart(`Configuration problems:\n  - ${dotEnvProblem}`);
const threadPoolProblem = require('./thread-pool.cjs').applyThreadPoolDefault(process.env);
if (threadPoolProblem !== undefined) cannotStart(threadPoolProblem);
import('./main.js').catch((/** @type {unknown} */ error) => {
  process.stderr.write(`Decoupling Watch could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
