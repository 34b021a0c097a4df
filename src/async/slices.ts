/** How long loops may hold the main thread, together, before they let other work run. */
export const DEFAULT_SLICE_MS = 8;
/** Items one loop may handle before it lets other work run, however fast they go. */
const DEFAULT_SLICE_ITEMS = 200;

/** Loops waiting to continue, oldest first. */
const waiting: (() => void)[] = [];
let turnScheduled = false;
/** When the current slice of main-thread work began; undefined once the event loop has turned since. */
let sliceStart: number | undefined;

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(resumeOne);
}

function resumeOne(): void {
  turnScheduled = false;
  sliceStart = undefined;
  const next = waiting.shift();
  if (waiting.length > 0) scheduleTurn();
  next?.();
}

/**
 * Time spent in the current slice. The slice is shared by every paced loop and lasts until the event loop
 * turns: fifty small feeds tagged one after the other in one turn count as one long stretch, not fifty short ones.
 */
function sliceElapsed(): number {
  const now = performance.now();
  if (sliceStart === undefined) {
    sliceStart = now;
    setImmediate(() => {
      sliceStart = undefined;
    });
  }
  return now - sliceStart;
}

/**
 * Lets timers, I/O callbacks and incoming messages run before the caller continues. Loops that yield
 * resume one per turn of the event loop: resumed all together, their slices would run back to back and
 * hold the main thread as long as one unsliced loop.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    scheduleTurn();
  });
}

/** When a long loop hands the main thread back: after this many of its items or this many milliseconds. */
export interface SliceLimits {
  readonly items?: number;
  readonly ms?: number;
}

/**
 * A checkpoint for a long synchronous loop: `await pace()` once per item yields to the event loop once the loop
 * has handled `items` items since it last yielded, or the main thread has been busy `ms` milliseconds without
 * turning (whichever loops did the work), and otherwise returns at once.
 */
export function createPacer(limits: SliceLimits = {}): () => Promise<void> | undefined {
  const maxItems = limits.items ?? DEFAULT_SLICE_ITEMS;
  const maxMs = limits.ms ?? DEFAULT_SLICE_MS;
  let count = 0;
  return () => {
    if (++count < maxItems && sliceElapsed() < maxMs) return undefined;
    count = 0;
    return yieldToEventLoop();
  };
}

/** `transform` over each element in order, yielding to the event loop between slices (see `createPacer`). */
export async function mapInSlices<T, R>(items: readonly T[], transform: (item: T, index: number) => R, limits?: SliceLimits): Promise<R[]> {
  const pace = createPacer(limits);
  const results: R[] = [];
  for (let index = 0; index < items.length; index++) {
    results.push(transform(items[index] as T, index));
    await pace();
  }
  return results;
}

/**
 * Starts `start` for each element in order, yielding to the event loop between slices, and returns the
 * promises unawaited (all settle as they would have, started in one go). A promise that rejects while later
 * ones are still being started is not reported as unhandled: the caller's `Promise.all` sees the rejection.
 */
export async function startInSlices<T, R>(items: readonly T[], start: (item: T) => Promise<R>, limits?: SliceLimits): Promise<Promise<R>[]> {
  return mapInSlices(
    items,
    (item) => {
      const started = start(item);
      started.catch(() => undefined);
      return started;
    },
    limits,
  );
}

/**
 * Runs a step-wise computation to its end, yielding to the event loop between slices (see `createPacer`): each
 * `yield` of `steps` is one item handled. `drainSteps` runs the same computation in one go.
 */
export async function runInSlices<R>(steps: Generator<unknown, R>, limits?: SliceLimits): Promise<R> {
  const pace = createPacer(limits);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await pace();
  }
}

/** The result of a step-wise computation (see `runInSlices`), run without yielding. */
export function drainSteps<R>(steps: Generator<unknown, R>): R {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}
