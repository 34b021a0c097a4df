/**
 * The responsiveness section in a process of its own, started by `benchResponsivenessApart` with the V8 flags of
 * `npm start`: the stalls it measures are garbage-collection pauses as much as the bot's own work, and those depend
 * on the flags (a 16 MB young generation, the default, scavenges for 20–30 ms at a time; npm start's 1 MB one does
 * not). The bot runs from the sources through tsx, as in the rest of the bench process.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeParsePool } from '../src/feeds/parse/parse.ts';
import { loadKnowledgeBase } from '../src/kb/load/index.ts';
import { startBenchBot } from './bot.ts';
import { serveParent } from './child.ts';
import { benchResponsiveness, type ResponsiveCommand } from './responsive.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

serveParent<ResponsiveCommand>(async (command) => {
  if (command.kind === 'close') return {};
  const kb = await loadKnowledgeBase(path.join(ROOT, 'data'));
  const bot = await startBenchBot(kb);
  try {
    return { ...(await benchResponsiveness(kb, bot, command.config, (line) => process.stderr.write(`[bench] ${line}\n`))) };
  } finally {
    await bot.close();
    await closeParsePool();
  }
});
