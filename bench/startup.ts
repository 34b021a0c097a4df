import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../src/kb/load/index.ts';
import { startDiscordDouble } from '../test/double/index.ts';
import type { MeasureInput } from './measure.ts';
import { summarize, timeAsync } from './stats.ts';

/** Sizes of the start-up benchmark. */
export interface StartupConfig {
  /** Knowledge-base loads measured. */
  readonly loads: number;
  /** Process starts measured for each variant (after one warm-up start). */
  readonly starts: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const DATA_DIR = path.join(ROOT, 'data');
const READY = /"bot ready"/;
const START_TIMEOUT_MS = 30_000;

/**
 * Milliseconds from spawn to `until` appearing in the output (or to exit when `until` is absent). The process
 * is stopped with SIGTERM once seen, SIGKILL if it lingers; nothing outlives the call.
 */
function timeProcess(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd: string; until?: RegExp }): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let elapsed: number | undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.until && elapsed === undefined && options.until.test(output)) {
        elapsed = performance.now() - start;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      if (!options.until && code === 0) return resolve(performance.now() - start);
      if (elapsed !== undefined) return resolve(elapsed);
      reject(new Error(`${command} ${args.join(' ')} ended (code ${code}) before ${options.until ?? 'success'}:\n${output.slice(-2000)}`));
    });
  });
}

async function repeat(times: number, run: () => Promise<number>): Promise<number[]> {
  const samples: number[] = [];
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
 * with tsx's cache (as `npm start` runs after the first start) and without (every file transpiled); beside
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

    log('start-up: warm-up start (fills tsx’s cache)');
    await bot(botEnv);
    const node = await repeat(config.starts, () => timeProcess(process.execPath, ['-e', ''], { env: baseEnv, cwd }));
    const tsxEmpty = await repeat(config.starts, () => timeProcess(TSX, [empty], { env: baseEnv, cwd }));
    const ready = await repeat(config.starts, () => bot(botEnv));
    const cold = await repeat(config.starts, () => bot({ ...botEnv, TSX_DISABLE_CACHE: '1' }));
    log(`start-up: ready in ${summarize(ready).median.toFixed(0)} ms (tsx cache), ${summarize(cold).median.toFixed(0)} ms (no cache)`);

    const section = 'Start-up';
    return [
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
