import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useScratch } from './support/scratch.ts';
import { hasRedis } from './support/redis-server.ts';

/**
 * Keeps `npm run bench -- --quick` working: it must run to the end, print its table and write every measure.
 * Timings are not asserted (they depend on the machine); the benchmark reports pass/miss itself.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every measure the brief asks for, by id. */
const EXPECTED_IDS = [
  'pipeline.vs-naive',
  'pipeline.vs-parse-floor',
  'pipeline.not-modified',
  'pipeline.peak-rss',
  'pipeline.peak-rss-unit',
  'pipeline.claims',
  'responsive.event-loop-max',
  'responsive.interactions-p99',
  ...['answerRetreats', 'answerCompany', 'answerDimension', 'answerBalance', 'answerAbout'].flatMap((name) => [
    `commands.${name}.real`,
    `commands.${name}.large`,
  ]),
  'commands.suggestCompanyChoices.real',
  'commands.suggestDimensionChoices.real',
  'commands.end-to-end',
  'startup.kb-load',
  'startup.ready',
  'startup.tsx-empty',
  'startup.transpile',
  'startup.compiled-ready',
  'startup.idle-rss',
  // Without redis-server (CI says so loudly), the bench skips the shards and keeps the rest.
  ...(hasRedis ? ['shards.time', 'shards.redis-per-server', 'shards.fetches-per-feed'] : []),
];

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runQuickBench(out: string): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'bench', '--', '--quick', '--out', out], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Past the quick bench's own deadline (240 s), which ends it with a reason first.
    const killer = setTimeout(() => child.kill('SIGKILL'), 250_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface ResultsFile {
  machine: Record<string, unknown>;
  measures: {
    id: string;
    value: number;
    baselineValue: number;
    ratio: number;
    summary: { n: number; median: number; p50: number; p99: number; min: number; max: number; iqr: number };
    baseline: { name: string };
    targetText: string;
    pass: boolean | null;
    miss?: string;
  }[];
}

const scratch = useScratch('dw-bench-test-');
let run: Finished;
let results: ResultsFile;

beforeAll(async () => {
  run = await runQuickBench(scratch.file('results.json'));
  results = JSON.parse(await readFile(scratch.file('results.json'), 'utf8').catch(() => '{}')) as ResultsFile;
}, 600_000);

describe('npm run bench -- --quick', () => {
  it('runs to the end and exits 0', () => {
    expect(run.stderr).not.toMatch(/\[bench\] failed/);
    expect(run.code).toBe(0);
  });

  it('prints the results table with every section and the verdict line', () => {
    expect(run.stdout).toMatch(/Measure\s+Value\s+Spread\s+Baseline/);
    for (const section of ['[Digest pipeline]', '[Commands]', '[Responsiveness during a digest]', '[Start-up]']) {
      expect(run.stdout).toContain(section);
    }
    expect(run.stdout).toMatch(/\d+ passed, \d+ missed, \d+ for information\./);
  });

  it('writes the machine it ran on', () => {
    expect(results.machine).toMatchObject({ cpu: expect.any(String), cores: expect.any(Number), memoryGb: expect.any(Number), node: process.version, date: expect.any(String) });
  });

  it('writes every measure, each with its figures, its baseline and a verdict', () => {
    const ids = (results.measures ?? []).map((measure) => measure.id);
    expect(ids).toEqual(expect.arrayContaining(EXPECTED_IDS));
    for (const measure of results.measures) {
      expect(measure.summary.n, measure.id).toBeGreaterThan(0);
      for (const figure of [measure.value, measure.baselineValue, measure.ratio, measure.summary.median, measure.summary.p99, measure.summary.iqr]) {
        expect(Number.isFinite(figure), measure.id).toBe(true);
      }
      expect(measure.baseline.name, measure.id).not.toBe('');
      expect(measure.targetText, measure.id).not.toBe('');
      expect([true, false, null], measure.id).toContain(measure.pass);
      if (measure.pass === false) expect(measure.miss, measure.id).toMatch(/\d/);
    }
  });
});
