import { commands } from '../commands/index.ts';
import { parseConfig, requireClientId, requireToken } from './config.ts';
import { deployCommands } from './discord/deploy.ts';
import { exitWithStartupProblem, isStartupProblem, loadDotEnv } from './startup.ts';

async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const result = await deployCommands({
    token: requireToken(config),
    clientId: requireClientId(config),
    guildId: config.discordGuildId,
    apiBase: config.discordApiBase,
    commands,
  });
  const where = result.scope === 'guild' ? `in guild ${config.discordGuildId}` : 'globally (may take up to an hour to show everywhere)';
  process.stdout.write(`Registered ${result.count} commands ${where}.\n`);
}

main().catch((error: unknown) => {
  if (isStartupProblem(error)) exitWithStartupProblem('Deploy', error);
  process.stderr.write(`Deploy failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
