import { parseConfig } from '../config.ts';
import { exitWithStartupProblem, isStartupProblem, loadDotEnv } from '../startup.ts';
import { runPlayground } from './run.ts';

/** `npm run playground`: the playground, whether or not a token is set. */
async function main(): Promise<void> {
  loadDotEnv();
  await runPlayground(parseConfig(process.env), { withoutToken: false });
}

main().catch((error: unknown) => {
  if (isStartupProblem(error)) exitWithStartupProblem('The Decoupling Watch playground', error);
  process.stderr.write(`The Decoupling Watch playground stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
