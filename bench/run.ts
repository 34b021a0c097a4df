import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { closeParsePool } from '../src/feeds/parse/parse.ts';
import { buildKnowledgeBase } from '../src/kb/build.ts';
import { loadKnowledgeBase } from '../src/kb/load/index.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { scaleData } from '../test/support/kb-fixture.ts';
import { startBenchBot } from './bot.ts';
import { benchHandlers, benchInteractions } from './commands.ts';
import { FULL, QUICK, type BenchConfig } from './config.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { evaluate, type MeasureInput } from './measure.ts';
import { benchFeedStates } from './feed-states.ts';
import { benchPipeline } from './pipeline.ts';
import { benchResponsivenessApart } from './responsive.ts';
import { benchShards, SHARDS_FULL, SHARDS_QUICK } from './shards.ts';
import { hasRedis } from '../test/support/redis-server.ts';
import { benchStartup } from './startup.ts';
import { formatTable } from './table.ts';

/**
 * `npm run bench [-- --quick] [-- --out FILE]`: every measure beside a baseline measured in the same run,
 * a table on stdout, the figures in bench/results.json. Progress goes to stderr. Exits 0 whether targets
 * pass or miss; 1 only when the benchmark itself fails or overruns its deadline.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** The 100× knowledge base, built from the real data (as loaded and validated) with the fixture's scaler. */
function scaleKnowledgeBase(kb: KnowledgeBase, factor: number): KnowledgeBase {
  const data = {
    sources: [...kb.sources.values()],
    companies: [...kb.companies.values()],
    events: [...kb.events],
    dimensions: [...kb.dimensions],
    balance: kb.balance,
    feeds: [...kb.feeds],
    meta: kb.meta,
  };
  return buildKnowledgeBase(scaleData(data, factor));
}

/** The sections of the benchmark, in the order they run; `--only a,b` runs some of them (while working on one). */
const SECTIONS = ['pipeline', 'commands', 'responsive', 'startup', 'shards'] as const;
type Section = (typeof SECTIONS)[number];

function sectionsOf(only: string | undefined): ReadonlySet<Section> {
  if (only === undefined) return new Set(SECTIONS);
  const asked = only.split(',').map((name) => name.trim());
  const unknown = asked.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return new Set(asked as Section[]);
}

async function measureAll(config: BenchConfig, sections: ReadonlySet<Section>): Promise<{ measures: MeasureInput[]; facts: Record<string, unknown> }> {
  const kb = await loadKnowledgeBase(path.join(ROOT, 'data'));
  const measures: MeasureInput[] = [];
  const facts: Record<string, unknown> = {};

  // The digest itself runs in a process of its own (see pipeline.ts); the harness's RSS does not count.
  if (sections.has('pipeline')) {
    const pipeline = await benchPipeline(config.pipeline, log);
    measures.push(...pipeline.measures);
    facts['pipeline'] = pipeline.facts;
    measures.push(...(await benchFeedStates(config.feedStates, log)));
  }

  if (sections.has('commands')) {
    const large = scaleKnowledgeBase(kb, 100);
    facts['largeKnowledgeBase'] = { factor: 100, companies: large.companies.size, events: large.events.length, dimensions: large.dimensions.length };
    measures.push(...benchHandlers(kb, large, config.commands, log));
  }

  if (sections.has('commands')) {
    const bot = await startBenchBot(kb);
    try {
      measures.push(...(await benchInteractions(bot, config.commands, log)));
    } finally {
      await bot.close();
    }
  }
  if (sections.has('responsive')) {
    const responsive = await benchResponsivenessApart(ROOT, config.responsive, config.deadlineMs);
    measures.push(...responsive.measures);
    facts['responsiveness'] = responsive.facts;
  }
  await closeParsePool();

  if (sections.has('startup')) measures.push(...(await benchStartup(config.startup, log)));
  // Without redis-server the other sections' figures are kept; the log and results.json say the shards were not run.
  if (sections.has('shards') && !hasRedis) {
    log('shards: SKIPPED, redis-server is not installed (Debian/Ubuntu: apt-get install redis-server)');
    facts['shards'] = { skipped: 'redis-server is not installed' };
  } else if (sections.has('shards')) {
    const shards = await benchShards(config.mode === 'quick' ? SHARDS_QUICK : SHARDS_FULL, log);
    measures.push(...shards.measures);
    facts['shards'] = shards.facts;
  }
  return { measures, facts };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } } });
  const sections = sectionsOf(values.only);
  const config = values.quick ? QUICK : FULL;
  const out = path.resolve(values.out ?? path.join(ROOT, 'bench', 'results.json'));
  const deadline = setTimeout(() => {
    log(`gave up: the ${config.mode} benchmark ran past ${config.deadlineMs / 1000} s`);
    process.exit(1);
  }, config.deadlineMs);
  deadline.unref();

  const machine = describeMachine();
  log(`${config.mode} run on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const { measures, facts } = await measureAll(config, sections);
  const evaluated = measures.map(evaluate);
  const endLoad = loadAverage();
  process.stdout.write(`${formatTable(evaluated, machine, config.mode, endLoad)}\n`);
  await mkdir(path.dirname(out), { recursive: true });
  const { deadlineMs: _deadline, ...sizes } = config;
  await writeFile(out, `${JSON.stringify({ machine: { ...machine, loadAverageAtEnd: endLoad }, config: sizes, measures: evaluated, facts }, null, 2)}\n`);
  log(`results written to ${path.relative(process.cwd(), out) || out}`);
}

main().then(
  // Sockets, timers or the store's driver may keep the loop alive a moment; the results are written.
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
