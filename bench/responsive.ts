import { createRequire } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { TrackedFeed } from '../src/digest/collect/types.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { startArguments } from '../test/support/compiled-build.ts';
import type { BenchBot } from './bot.ts';
import { forkHelper } from './child.ts';
import { benchCollectOptions, openScratchStore, runDigest, type DigestRun } from './digest.ts';
import type { InteractionSpec, LatencyReport } from './discord-host.ts';
import { startFeedHost } from './feeds-server.ts';
import type { MeasureInput } from './measure.ts';
import { summarize } from './stats.ts';

/** Sizes of the responsiveness benchmark. */
export interface ResponsiveConfig {
  readonly feeds: number;
  readonly itemsPerFeed: number;
  readonly hugeBytes: number;
  readonly pathologicalBytes: number;
  readonly runs: number;
  readonly delayMs: number;
  readonly concurrency: number;
  /** One interaction dispatched every this many ms during each window. */
  readonly intervalMs: number;
}

/** What the responsiveness child (responsive-child.ts) is asked. */
export type ResponsiveCommand = { kind: 'run'; config: ResponsiveConfig } | { kind: 'close' };

const CHILD = fileURLToPath(new URL('./responsive-child.ts', import.meta.url));
const startDefaults = createRequire(import.meta.url)('../src/thread-pool.cjs') as { applyThreadPoolDefault(env: NodeJS.ProcessEnv): string | undefined };

/**
 * `benchResponsiveness` in a process of its own, with the V8 flags `npm start` gives node and the thread pool its
 * entry (src/start.cjs) gives libuv (the bot's own process is measured as it runs), on this process's loader (tsx).
 */
export async function benchResponsivenessApart(root: string, config: ResponsiveConfig, timeoutMs: number): Promise<{ measures: MeasureInput[]; facts: ResponsiveFacts }> {
  const flags = (await startArguments(root)).slice(0, -1);
  const env = { ...process.env };
  startDefaults.applyThreadPoolDefault(env);
  const child = forkHelper<ResponsiveCommand>(CHILD, { execArgv: [...process.execArgv, ...flags], env });
  try {
    const answer = await child.call({ kind: 'run', config }, timeoutMs);
    return { measures: answer['measures'] as MeasureInput[], facts: answer['facts'] as ResponsiveFacts };
  } finally {
    await child.close();
  }
}

/** What the digests did with the hostile feeds, and interactions Discord would have shown as failed. */
export interface ResponsiveFacts {
  readonly hostileFeeds: { label: string; status: string; items: number; error?: string }[];
  readonly digestMs: number[];
  readonly interactions: number;
  readonly unanswered: number;
}

/** Histogram resolution (ms): within the 1–5 ms the brief allows; finer sampling costs the loop itself. */
const RESOLUTION_MS = 2;
/** An interaction left unanswered past Discord's 3-second window counts as 3 s (a lower bound: it failed). */
const UNANSWERED_MS = 3_000;
/** /about and /company, in English and French. */
const PLAN: InteractionSpec[] = [
  { kind: 'command', name: 'about' },
  { kind: 'command', name: 'company', options: { name: 'aws' }, locale: 'fr' },
  { kind: 'command', name: 'about', locale: 'fr' },
  { kind: 'command', name: 'company', options: { name: 'microsoft' } },
];
/** The digest raises the fetcher's byte cap (FEED_MAX_BYTES) so the 20 MB feed is read, not refused at 5 MB. */
const MAX_BYTES = 32 * 1024 * 1024;

interface Window {
  readonly maxDelayMs: number;
  readonly latency: LatencyReport;
}

/** Runs `work` while interactions stream through the double and the event-loop delay is recorded. */
async function observe<T>(bot: BenchBot, intervalMs: number, work: () => Promise<T>): Promise<{ result: T; window: Window }> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  await bot.startStream(PLAN, intervalMs);
  let result: T;
  try {
    result = await work();
  } finally {
    histogram.disable();
  }
  const latency = await bot.stopStream();
  return { result, window: { maxDelayMs: histogram.max / 1e6, latency } };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the digest's leftovers (sockets closing, the store's file removed) finish before the idle window. */
const settle = () => pause(300);

