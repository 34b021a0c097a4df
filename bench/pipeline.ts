import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import type { CollectOptions, TrackedFeed } from '../src/digest/collect/types.ts';
import { buildCopy, startArguments } from '../test/support/compiled-build.ts';
import { benchCollectOptions, expectProcessStatuses, startDigestProcess, type DigestProcess } from './digest.ts';
import { buildCorpus } from './feed-corpus.ts';
import { startFeedHost, type FeedHost } from './feeds-server.ts';
import type { MeasureInput } from './measure.ts';
import { summarize, timeAsync } from './stats.ts';
/** Sizes of the digest pipeline benchmark. */
export interface PipelineConfig {
  readonly feeds: number;
  readonly itemsPerFeed: number;
  /** Measured runs of each variant (after one warm-up). */
  readonly runs: number;
  readonly delayMs: number;
  /** Feeds fetched at once by collectFeeds. */
  readonly concurrency: number;
}

/** What the section saw, besides the measures: proof that the runs did the work. */
export interface PipelineFacts {
  readonly corpusMb: number;
  readonly items: number;
  readonly pooled: number;
  readonly digestMessages: number;
  readonly notModifiedAnswers: number;
  /** The digest process's RSS before a measured run (the most of them). */
  readonly rssBeforeMb: number;
  readonly concurrency: number;
}

/** (a) The naive bot: rss-parser's own HTTP, one feed after the other. */
async function naiveBot(urls: readonly string[]): Promise<number> {
  const parser = new Parser();
  let items = 0;
  for (const url of urls) items += (await parser.parseURL(url)).items.length;
  return items;
}

