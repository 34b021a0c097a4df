import { Worker } from 'node:worker_threads';
import type { RawFeed, RawFeedItem } from './raw.ts';

/** What the parse worker answers for one document, before normalisation. */
export type WorkerResult =
  | { ok: true; feed: RawFeed; items: RawFeedItem[]; warnings: string[]; itemsCapped: boolean }
  | { ok: false; error: { code: 'parse' | 'timeout' | 'not-a-feed' | 'too-deep'; message: string } };

/** What bounds one parse: its time, the deepest nesting, the most items read; `truncated` when the text was cut. */
export interface ParseLimits {
  readonly timeoutMs: number;
  readonly maxDepth: number;
  readonly maxItems: number;
  readonly truncated: boolean;
}

interface Job extends ParseLimits {
  readonly id: number;
  readonly xml: string;
  readonly settle: (result: WorkerResult) => void;
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  job?: Job | undefined;
  timer?: NodeJS.Timeout | undefined;
}

const WORKER_URL = new URL('./worker.mjs', import.meta.url);
const POOL_SIZE = 2;
/** A feed that needs more memory than this is not a feed the bot wants; the worker dies, the bot does not. */
const WORKER_MEMORY_MB = 256;

const slots: Slot[] = [];
const queue: Job[] = [];
let nextJobId = 1;

function failure(message: string): WorkerResult {
  return { ok: false, error: { code: 'parse', message } };
}

function readResult(value: unknown): WorkerResult {
  if (value && typeof value === 'object' && 'ok' in value) {
    if (value.ok === true && 'items' in value && Array.isArray(value.items)) return value as WorkerResult;
    if (value.ok === false && 'error' in value) return value as WorkerResult;
  }
  return failure('the parser answered something unexpected');
}

function removeSlot(slot: Slot): boolean {
  const index = slots.indexOf(slot);
  if (index === -1) return false;
  slots.splice(index, 1);
  clearTimeout(slot.timer);
  return true;
}

function finishJob(slot: Slot, result: WorkerResult): void {
  const job = slot.job;
  clearTimeout(slot.timer);
  slot.job = undefined;
  slot.timer = undefined;
  // An idle worker never keeps the process alive; one starting or working for a job does.
  slot.worker.unref();
  job?.settle(result);
}

function onWorkerMessage(slot: Slot, message: unknown): void {
  if (message && typeof message === 'object' && 'ready' in message) {
    slot.ready = true;
    slot.worker.unref();
  } else if (message && typeof message === 'object' && 'id' in message && 'result' in message && message.id === slot.job?.id) {
    finishJob(slot, readResult(message.result));
  }
  pump();
}

function onWorkerGone(slot: Slot, reason: string): void {
  if (!removeSlot(slot)) return;
  if (slot.job) {
    finishJob(slot, failure(`the parser stopped (${reason})`));
  } else if (!slot.ready) {
    // The worker could not even start: fail what waits instead of respawning forever.
    for (const job of queue.splice(0)) job.settle(failure(`the parser could not start (${reason})`));
  }
  pump();
}

function spawnWorker(): void {
  const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: WORKER_MEMORY_MB } });
  const slot: Slot = { worker, ready: false };
  slots.push(slot);
  worker.on('message', (message: unknown) => onWorkerMessage(slot, message));
  worker.on('error', (error: Error) => onWorkerGone(slot, error.message));
  worker.on('exit', (code: number) => onWorkerGone(slot, `exit code ${code}`));
}

function startJob(slot: Slot, job: Job): void {
  slot.job = job;
  slot.worker.ref();
  slot.timer = setTimeout(() => {
    removeSlot(slot);
    void slot.worker.terminate();
    finishJob(slot, { ok: false, error: { code: 'timeout', message: `parsing took longer than ${job.timeoutMs} ms` } });
    pump();
  }, job.timeoutMs);
  const { id, xml, maxDepth, maxItems, truncated } = job;
  slot.worker.postMessage({ id, xml, maxDepth, maxItems, truncated });
}

function pump(): void {
  for (;;) {
    const job = queue[0];
    if (!job) return;
    const idle = slots.find((slot) => slot.ready && !slot.job);
    if (!idle) break;
    queue.shift();
    startJob(idle, job);
  }
  let starting = slots.filter((slot) => !slot.ready).length;
  while (slots.length < POOL_SIZE && starting < queue.length) {
    spawnWorker();
    starting++;
  }
}

/**
 * Parses XML in a pooled worker thread. The time limit counts from the moment a ready worker takes the
 * job; when it passes, that worker is terminated and replaced.
 */
export function runParseJob(xml: string, limits: ParseLimits): Promise<WorkerResult> {
  return new Promise((settle) => {
    queue.push({ id: nextJobId++, xml, ...limits, settle });
    pump();
  });
}

/** Terminates the parse workers; jobs still waiting fail. The next parse starts new workers. */
export async function closeParsePool(): Promise<void> {
  const closing = slots.splice(0);
  for (const job of queue.splice(0)) job.settle(failure('the parser pool was closed'));
  for (const slot of closing) finishJob(slot, failure('the parser pool was closed'));
  await Promise.all(closing.map((slot) => slot.worker.terminate()));
}