function samplesOf(latency: LatencyReport): number[] {
  return [...latency.samples, ...Array.from({ length: latency.unanswered }, () => UNANSWERED_MS)];
}

const HOSTILE = new Set(['Huge feed', 'Pathological feed']);

function hostileOutcome(run: DigestRun): ResponsiveFacts['hostileFeeds'] {
  return run.report.feeds
    .filter((feed) => HOSTILE.has(feed.label))
    .map((feed) => ({ label: feed.label, status: feed.status, items: feed.items, ...(feed.error ? { error: feed.error.message.en } : {}) }));
}

/**
 * Measure 2: the main thread's event-loop delay and the end-to-end latency of /about and /company through the
 * double while a digest with a 20 MB feed and a pathological description runs; beside the same measures over an
 * idle window of the same length, in the same run.
 */
export async function benchResponsiveness(
  kb: KnowledgeBase,
  bot: BenchBot,
  config: ResponsiveConfig,
  log: (line: string) => void,
): Promise<{ measures: MeasureInput[]; facts: ResponsiveFacts }> {
  const host = await startFeedHost(
    { feeds: config.feeds, itemsPerFeed: config.itemsPerFeed, hostile: { hugeBytes: config.hugeBytes, pathologicalBytes: config.pathologicalBytes } },
    config.delayMs,
  );
  try {
    const feeds: TrackedFeed[] = host.feeds.map((feed) => ({ url: feed.url, label: feed.label }));
    const options = benchCollectOptions(config.concurrency, MAX_BYTES);
    const digest = async () => {
      const scratch = await openScratchStore();
      try {
        return await runDigest(kb, scratch, feeds, options);
      } finally {
        await scratch.dispose();
      }
    };

    log(`responsiveness: warm-up digest over ${feeds.length} feeds (one of ${config.hugeBytes / 1e6} MB)`);
    await digest();
    await bot.sequence(PLAN, 40);

    const busy: Window[] = [];
    const idle: Window[] = [];
    const digestMs: number[] = [];
    let hostileFeeds: ResponsiveFacts['hostileFeeds'] = [];
    for (let run = 1; run <= config.runs; run++) {
      const during = await observe(bot, config.intervalMs, digest);
      busy.push(during.window);
      digestMs.push(during.result.ms);
      hostileFeeds = hostileOutcome(during.result);
      await settle();
      const quiet = await observe(bot, config.intervalMs, () => pause(during.result.ms));
      idle.push(quiet.window);
      log(`responsiveness run ${run}/${config.runs}: digest ${during.result.ms.toFixed(0)} ms, loop max ${during.window.maxDelayMs.toFixed(0)} ms (idle ${quiet.window.maxDelayMs.toFixed(0)} ms)`);
    }

    const section = 'Responsiveness during a digest';
    const busySamples = busy.flatMap((window) => samplesOf(window.latency));
    const idleSamples = idle.flatMap((window) => samplesOf(window.latency));
    const measures: MeasureInput[] = [
      {
        id: 'responsive.event-loop-max', section, name: `Event-loop delay, max (digest: ${config.feeds} feeds + ${config.hugeBytes / 1e6} MB + pathological)`,
        unit: 'ms', statistic: 'max', summary: summarize(busy.map((window) => window.maxDelayMs)),
        baseline: { name: 'idle bot, same length', summary: summarize(idle.map((window) => window.maxDelayMs)) },
        target: { kind: 'below', limit: 50 },
        note: `monitorEventLoopDelay, resolution ${RESOLUTION_MS} ms; one maximum per run.`,
      },
      {
        id: 'responsive.interactions-p99', section, name: '/about and /company end to end during the digest',
        unit: 'ms', statistic: 'p99', summary: summarize(busySamples),
        baseline: { name: 'same, bot idle', summary: summarize(idleSamples) },
        target: { kind: 'below', limit: 25 },
        note: `Dispatch→callback from the double's records (1 ms resolution), one every ${config.intervalMs} ms; unanswered ones count as ${UNANSWERED_MS} ms.`,
      },
    ];
    const unanswered = [...busy, ...idle].reduce((sum, window) => sum + window.latency.unanswered, 0);
    return { measures, facts: { hostileFeeds, digestMs, interactions: busySamples.length + idleSamples.length, unanswered } };
  } finally {
    await host.close();
  }
}
