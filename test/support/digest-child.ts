/**
 * Runs one server's digest in a process of its own, for crash tests that kill it at a chosen point:
 * `node_modules/.bin/tsx test/support/digest-child.ts` with
 * - DW_API_BASE, DW_TOKEN: the Discord double;
 * - DW_STORE: the SQLite file (settings and pool already in it);
 * - DW_GUILD: the server to run;
 * - DW_NOW: the run's clock (ISO), so the test can compose the same digest;
 * - DW_PAUSE_AT, DW_PAUSE_MS: pause that long (default 10 s) right after printing that line: the window in which
 *   the test kills the process.
 * Prints "post N" as its N-th post starts (the message is saved as attempted), "accepted N" once Discord accepted
 * it (nothing recorded yet), and "result {json}" at the end.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { REST } from 'discord.js';
import { restPoster, type DiscordPoster } from '../../src/digest/deliver.ts';
import { runGuildDigest } from '../../src/digest/run.ts';
import { createLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import { fixtureKb } from './kb-fixture.ts';

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`digest-child: ${name} is not set`);
  return value;
}

/** The real poster, announcing each post on stdout and pausing after the line `pauseAt`. */
function announcingPoster(poster: DiscordPoster, pauseAt: string | undefined, pauseMs: number): DiscordPoster {
  let posts = 0;
  const announce = async (line: string) => {
    process.stdout.write(`${line}\n`);
    if (line === pauseAt) await sleep(pauseMs);
  };
  return {
    async postMessage(channelId, body) {
      posts += 1;
      const n = posts;
      await announce(`post ${n}`);
      const accepted = await poster.postMessage(channelId, body);
      await announce(`accepted ${n}`);
      return accepted;
    },
    recentMessages: (channelId, limit) => poster.recentMessages(channelId, limit),
  };
}

const rest = new REST({ api: required('DW_API_BASE'), retries: 3, timeout: 2000 }).setToken(required('DW_TOKEN'));
const store = await openStore(`sqlite://${required('DW_STORE')}`);
const now = new Date(required('DW_NOW'));
try {
  const result = await runGuildDigest(
    {
      kb: fixtureKb(),
      store,
      poster: announcingPoster(restPoster(rest), process.env['DW_PAUSE_AT'], Number(process.env['DW_PAUSE_MS'] ?? '10000')),
      log: createLogger({ level: 'warn' }),
      now: () => now,
    },
    required('DW_GUILD'),
    { reason: 'crash-test' },
  );
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
} finally {
  rest.clearHashSweeper();
  rest.clearHandlerSweeper();
  await store.close();
}
