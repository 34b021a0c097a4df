import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { loadKnowledgeBase } from '../kb/load/index.ts';
import { createLogger } from '../log.ts';
import { createShutdown } from '../shutdown.ts';
import { playgroundSettings } from './options.ts';
import { startPlayground } from './start.ts';

const TO_DISCORD = [
  'To run it in Discord instead: create an application in the Discord Developer Portal, put its DISCORD_TOKEN and',
  'DISCORD_CLIENT_ID in .env (copy .env.example), run `npm run deploy` once, then `npm start` (README: "Connect to Discord").',
];

/**
 * Runs the playground as the process's main job until SIGINT/SIGTERM: `npm run playground`, or `npm start` when
 * no DISCORD_TOKEN is set (`withoutToken`, which says so).
 */
export async function runPlayground(config: Config, { withoutToken }: { readonly withoutToken: boolean }): Promise<void> {
  const settings = playgroundSettings(process.env, process.argv.slice(2));
  const log = createLogger({ level: config.logLevel });
  const shutdown = createShutdown({ log, deadlineMs: config.shutdownTimeoutMs, exit: (code) => process.exit(code) });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => shutdown.request(signal));

  const kb = await loadKnowledgeBase(config.dataDir);
  const playground = await startPlayground({ config, kb, commands, log, port: settings.port, demo: settings.demo });
  shutdown.add('playground', (deadline) => playground.stop(deadline));
  shutdown.started();
  const lines = [
    '',
    `Decoupling Watch playground: open ${playground.url}`,
    withoutToken ? 'DISCORD_TOKEN is not set, so the bot answers in this local page, which acts as a Discord channel.' : 'The bot answers in this local page, which acts as a Discord channel.',
    settings.demo ? 'Demo mode: the digest reads the bundled sample feed only (no network needed).' : 'The digest reads the default feeds (start with --demo or PLAYGROUND_DEMO=true for the bundled sample feed).',
    ...TO_DISCORD,
    'Stop it with Ctrl+C.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
