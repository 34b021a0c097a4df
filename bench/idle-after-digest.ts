import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DiscordDouble } from '../test/double/index.ts';
import { botHome } from '../test/support/bot-process.ts';
import { startFeedServer } from '../test/support/feed-server.ts';
import { buildCorpus } from './feed-corpus.ts';

/** The compiled bot's resident memory at idle, before and after a `/digest now` (workers gone). */
export interface IdleAfterDigest {
  readonly beforeMb: number;
  readonly afterMb: number;
  /** The digest's wall time, command to answer. */
  readonly digestMs: number;
}

const FEEDS = 40;
const ITEMS = 50;
const ADMIN = '32';
const TIMEOUT_MS = 120_000;
const POLL_MS = 200;

const status = (pid: number) => readFile(`/proc/${pid}/status`, 'utf8');
const field = (text: string, name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`idle after a digest: gave up waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/**
 * Starts the compiled bot (`node ...args` in `app`) against the double with FEEDS local feeds of ITEMS items (the
 * bench's corpus), reads its RSS `settleMs` after "bot ready", then runs `/digest now` (a first read of every feed:
 * fetched, parsed, identified and tagged in the workers, recorded in the store; nothing is posted, as a new feed
 * seeds; a second read with new items would wait out /digest now's one-minute refetch spacing) and waits until the bot is back to its thread count at idle, i.e. the
 * parse workers have ended (piscina: minThreads 0, idle timeout), then `settleMs` more, and reads the RSS again.
 */
export async function idleAfterDigest(double: DiscordDouble, app: string, args: readonly string[], home: string, settleMs: number): Promise<IdleAfterDigest> {
  const server = await startFeedServer();
  const corpus = buildCorpus({ feeds: FEEDS, itemsPerFeed: ITEMS });
  for (const feed of corpus) {
    server.route(feed.path, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' });
      response.end(feed.body);
    });
  }
  const feeds = corpus.map((feed) => ({ label: feed.label, url: server.url(feed.path) }));
  const where = await botHome(path.join(home, 'digest-home'), double, feeds, { LOG_LEVEL: 'info' });
  const child = spawn(process.execPath, args, { cwd: app, env: where.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once('close', resolve));
  const pid = child.pid ?? 0;
  try {
    await until(() => /"bot ready"/.test(output), '"bot ready"');
    await sleep(settleMs);
    const idle = await status(pid);
    const threads = field(idle, 'Threads');
    const started = performance.now();
    const digest = double.dispatchInteraction(double.chatInput({ name: 'digest', subcommand: 'now', permissions: ADMIN }), { ackWindowMs: TIMEOUT_MS });
    await double.waitFor(() => (digest.record.edits.length > 0 ? digest.original() : digest.record.followUps[0]), { timeoutMs: TIMEOUT_MS, what: 'the answer to /digest now' });
    const digestMs = performance.now() - started;
    if (!new RegExp(`"feeds collected","feeds":${FEEDS},"failed":0`).test(output)) throw new Error(`idle after a digest: not every feed was read:\n${output.slice(-2000)}`);
    await until(async () => field(await status(pid), 'Threads') <= threads, `the bot back to its ${threads} threads at idle (parse workers ended)`);
    await sleep(settleMs);
    return { beforeMb: field(idle, 'VmRSS') / 1024, afterMb: field(await status(pid), 'VmRSS') / 1024, digestMs };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    await server.close();
  }
}
