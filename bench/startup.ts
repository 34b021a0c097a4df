import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/kb/load/index.ts';
import { startDiscordDouble } from '../test/double/index.ts';
import { nodeArgs } from '../test/support/bot-process.ts';
import { buildCopy, startArguments } from '../test/support/compiled-build.ts';
import { idleAfterDigest } from './idle-after-digest.ts';
import type { MeasureInput } from './measure.ts';
import { summarize, timeAsync } from './stats.ts';

/** Sizes of the start-up benchmark. */
export interface StartupConfig {
  /** Knowledge-base loads measured. */
  readonly loads: number;
  /** Process starts measured for each variant (after one warm-up start). */
  readonly starts: number;
  /** How long after "bot ready" the idle bot's RSS is read. */
  readonly idleSettleMs: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DATA_DIR = path.join(ROOT, 'data');
const READY = /"bot ready"/;
const START_TIMEOUT_MS = 30_000;
const BUILD_TIMEOUT_MS = 300_000;

/** The resident set of process `pid` now, in MB (Linux: /proc). */
async function processRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

interface Timed {
  readonly ms: number;
  /** The process's RSS `rssAfterMs` after `until` appeared, when asked for. */
  readonly rssMb?: number;
}

/**
 * Milliseconds from spawn to `until` appearing in the output (or to exit when `until` is absent), and with
 * `rssAfterMs` the process's RSS that long after. The process is stopped with SIGTERM once measured, SIGKILL if
 * it lingers; nothing outlives the call.
 */
function runProcess(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; until?: RegExp; rssAfterMs?: number }): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let elapsed: number | undefined;
    let rssMb: number | undefined;
    let failure: unknown;
    const killer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS + (options.rssAfterMs ?? 0));
    const stop = () => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.until && elapsed === undefined && options.until.test(output)) {
        elapsed = performance.now() - start;
        if (options.rssAfterMs === undefined) return stop();
        setTimeout(() => {
          processRssMb(child.pid ?? 0).then((mb) => (rssMb = mb), (error: unknown) => (failure = error)).finally(stop);
        }, options.rssAfterMs);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      if (failure !== undefined) return reject(failure);
      if (!options.until && code === 0) return resolve({ ms: performance.now() - start });
      if (elapsed !== undefined && (options.rssAfterMs === undefined || rssMb !== undefined)) return resolve(rssMb === undefined ? { ms: elapsed } : { ms: elapsed, rssMb });
      reject(new Error(`${command} ${args.join(' ')} ended (code ${code}) before ${options.until ?? 'success'}:\n${output.slice(-2000)}`));
    });
  });
}

/** Milliseconds from spawn to `until` (or to a successful exit). */
const timeProcess = async (command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; until?: RegExp }) =>
  (await runProcess(command, args, options)).ms;

async function repeat<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const samples: T[] = [];
  for (let i = 0; i < times; i++) samples.push(await run());
  return samples;
}

/** The six data files read and parsed, without validation: the floor of loading the knowledge base. */
async function readDataFiles(): Promise<void> {
  for (const name of ['sources', 'companies', 'events', 'dimensions', 'balance', 'feeds']) {
    JSON.parse(await readFile(path.join(DATA_DIR, `${name}.json`), 'utf8'));
  }
}

/**
 * Measure 4: knowledge-base load and validation; time from process start to "bot ready" against a local double,
 * compiled (`npm start`: node on what `npm run build` wrote, here in a copy of the project) and through tsx, with
 * its cache and without (every file transpiled); the idle bot's RSS, compiled and through tsx; beside
 * `node -e ''`, tsx on an empty file and the bare reading of the data files, all measured in this run.
 */