/** (b) The parse floor: rss-parser over bodies already in memory, on this thread, one after the other. */
async function parseFloor(bodies: readonly string[]): Promise<number> {
  const parser = new Parser();
  let items = 0;
  for (const body of bodies) items += (await parser.parseString(body)).items.length;
  return items;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILD_TIMEOUT_MS = 300_000;

/**
 * Measure 1: the production digest pipeline over the local feeds, a second run where every feed answers 304, and
 * peak RSS; beside the naive bot (a), the parse floor (b) and the network floor of the rerun, measured in the same run.
 * The pipeline runs in a process of its own, compiled as `npm start` runs it (a fresh build of this checkout, the
 * flags of its start script): its time, CPU and memory are the bot's pipeline's, not the harness's.
 */
export async function benchPipeline(config: PipelineConfig, log: (line: string) => void): Promise<{ measures: MeasureInput[]; facts: PipelineFacts }> {
  const app = await mkdtemp(path.join(tmpdir(), 'dw-bench-app-'));
  const host = await startFeedHost({ feeds: config.feeds, itemsPerFeed: config.itemsPerFeed }, config.delayMs);
  try {
    log('pipeline: building the bot (npm run build in a copy)');
    await buildCopy(app, BUILD_TIMEOUT_MS);
    const nodeFlags = (await startArguments(app)).slice(0, -1);
    const feeds: TrackedFeed[] = host.feeds.map((feed) => ({ url: feed.url, label: feed.label }));
    const options = benchCollectOptions(config.concurrency);
    log(`pipeline: warm-up over ${feeds.length} feeds (node ${nodeFlags.join(' ')} dist/)`);
    const plain = await measureDigests(startDigestProcess(app, path.join(ROOT, 'data'), nodeFlags), host, feeds, options, config.runs, (line) => log(`pipeline ${line}`));
    const unitEnv = await systemdMallocEnv();
    log(`pipeline: the same as the systemd unit runs it (${Object.entries(unitEnv).map(([name, value]) => `${name}=${value}`).join(' ')})`);
    const unit = await measureDigests(startDigestProcess(app, path.join(ROOT, 'data'), nodeFlags, unitEnv), host, feeds, options, config.runs, (line) => log(`pipeline (unit) ${line}`));
    const { first, second, firstCpu, secondCpu, peaks, before, facts } = plain;

    const urls = host.feeds.map((feed) => feed.url);
    log('pipeline: naive bot (rss-parser parseURL, sequential)');
    await naiveBot(urls.slice(0, Math.min(10, urls.length)));
    const naive: number[] = [];
    for (let run = 1; run <= config.runs; run++) {
      naive.push(await timeAsync(() => naiveBot(urls)));
      log(`naive run ${run}/${config.runs}: ${naive.at(-1)?.toFixed(0)} ms`);
    }

    log('pipeline: parse floor (rss-parser parseString, in memory, one thread)');
    const bodies = buildCorpus({ feeds: config.feeds, itemsPerFeed: config.itemsPerFeed }).map((feed) => feed.body);
    await parseFloor(bodies);
    const floor: number[] = [];
    for (let run = 1; run <= config.runs; run++) floor.push(await timeAsync(() => parseFloor(bodies)));
    const corpusMb = bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0) / 1024 / 1024;

    const section = 'Digest pipeline';
    const scope = `${config.feeds} feeds × ${config.itemsPerFeed} items, ${config.delayMs} ms delay`;
    const naiveBase = { name: 'naive bot (a)', summary: summarize(naive) };
    const rounds = Math.ceil(config.feeds / config.concurrency);
    const networkFloorMs = rounds * config.delayMs;
    const measures: MeasureInput[] = [
      {
        id: 'pipeline.vs-naive', section, name: `Digest, ${scope}`, unit: 'ms', statistic: 'median',
        summary: summarize(first), baseline: naiveBase, target: { kind: 'speedup', atLeast: 12 },
        note: 'Target 12× (issue 14); the goal is 25×. The digest runs compiled (dist/) in a process of its own.',
      },
      {
        id: 'pipeline.vs-parse-floor', section, name: 'Digest vs parse floor', unit: 'ms', statistic: 'median',
        summary: summarize(first), baseline: { name: 'parse floor (b)', summary: summarize(floor) }, target: { kind: 'ratio', atMost: 2 },
        note: 'Target ≤ 2× (issue 14); the goal is 1.3×.',
      },
      {
        id: 'pipeline.first-cpu', section, name: 'First digest, CPU time (all threads)', unit: 'ms', statistic: 'median',
        summary: summarize(firstCpu), baseline: { name: 'first digest wall time', summary: summarize(first) },
        note: 'Process CPU time (user + system, every thread) of the digest process: above 2× the wall time, both cores are full.',
      },
      {
        id: 'pipeline.not-modified', section, name: 'Second digest, every feed 304', unit: 'ms', statistic: 'median',
        summary: summarize(second), baseline: { name: 'first digest', summary: summarize(first) }, target: { kind: 'ratio', atMost: 0.05 },
        note:
          `Each 304 is still delayed ${config.delayMs} ms by the server and ${config.concurrency} feeds are fetched at once: ` +
          `${rounds} round(s), ${networkFloorMs} ms of waiting that no client can avoid (next line). 5 % of the first run ` +
          `is below that floor unless the first run takes over ${formatMs(networkFloorMs / 0.05)}.`,
      },
      {
        id: 'pipeline.not-modified-floor', section, name: 'Second digest vs its network floor', unit: 'ms', statistic: 'median',
        summary: summarize(second), baseline: { name: `network floor: ${rounds} × ${config.delayMs} ms`, summary: summarize([networkFloorMs]) },
        note: 'ceil(feeds ÷ concurrency) × server delay: the wall time of a rerun that did nothing but wait for its 304s.',
      },
      {
        id: 'pipeline.not-modified-cpu', section, name: 'Second digest, CPU time (all threads)', unit: 'ms', statistic: 'median',
        summary: summarize(secondCpu), baseline: { name: 'first digest CPU', summary: summarize(firstCpu) },
        note: 'Process CPU time (user + system, every thread): the work a run with nothing new still does.',
      },
      {
        id: 'pipeline.peak-rss', section, name: 'Peak RSS during the digests (digest process, workers included)', unit: 'MB', statistic: 'max',
        summary: summarize(peaks), baseline: { name: 'its RSS before each run', summary: summarize(before) }, target: { kind: 'below', limit: 200, orEqual: true },
        note: 'VmHWM of a process holding only the compiled pipeline and the knowledge base, reset before each run.',
      },
      {
        id: 'pipeline.peak-rss-unit', section, name: 'Peak RSS during the digests, with the systemd unit\'s malloc setting', unit: 'MB', statistic: 'max',
        summary: summarize(unit.peaks), baseline: { name: 'without it (line above)', summary: summarize(peaks) }, target: { kind: 'below', limit: 200, orEqual: true },
        note: `The same digests in a process started with the README unit's ${Object.keys(unitEnv).join(', ')}: glibc keeps its mmap threshold instead of raising it after the pool's large SQLite values, so ended threads' arenas keep less. RSS before each run: ${Math.max(...unit.before).toFixed(0)} MB at most.`,
      },
      {
        id: 'pipeline.unit-digest', section, name: 'Digest, with the systemd unit\'s malloc setting', unit: 'ms', statistic: 'median',
        summary: summarize(unit.first), baseline: { name: 'without it', summary: summarize(first) },
        note: 'What the setting costs in speed: every allocation above the threshold is its own mapping.',
      },
    ];
    return { measures, facts: { corpusMb, rssBeforeMb: Math.max(...before), concurrency: config.concurrency, ...facts } };
  } finally {
    await host.close();
    await rm(app, { recursive: true, force: true });
  }
}

