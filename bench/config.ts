import type { CommandsConfig } from './commands.ts';
import type { FeedStatesConfig } from './feed-states.ts';
import type { PipelineConfig } from './pipeline.ts';
import type { ResponsiveConfig } from './responsive.ts';
import type { StartupConfig } from './startup.ts';

/** Every size of the benchmark. `--quick` runs the same code paths with less of everything. */
export interface BenchConfig {
  readonly mode: 'full' | 'quick';
  readonly pipeline: PipelineConfig;
  readonly feedStates: FeedStatesConfig;
  readonly responsive: ResponsiveConfig;
  readonly commands: CommandsConfig;
  readonly startup: StartupConfig;
  /** The whole benchmark gives up (exit 1) past this. */
  readonly deadlineMs: number;
}

/**
 * Feeds fetched at once. collectFeeds defaults to 4, which would make 200 feeds at 50 ms each take 2.5 s of
 * waiting alone; the bot's scheduled runs must pass a higher value for these targets to be reachable.
 */
const CONCURRENCY = 50;
const DELAY_MS = 50;

export const FULL: BenchConfig = {
  mode: 'full',
  pipeline: { feeds: 200, itemsPerFeed: 50, runs: 3, delayMs: DELAY_MS, concurrency: CONCURRENCY },
  feedStates: { feeds: 2_000, runs: 7 },
  responsive: {
    feeds: 50, itemsPerFeed: 50, hugeBytes: 20_000_000, pathologicalBytes: 100_000, runs: 3,
    delayMs: DELAY_MS, concurrency: CONCURRENCY, intervalMs: 25,
  },
  commands: { calls: 10_000, budgetMs: 8_000, interactions: 1_000 },
  // 10 s: V8's memory reducer shrinks the heap about 8 s after start-up; at 3 s the bot still holds 3-4 MB of it.
  startup: { loads: 20, starts: 5, idleSettleMs: 10_000 },
  deadlineMs: 20 * 60_000,
};

export const QUICK: BenchConfig = {
  mode: 'quick',
  pipeline: { feeds: 30, itemsPerFeed: 50, runs: 1, delayMs: DELAY_MS, concurrency: CONCURRENCY },
  feedStates: { feeds: 200, runs: 3 },
  responsive: {
    feeds: 10, itemsPerFeed: 50, hugeBytes: 5_000_000, pathologicalBytes: 100_000, runs: 1,
    delayMs: DELAY_MS, concurrency: CONCURRENCY, intervalMs: 25,
  },
  commands: { calls: 1_000, budgetMs: 400, interactions: 100 },
  startup: { loads: 3, starts: 1, idleSettleMs: 1_000 },
  // The start-up section builds a copy of the project first: tens of seconds on a loaded machine. About 110 s
  // beside another suite on 2 CPUs, past 150 s pinned to one CPU beside it (each digest starts its collection
  // thread from source there): the deadline catches a hang, not a slow machine.
  deadlineMs: 240_000,
};
