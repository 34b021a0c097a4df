import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { workerExecArgv } from './exec-argv.ts';
import type { ReadJob, ReadResult } from './types.ts';

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
const POOL_SIZE = 2;
/** A feed that needs more memory than this is not a feed the bot wants; the worker dies, the bot does not. */
const WORKER_MEMORY_MB = 256;
/**
 * A worker's young generation (V8's default is about 32 MB): a parse's garbage dies young, and a smaller nursery is
 * collected more often for about the same CPU, holding 15 to 30 MB less at a digest's peak (measured in the bench).
 */
const WORKER_YOUNG_MB = 8;
/**
 * An idle worker ends after this long, so a bot between digests holds none (minThreads 0); a digest keeps them busy,
 * and the next one starts them again (about a tenth of a second each).
 */
export const WORKER_IDLE_MS = 2_000;

let pool: Piscina | undefined;
/** The pool being made: piscina is imported at the first read, so a bot that has not read a feed never loads it. */
let making: Promise<Piscina> | undefined;

async function poolOf(): Promise<Piscina> {
  if (pool !== undefined) return pool;
  making ??= import('piscina').then(({ Piscina: Pool }) => {
    const made = new Pool({
      filename: WORKER_URL.href,
      minThreads: 0,
      maxThreads: POOL_SIZE,
      idleTimeout: WORKER_IDLE_MS,
      concurrentTasksPerWorker: 1,
      execArgv: workerExecArgv(process.execArgv),
      resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    // A worker that fails outside a job (it could not start) is replaced; the jobs it held fail on their own.
    made.on('error', () => undefined);
    pool = made;
    making = undefined;
    return made;
  }).catch((error: unknown) => {
    making = undefined;
    throw error;
  });
  return making;
}

function failure(message: string): ReadResult<never> {
  return { ok: false, error: { code: 'parse', message } };
}

function readResult<I>(value: unknown): ReadResult<I> {
  if (value && typeof value === 'object' && 'ok' in value) {
    if (value.ok === true && 'items' in value && Array.isArray(value.items)) return value as ReadResult<I>;
    if (value.ok === false && 'error' in value) return value as ReadResult<I>;
  }
  return failure('the parser answered something unexpected');
}

/** What the worker says through its start port when it starts parsing: the document's length, and whether it was cut. */
export interface ParseStart {
  readonly length: number;
  readonly truncated: boolean;
}

function startOf(message: unknown): ParseStart {
  const { length, truncated } = (message ?? {}) as Partial<ParseStart>;
  return { length: typeof length === 'number' ? length : 0, truncated: truncated === true };
}

/**
 * Reads a document in a pooled worker thread (piscina). The time limit, `timeoutFor` the document's length once
 * decompressed and decoded, counts from the moment the worker starts parsing it (the worker says so, with that
 * length, through a port); when it passes, the job is aborted, which terminates that worker. A document the worker
 * cut at the byte cap says so in a timeout too (`bodyTruncated`).
 */
export async function runReadJob<I>(job: ReadJob, timeoutFor: (length: number) => number): Promise<ReadResult<I>> {
  const { port1, port2 } = new MessageChannel();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let done = false;
  let timeoutMs = 0;
  let cut = false;
  port1.once('message', (message: unknown) => {
    // The start and the result come through different ports: a start read after the result arms nothing.
    const start = startOf(message);
    cut = start.truncated;
    timeoutMs = timeoutFor(start.length);
    if (!done) timer = setTimeout(() => abort.abort(), timeoutMs);
    port1.close();
  });
  try {
    // The bytes move to the worker (no copy); the caller must not use them afterwards.
    const transferList = [port2, ...new Set((job.bytes ?? []).map((part) => part.buffer as ArrayBuffer))];
    const workers = await poolOf();
    return readResult<I>(await workers.run({ job, started: port2 }, { transferList, signal: abort.signal }));
  } catch (error) {
    if (abort.signal.aborted) return { ok: false, error: { code: 'timeout', message: `parsing took longer than ${timeoutMs} ms` }, ...(cut ? { bodyTruncated: true } : {}) };
    return failure(`the parser stopped (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    done = true;
    clearTimeout(timer);
    port1.close();
  }
}

/** What the worker answers at once, without reading anything: it only makes piscina start it. */
const WARM_UP = { warmUp: true } as const;

/**
 * Makes `count` parse workers (at most the pool's size) ready now, starting those missing, so that they load their
 * modules while the first feeds download instead of after the first body arrives: as many warm-ups at once as workers
 * wanted, each taken by an idle worker or starting one. Resolves once they answered; never rejects: a worker that
 * could not start is started again by the first read, which reports the failure.
 */
export async function warmParseWorkers(count: number): Promise<void> {
  const wanted = Math.min(count, POOL_SIZE);
  if (wanted <= 0) return;
  try {
    const workers = await poolOf();
    await Promise.all(Array.from({ length: wanted }, () => workers.run(WARM_UP).catch(() => undefined)));
  } catch {
    // piscina could not be loaded: the first read says so.
  }
}

/** Terminates the parse workers; jobs still waiting fail. The next read starts a new pool. */
export async function closeParsePool(): Promise<void> {
  // A pool that could not be made (piscina failed to load) has nothing to close.
  const closing = pool ?? (await making?.catch(() => undefined));
  pool = undefined;
  making = undefined;
  await closing?.destroy();
}

/** How many parse workers are alive now (0 once they have been idle WORKER_IDLE_MS): for the bench and tests. */
export function parseWorkerCount(): number {
  return pool?.threads.length ?? 0;
}