export async function benchStartup(config: StartupConfig, log: (line: string) => void): Promise<MeasureInput[]> {
  await loadKnowledgeBase(DATA_DIR);
  await readDataFiles();
  const loads = await repeat(config.loads, () => timeAsync(() => loadKnowledgeBase(DATA_DIR)));
  const reads = await repeat(config.loads, () => timeAsync(readDataFiles));

  const discord = await startDiscordDouble();
  const cwd = await mkdtemp(path.join(tmpdir(), 'dw-bench-start-'));
  try {
    const empty = path.join(cwd, 'empty.ts');
    await writeFile(empty, '');
    const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const botEnv = {
      ...baseEnv,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE: discord.apiBase,
      DATA_DIR,
      LOG_LEVEL: 'info',
      STORE_URL: `sqlite://${path.join(cwd, 'store.sqlite')}`,
    };
    const main = path.join(ROOT, 'src', 'main.ts');
    const bot = (env: NodeJS.ProcessEnv) => timeProcess(TSX, [main], { env, cwd, until: READY });

    log('start-up: building a copy of the project (npm run build)');
    const app = await buildCopy(path.join(cwd, 'app'), BUILD_TIMEOUT_MS);
    const compiledArgs = await startArguments(app);
    const idle = { env: botEnv, until: READY, rssAfterMs: config.idleSettleMs };
    // Both one node process, the bot itself: the compiled build as `npm start` runs it, the sources as it used to.
    const compiled = () => runProcess(process.execPath, compiledArgs, { ...idle, cwd: app });
    const sources = () => runProcess(process.execPath, nodeArgs(main), { ...idle, cwd });

    log('start-up: warm-up start (fills tsx’s cache)');
    await bot(botEnv);
    const node = await repeat(config.starts, () => timeProcess(process.execPath, ['-e', ''], { env: baseEnv, cwd }));
    const tsxEmpty = await repeat(config.starts, () => timeProcess(TSX, [empty], { env: baseEnv, cwd }));
    const ready = await repeat(config.starts, () => bot(botEnv));
    const cold = await repeat(config.starts, () => bot({ ...botEnv, TSX_DISABLE_CACHE: '1' }));
    log(`start-up: ready in ${summarize(ready).median.toFixed(0)} ms (tsx cache), ${summarize(cold).median.toFixed(0)} ms (no cache)`);
    await compiled();
    const compiledRuns = await repeat(config.starts, compiled);
    const sourceRuns = await repeat(config.starts, sources);
    const compiledReady = compiledRuns.map((run) => run.ms);
    const idleRss = (runs: readonly Timed[]) => runs.map((run) => run.rssMb ?? Number.NaN);
    log(`start-up: compiled, ready in ${summarize(compiledReady).median.toFixed(0)} ms, ${summarize(idleRss(compiledRuns)).median.toFixed(0)} MB at idle`);
    const digestRuns = await repeat(config.starts, async () => idleAfterDigest(discord, app, compiledArgs, await mkdtemp(path.join(cwd, 'digest-')), config.idleSettleMs));
    const afterDigest = summarize(digestRuns.map((run) => run.afterMb));
    log(`start-up: compiled, ${afterDigest.median.toFixed(0)} MB at idle after a digest (${summarize(digestRuns.map((run) => run.digestMs)).median.toFixed(0)} ms)`);

    const section = 'Start-up';
    return [
      {
        id: 'startup.compiled-ready', section, name: 'Process start → "bot ready", compiled (node on dist/, as npm start runs it; double)', unit: 'ms', statistic: 'median',
        summary: summarize(compiledReady), baseline: { name: "node -e ''", summary: summarize(node) },
        target: { kind: 'below', limit: 1000, orEqual: true },
        note: "The ratio column is the start-up cost over node's own; the tsx start below is what npm start ran before the build.",
      },
      {
        id: 'startup.idle-rss', section, name: `Bot process RSS at idle, ${config.idleSettleMs / 1000} s after "bot ready", compiled`, unit: 'MB', statistic: 'median',
        summary: summarize(idleRss(compiledRuns)), baseline: { name: 'node --import tsx src/main.ts, same wait', summary: summarize(idleRss(sourceRuns)) },
        target: { kind: 'below', limit: 90, orEqual: true },
        note: 'One process, the bot itself (npm, when it starts the bot, is another ~60 MB process beside it).',
      },
      {
        id: 'startup.idle-rss-after-digest', section, name: `Bot process RSS at idle after /digest now (40 feeds × 50 items, first read), parse workers gone, then ${config.idleSettleMs / 1000} s, compiled`, unit: 'MB', statistic: 'median',
        summary: afterDigest, baseline: { name: 'same processes before the digest', summary: summarize(digestRuns.map((run) => run.beforeMb)) },
        target: { kind: 'below', limit: 90, orEqual: true },
        note: 'Workers gone: the bot is back to its thread count before the digest (piscina: minThreads 0, idle timeout).',
      },
      {
        id: 'startup.kb-load', section, name: 'Knowledge base: read, validate, cross-check, index', unit: 'ms', statistic: 'median',
        summary: summarize(loads), baseline: { name: 'read + JSON.parse only', summary: summarize(reads) },
      },
      {
        id: 'startup.ready', section, name: 'Process start → "bot ready" (tsx src/main.ts, double)', unit: 'ms', statistic: 'median',
        summary: summarize(ready), baseline: { name: 'tsx on an empty file', summary: summarize(tsxEmpty) },
      },
      {
        id: 'startup.tsx-empty', section, name: 'tsx on an empty file', unit: 'ms', statistic: 'median',
        summary: summarize(tsxEmpty), baseline: { name: "node -e ''", summary: summarize(node) },
        note: "tsx's own start-up: its CLI, then node with the loader hooks.",
      },
      {
        id: 'startup.transpile', section, name: 'Process start → "bot ready", tsx cache off (every file transpiled)', unit: 'ms', statistic: 'median',
        summary: summarize(cold), baseline: { name: 'same with the cache', summary: summarize(ready) },
        note: 'The difference is the transpile cost; tsx caches transpiled files, so only the first start after a change pays it.',
      },
    ];
  } finally {
    await discord.close();
    await rm(cwd, { recursive: true, force: true });
  }
}
