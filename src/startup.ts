import { createRequire } from 'node:module';
import { ConfigError } from './config.ts';
import { KnowledgeBaseError } from './kb/load/index.ts';
import { StoreError } from './store/index.ts';

const { readDotEnv } = createRequire(import.meta.url)('./dot-env.cjs') as { readDotEnv(path: string): string | undefined };

/** Reads .env when there is one; variables already in the environment win. One that cannot be read is a ConfigError saying why. */
export function loadDotEnv(path = '.env'): void {
  const problem = readDotEnv(path);
  if (problem !== undefined) throw new ConfigError([problem]);
}

/** Problems a user can fix (configuration, data files): reported plainly, exit code 1, no stack trace. */
export function isStartupProblem(error: unknown): error is ConfigError | KnowledgeBaseError | StoreError {
  return error instanceof ConfigError || error instanceof KnowledgeBaseError || error instanceof StoreError;
}

export function exitWithStartupProblem(what: string, error: unknown): never {
  process.stderr.write(`${what} cannot start.\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

