import { openScratchStore } from './digest.ts';
import type { MeasureInput } from './measure.ts';
import { summarize, timeAsync } from './stats.ts';

/** Sizes of the feed-state benchmark. */
export interface FeedStatesConfig {
  readonly feeds: number;
  readonly runs: number;
}

/** A feed's state as a run records it: about the size of the bot's (validators, dates, a claim). */
function feedState(url: string, run: number) {
  const at = new Date(Date.UTC(2026, 11, 7, 19, 0, run)).toISOString();
  return {
    url, etag: `"${run.toString(16).padStart(32, '0')}"`, lastModified: 'Mon, 07 Dec 2026 19:00:00 GMT', seeded: true,
    firstReadAt: at, lastFetchAt: at, lastSuccessAt: at, lastStatus: 200, consecutiveFailures: 0,
    claim: { by: '2f0c9a3e-5d1b-4c55-9a6e-3f1c2b7d8e90', until: at },
  };
}

/**
 * Measure: a run's claim of every tracked feed (one `updateMany` on SQLite, a compare-and-set per feed in one
 * statement), beside the same rows written unconditionally (`setMany`, one statement), on a scratch store (openScratchStore).
 */
export async function benchFeedStates(config: FeedStatesConfig, log: (line: string) => void): Promise<MeasureInput[]> {
  const scratch = await openScratchStore();
  try {
    const feeds = scratch.store.namespace<ReturnType<typeof feedState>>('feeds');
    const urls = Array.from({ length: config.feeds }, (_, index) => `https://news-${index}.example.com/feed.xml`);
    await feeds.setMany(urls.map((url) => ({ key: url, value: feedState(url, 0) })));
    const claims: number[] = [];
    const writes: number[] = [];
    for (let run = 1; run <= config.runs; run++) {
      claims.push(await timeAsync(() => feeds.updateMany(urls, (url) => feedState(url, run))));
      writes.push(await timeAsync(() => feeds.setMany(urls.map((url) => ({ key: url, value: feedState(url, run) })))));
    }
    log(`feed states: claiming ${config.feeds} feeds ${summarize(claims).median.toFixed(0)} ms, writing them ${summarize(writes).median.toFixed(0)} ms`);
    return [
      {
        id: 'pipeline.claims', section: 'Digest pipeline', name: `Claiming ${config.feeds} feeds at a run's start (updateMany, SQLite)`, unit: 'ms', statistic: 'median',
        summary: summarize(claims), baseline: { name: 'the same rows written unconditionally (setMany)', summary: summarize(writes) }, target: { kind: 'ratio', atMost: 4 },
        note: 'A compare-and-set per feed in one statement; the run records its outcomes the same way. Target ≤ 4× a plain batch write (it reads the rows first, then writes them): a guard against the quadratic statement it replaced (76× at 2,000 feeds).',
      },
    ];
  } finally {
    await scratch.dispose();
  }
}
