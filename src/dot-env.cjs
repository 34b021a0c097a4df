// @ts-check
const { existsSync, readFileSync } = require('node:fs');

/**
 * Reads `path` (.env) into process.env when there is one; variables already in the environment win. Returns the
 * problem when it cannot be read: node's own errors say "ENOENT" for a file it may not read, and nothing clear for a
 * directory. CommonJS, for start.cjs, which reads it before libuv's pool starts; startup.ts uses the same.
 * @param {string} path
 * @returns {string | undefined}
 */
function readDotEnv(path) {
  if (!existsSync(path)) return undefined;
  try {
    readFileSync(path);
    process.loadEnvFile(path);
    return undefined;
  } catch (error) {
    return `${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

module.exports = { readDotEnv };
