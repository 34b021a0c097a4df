#!/usr/bin/env -S node --enable-source-maps
import { isStartupProblem, loadDotEnv } from '../startup.ts';
import { runCli } from './run.ts';

// The bot's configuration: a `.env` in the working directory, under the variables the environment sets itself.
try {
  loadDotEnv();
} catch (error) {
  if (!isStartupProblem(error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
