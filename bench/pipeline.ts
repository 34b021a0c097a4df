import Parser from 'rss-parser';
import type { TrackedFeed } from '../src/digest/collect/types.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { benchCollectOptions, expectStatuses, openScratchStore, runDigest } from './digest.ts';
import { buildCorpus } from './feed-corpus.ts';
import { startFeedHost } from './feeds-server.ts';
import type { MeasureInput } from './measure.ts';
import { rssMb, sampleRss } from './memory.ts';
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
  readonly idleRssMb: number;
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

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/**
 * Measure 1: the production digest pipeline over the local feeds, a second run where every feed answers 304,
 * and peak RSS; beside the naive bot (a) and the parse floor (b) measured in the same run.
 */
export async function benchPipeline(kb: KnowledgeBase, config: PipelineConfig, log: (line: string) => void): Promise<{ measures: MeasureInput[]; facts: PipelineFacts }> {
  const host = await startFeedHost({ feeds: config.feeds, itemsPerFeed: config.itemsPerFeed }, config.delayMs);
  try {
    const feeds: TrackedFeed[] = host.feeds.map((feed) => ({ url: feed.url, label: feed.label }));
    const options = benchCollectOptions(config.concurrency);

    log(`pipeline: warm-up over ${feeds.length} feeds`);
    const warm = await openScratchStore();
    try {
      expectStatuses(await runDigest(kb, warm.store, feeds, options), 'ok', 'warm-up');
      expectStatuses(await runDigest(kb, warm.store, feeds, options), 'not-modified', 'warm-up 304 run');
    } finally {
      await warm.dispose();
    }

    const idleRssMb = rssMb();
    const first: number[] = [];
    const second: number[] = [];
    const firstCpu: number[] = [];
    const secondCpu: number[] = [];
    const peaks: number[] = [];
    let facts = { items: 0, pooled: 0, digestMessages: 0, notModifiedAnswers: 0 };
    for (let run = 1; run <= config.runs; run++) {
      const scratch = await openScratchStore();
      try {
        await host.resetStats();
        const sampler = sampleRss();
        let cpu = process.cpuUsage();
        const full = await runDigest(kb, scratch.store, feeds, options);
        firstCpu.push(cpuMs(cpu));
        cpu = process.cpuUsage();
        const unchanged = await runDigest(kb, scratch.store, feeds, options);
        secondCpu.push(cpuMs(cpu));
        peaks.push(sampler.stop().peakMb);
        expectStatuses(full, 'ok', `run ${run}`);
        expectStatuses(unchanged, 'not-modified', `304 run ${run}`);
        first.push(full.ms);
        second.push(unchanged.ms);
        facts = {
          items: full.report.feeds.reduce((sum, feed) => sum + feed.items, 0),
          pooled: full.report.added.length,
          digestMessages: full.messages.length,
          notModifiedAnswers: (await host.stats()).notModified,
        };
        log(`pipeline run ${run}/${config.runs}: ${first.at(-1)?.toFixed(0)} ms, 304 run ${second.at(-1)?.toFixed(0)} ms, peak RSS ${peaks.at(-1)?.toFixed(0)} MB`);
      } finally {
        await scratch.dispose();
      }
    }

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
    const measures: MeasureInput[] = [
      {
        id: 'pipeline.vs-naive', section, name: `Digest, ${scope}`, unit: 'ms', statistic: 'median',
        summary: summarize(first), baseline: naiveBase, target: { kind: 'speedup', atLeast: 12 },
        note: 'Target 12× (issue 14); the goal is 25×.',
      },
      {
        id: 'pipeline.vs-parse-floor', section, name: 'Digest vs parse floor', unit: 'ms', statistic: 'median',
        summary: summarize(first), baseline: { name: 'parse floor (b)', summary: summarize(floor) }, target: { kind: 'ratio', atMost: 2 },
        note: 'Target ≤ 2× (issue 14); the goal is 1.3×.',
      },
      {
        id: 'pipeline.not-modified', section, name: 'Second digest, every feed 304', unit: 'ms', statistic: 'median',
        summary: summarize(second), baseline: { name: 'first digest', summary: summarize(first) }, target: { kind: 'ratio', atMost: 0.05 },
        note: `Each 304 is still delayed ${config.delayMs} ms by the server: ${Math.ceil(config.feeds / config.concurrency)} round(s) of ${config.concurrency} fetches.`,
      },
      {
        id: 'pipeline.not-modified-cpu', section, name: 'Second digest, CPU time (all threads)', unit: 'ms', statistic: 'median',
        summary: summarize(secondCpu), baseline: { name: 'first digest CPU', summary: summarize(firstCpu) },
        note: 'Process CPU time (user + system, every thread): the work a run with nothing new still does.',
      },
      {
        id: 'pipeline.peak-rss', section, name: 'Peak RSS during the digests (process, workers included)', unit: 'MB', statistic: 'max',
        summary: summarize(peaks), baseline: { name: 'RSS before the measured runs (after warm-up)', summary: summarize([idleRssMb]) }, target: { kind: 'below', limit: 200, orEqual: true },
      },
    ];
    return { measures, facts: { corpusMb, idleRssMb, concurrency: config.concurrency, ...facts } };
  } finally {
    await host.close();
  }
}
