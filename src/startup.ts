import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from './config.ts';
import { KnowledgeBaseError } from './kb/load/index.ts';
import { StoreError } from './store/index.ts';

/**
 * Reads .env when there is one; variables already in the environment win. One that cannot be read is a ConfigError
 * saying why: node's own errors say "ENOENT" for a file it may not read, and nothing clear for a directory.
 */
export function loadDotEnv(path = '.env'): void {
  if (!existsSync(path)) return;
  try {
    readFileSync(path);
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError([`${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`]);
  }
}

/** Problems a user can fix (configuration, data files): reported plainly, exit code 1, no stack trace. */
export function isStartupProblem(error: unknown): error is ConfigError | KnowledgeBaseError | StoreError {
  return error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof StoreError;
}

export function exitWithStartupProblem(what: string, error: unknown): never {
  process.stderr.write(`${what} cannot start.\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

