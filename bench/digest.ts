import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CollectSummary } from '../src/digest/collect/report.ts';
import { createThreadCollector } from '../src/digest/collect/thread/thread-collector.ts';
import type { CollectOptions, TrackedFeed } from '../src/digest/collect/types.ts';
import { DEFAULT_DIGEST_LIMITS } from '../src/digest/compose/compose.ts';
import { composeCappedDigestInSlices } from '../src/digest/compose/compose-sliced.ts';
import { candidatesFor } from '../src/digest/pool.ts';
import type { DigestMessage } from '../src/digest/types.ts';
import type { KnowledgeBase } from '../src/kb/types.ts';
import { silentLogger } from '../src/log.ts';
import { openStore, type Store } from '../src/store/index.ts';
import { forkHelper } from './child.ts';

/** One digest as the bot makes it: the production collection, then the digest composed from the pool. */
export interface DigestRun {
  readonly ms: number;
  readonly report: CollectSummary;
  readonly messages: DigestMessage[];
}

/**
 * Collection options for the benchmark. Every feed is on 127.0.0.1, one host, while the bot's 200 feeds would
 * sit on many hosts: the per-host politeness cap would serialise the whole run here, so it is lifted to the
 * overall cap. `seed: false` tags and pools every item (a first fetch would otherwise only record what it sees);
 * `minRefetchMs: 0` lets the second run fetch again (conditionally).
 */
export function benchCollectOptions(concurrency: number, maxBytes?: number): CollectOptions {
  return {
    allowPrivate: true,
    concurrency,
    perHostConcurrency: concurrency,
    seed: false,
    minRefetchMs: 0,
    ...(maxBytes === undefined ? {} : { maxBytes }),
  };
}

/**
 * Fetch → decode → parse → identify → tag → dedupe → pool in the collection thread, as the bot runs it
 * (createThreadCollector, its own connection to the store at `storeUrl`), then, on this thread, the channel's
 * candidates (what came in since the run started and was not delivered) composed into the digest within the default
 * limits: nothing new, nothing to compose.
 */
export async function runDigest(kb: KnowledgeBase, scratch: ScratchStore, feeds: readonly TrackedFeed[], options: CollectOptions): Promise<DigestRun> {
  const start = performance.now();
  const now = new Date();
  const collector = createThreadCollector({ storeUrl: scratch.url, storeTimeoutMs: 3_000, kb, log: silentLogger });
  let report: CollectSummary;
  try {
    report = await collector.collect(feeds, options);
  } finally {
    await collector.close();
  }
  const feedUrls = new Set(feeds.map((feed) => feed.url));
  const items = await candidatesFor(scratch.store, { channelId: BENCH_CHANNEL, feedUrls, since: now.toISOString(), now });
  // Within the bot's default limits, as a run posts it: ranking, per-feed cap and the fitting included.
  const { messages } = await composeCappedDigestInSlices(kb, items, { locale: 'en', now: now.toISOString() }, DEFAULT_DIGEST_LIMITS);
  return { ms: performance.now() - start, report, messages };
}

const BENCH_CHANNEL = '100000000000000001';

/**
 * A fresh SQLite store (the production default) in its own temporary directory, removed on close: this thread's
 * connection, and its URL for the collection thread's.
 */
export interface ScratchStore {
  readonly store: Store;
  readonly url: string;
  dispose(): Promise<void>;
}

export async function openScratchStore(): Promise<ScratchStore> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dw-bench-'));
  const url = `sqlite://${path.join(dir, 'bench.sqlite')}`;
  const store = await openStore(url);
  return {
    store,
    url,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Throws unless every feed of the run has `status`: a benchmark of failures would measure nothing. */
export function expectStatuses(run: DigestRun, status: string, what: string): void {
  const wrong = run.report.feeds.filter((feed) => feed.status !== status);
  if (wrong.length > 0) {
    const first = wrong[0];
    throw new Error(`${what}: ${wrong.length} feed(s) not ${status}, e.g. ${first?.url} ${first?.status} ${first?.error?.message.en ?? first?.skip?.code ?? ''}`);
  }
}

/** One digest run in the digest process (digest-child.mjs): what a DigestRun says, and the process's own figures. */
export interface ProcessRun {
  readonly ms: number;
  /** CPU time of the process (user + system, every thread) during the run. */
  readonly cpuMs: number;
  /** The process's peak RSS (VmHWM) during the run. */
  readonly peakRssMb: number;
  /** Its RSS when the run started. */
  readonly rssBeforeMb: number;
  readonly statuses: Record<string, number>;
  /** A feed that was neither ok nor not-modified, described. */
  readonly example?: string;
  readonly items: number;
  readonly pooled: number;
  readonly messages: number;
}

/** The compiled pipeline in a process of its own (see digest-child.mjs). */
export interface DigestProcess {
  /** A digest of `feeds`: on a new scratch store when `fresh`, else on the last run's (a rerun: every feed 304). */
  run(feeds: readonly TrackedFeed[], options: CollectOptions, fresh: boolean): Promise<ProcessRun>;
  close(): Promise<void>;
}

/** Its entry applies the app's start-up settings (src/start.cjs does the same for the bot), then runs digest-child.mjs. */
const DIGEST_CHILD = fileURLToPath(new URL('./digest-child.cjs', import.meta.url));

type DigestCommand = { kind: 'run'; feeds: readonly TrackedFeed[]; options: CollectOptions; fresh: boolean } | { kind: 'close' };

/**
 * Starts the digest process over the build in `app` (its dist/) and the knowledge base in `dataDir`, with the Node
 * flags of `npm start` (`nodeFlags`), so that its time, CPU and memory are those of the bot's pipeline; `extraEnv`
 * adds to this process's environment (the systemd unit's malloc settings).
 */
export function startDigestProcess(app: string, dataDir: string, nodeFlags: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): DigestProcess {
  const child = forkHelper<DigestCommand>(DIGEST_CHILD, { execArgv: [...nodeFlags], args: [app, dataDir], env: { ...process.env, ...extraEnv } });
  return {
    run: async (feeds, options, fresh) => (await child.call({ kind: 'run', feeds, options, fresh })) as unknown as ProcessRun,
    close: () => child.close(),
  };
}

/** Throws unless every feed of the run has `status`. */
export function expectProcessStatuses(run: ProcessRun, status: string, what: string): void {
  const wrong = Object.entries(run.statuses).filter(([name]) => name !== status);
  if (wrong.length > 0) throw new Error(`${what}: feeds ${wrong.map(([name, count]) => `${count} ${name}`).join(', ')}, e.g. ${run.example ?? '?'}`);
}