/** What measureDigests saw over its runs, each fresh digest beside its all-304 rerun. */
interface DigestSeries {
  readonly first: number[];
  readonly second: number[];
  readonly firstCpu: number[];
  readonly secondCpu: number[];
  readonly peaks: number[];
  readonly before: number[];
  readonly facts: { items: number; pooled: number; digestMessages: number; notModifiedAnswers: number };
}

/** A warm-up, then `runs` fresh digests each followed by its all-304 rerun, in `digest` (closed at the end). */
async function measureDigests(digest: DigestProcess, host: FeedHost, feeds: readonly TrackedFeed[], options: CollectOptions, runs: number, log: (line: string) => void): Promise<DigestSeries> {
  const series: DigestSeries = { first: [], second: [], firstCpu: [], secondCpu: [], peaks: [], before: [], facts: { items: 0, pooled: 0, digestMessages: 0, notModifiedAnswers: 0 } };
  try {
    expectProcessStatuses(await digest.run(feeds, options, true), 'ok', 'warm-up');
    expectProcessStatuses(await digest.run(feeds, options, false), 'not-modified', 'warm-up 304 run');
    for (let run = 1; run <= runs; run++) {
      await host.resetStats();
      const full = await digest.run(feeds, options, true);
      const unchanged = await digest.run(feeds, options, false);
      expectProcessStatuses(full, 'ok', `run ${run}`);
      expectProcessStatuses(unchanged, 'not-modified', `304 run ${run}`);
      series.first.push(full.ms);
      series.second.push(unchanged.ms);
      series.firstCpu.push(full.cpuMs);
      series.secondCpu.push(unchanged.cpuMs);
      series.peaks.push(Math.max(full.peakRssMb, unchanged.peakRssMb));
      series.before.push(full.rssBeforeMb);
      Object.assign(series.facts, { items: full.items, pooled: full.pooled, digestMessages: full.messages, notModifiedAnswers: (await host.stats()).notModified });
      log(
        `run ${run}/${runs}: ${full.ms.toFixed(0)} ms (CPU ${full.cpuMs.toFixed(0)} ms), ` +
          `304 run ${unchanged.ms.toFixed(0)} ms (CPU ${unchanged.cpuMs.toFixed(0)} ms), peak RSS ${series.peaks.at(-1)?.toFixed(0)} MB`,
      );
    }
  } finally {
    await digest.close();
  }
  return series;
}

/** The glibc malloc settings (`Environment=MALLOC_…`) of the systemd unit in the README: the bench measures what it documents. */
async function systemdMallocEnv(): Promise<Record<string, string>> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const settings = Object.fromEntries([...readme.matchAll(/^Environment=(MALLOC_\w+)=(\S+)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']));
  if (Object.keys(settings).length === 0) throw new Error('README.md: the systemd unit has no Environment=MALLOC_… line to measure');
  return settings;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}
