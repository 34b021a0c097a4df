import { Worker } from 'node:worker_threads';
import { workerExecArgv } from '../../../feeds/worker/exec-argv.ts';
import type { KnowledgeBase } from '../../../kb/types.ts';
import type { Logger } from '../../../log.ts';
import { StoreError } from '../../../store/index.ts';
import type { CollectSummary } from '../report.ts';
import type { CollectOptions, FeedCollector, TrackedFeed } from '../types.ts';
import type { CollectThreadData, FromCollectThread, ThreadCollectOptions, ThreadError, ToCollectThread } from './messages.ts';

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
/** The thread ends this long after its last run, so a bot between digests holds none; runs that overlap share it. */
export const COLLECT_THREAD_IDLE_MS = 2_000;
/** Its young generation, as the parse workers' (src/feeds/worker/pool.ts): a run's garbage dies young. */
const THREAD_YOUNG_MB = 8;
/**
 * Its old generation's limit, as a parse worker's: a collection holds outcomes, seen marks and the pool's merge, tens
 * of megabytes; one that needs more than this is a fault, and the thread dies of it (its runs fail), not the bot.
 */
export const COLLECT_THREAD_MEMORY_MB = 256;
/** A thread asked to close that has not ended after this long is terminated. */
const CLOSE_GRACE_MS = 5_000;

export interface ThreadCollectorSettings {
  readonly storeUrl: string;
  readonly storeTimeoutMs: number;
  readonly kb: KnowledgeBase;
  readonly log: Logger;
  readonly idleMs?: number;
  /** Default COLLECT_THREAD_MEMORY_MB. */
  readonly memoryLimitMb?: number;
}

/** Collections run in a thread of their own; `close` ends it (a run still going fails). */
export interface ThreadCollector {
  readonly collect: FeedCollector;
  close(): Promise<void>;
}

interface PendingRun {
  resolve(report: CollectSummary): void;
  reject(error: Error): void;
}

interface CollectThread {
  readonly worker: Worker;
  readonly runs: Map<number, PendingRun>;
  readonly ended: Promise<void>;
  idle?: NodeJS.Timeout;
  retired?: Promise<void>;
  /** What the thread died of, if it did: its runs fail with it once it has ended. */
  failure?: Error;
}

/**
 * Runs collections (fetch, read, tag, pool: collectFeeds) in a worker thread with its own connection to the store
 * at `storeUrl`, so the main thread, which answers interactions, does none of a digest's fetching, bookkeeping or
 * garbage. The thread starts with the first run, serves the runs that overlap it, and ends `idleMs` after the last.
 * The store must be one that several connections share (a SQLite file, Redis), and the thread reads the clock of
 * the system. A run that fails in the thread rejects here, a store failure as a StoreError.
 */
export function createThreadCollector(settings: ThreadCollectorSettings): ThreadCollector {
  const idleMs = settings.idleMs ?? COLLECT_THREAD_IDLE_MS;
  const resourceLimits = { maxYoungGenerationSizeMb: THREAD_YOUNG_MB, maxOldGenerationSizeMb: settings.memoryLimitMb ?? COLLECT_THREAD_MEMORY_MB };
  const data: CollectThreadData = { storeUrl: settings.storeUrl, storeTimeoutMs: settings.storeTimeoutMs, kb: settings.kb };
  let current: CollectThread | undefined;
  /** Every thread not yet ended, `current` and those retiring: `close` waits for them all. */
  const live = new Set<CollectThread>();
  let nextId = 0;
  let closed = false;

  function start(): CollectThread {
    const worker = new Worker(WORKER_URL, { workerData: data, execArgv: workerExecArgv(process.execArgv), resourceLimits });
    const runs = new Map<number, PendingRun>();
    const failAll = (error: Error) => {
      for (const run of runs.values()) run.reject(error);
      runs.clear();
    };
    const ended = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        if (current?.worker === worker) current = undefined;
        live.delete(thread);
        failAll(new Error(thread.failure === undefined ? `the collection thread ended (code ${code}) before the run did` : `the collection thread failed: ${thread.failure.message}`));
        resolve();
      });
    });
    const thread: CollectThread = { worker, runs, ended };
    live.add(thread);
    // Its runs fail at 'exit', not here: until the thread has ended, a write it had under way could still land,
    // and a run reported failed must not be applied afterwards. A new run meanwhile gets a new thread.
    worker.on('error', (error) => {
      settings.log.error('the collection thread failed', { error });
      thread.failure = error;
      if (current === thread) current = undefined;
    });
    worker.on('message', (message: FromCollectThread) => {
      if (message.kind === 'log') return settings.log[message.level](message.message, message.fields);
      const run = runs.get(message.id);
      if (run === undefined) return;
      runs.delete(message.id);
      if (message.kind === 'report') run.resolve(message.report);
      else run.reject(errorOf(message.error));
      idleAfterLast(thread);
    });
    return thread;
  }

  function idleAfterLast(thread: CollectThread): void {
    if (thread.runs.size === 0) thread.idle = setTimeout(() => retire(thread), idleMs).unref();
  }

  function retire(thread: CollectThread): Promise<void> {
    if (current === thread) current = undefined;
    clearTimeout(thread.idle);
    if (thread.retired !== undefined) return thread.retired;
    thread.worker.postMessage({ kind: 'close' } satisfies ToCollectThread);
    const terminate = setTimeout(() => void thread.worker.terminate(), CLOSE_GRACE_MS).unref();
    return (thread.retired = thread.ended.finally(() => clearTimeout(terminate)));
  }

  function collect(feeds: readonly TrackedFeed[], options: CollectOptions): Promise<CollectSummary> {
    if (closed) return Promise.reject(new Error('the bot is stopping: no collection starts now'));
    const thread = (current ??= start());
    clearTimeout(thread.idle);
    const id = ++nextId;
    const { signal, connections: _connections, ...rest } = options;
    const abort = () => thread.worker.postMessage({ kind: 'abort', id } satisfies ToCollectThread);
    // The caller's signal outlives the run (it may be the bot's own): its listener goes when the run settles.
    const settled = () => signal?.removeEventListener('abort', abort);
    return new Promise<CollectSummary>((resolve, reject) => {
      thread.runs.set(id, { resolve: (report) => (settled(), resolve(report)), reject: (error) => (settled(), reject(error)) });
      try {
        thread.worker.postMessage({ kind: 'collect', id, feeds, options: rest satisfies ThreadCollectOptions } satisfies ToCollectThread);
      } catch (error) {
        // Not sent (it cannot be copied to the thread): no run to wait for, so the thread still ends when idle.
        thread.runs.delete(id);
        idleAfterLast(thread);
        throw error;
      }
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted) abort();
    });
  }

  return {
    collect,
    async close() {
      closed = true;
      await Promise.all([...live].map(retire));
    },
  };
}

function errorOf(error: ThreadError): Error {
  if (error.name === 'StoreError') return new StoreError(error.location ?? '', error.message);
  return Object.assign(new Error(error.message), { name: error.name });
}
