/**
 * Work under way that a stop waits for: interactions being answered. Once closed, work still runs (a polite
 * refusal is work too) but its owner knows not to start anything long.
 */
export interface InFlight {
  /** True once `close()` was called: no new long work should start. */
  readonly closed: boolean;
  close(): void;
  /**
   * Runs `work`, counted until it settles. `interrupt` is what to do if the stop cannot wait for it (tell its
   * user); it runs at most once, only while the work is still under way.
   */
  run<T>(label: string, work: () => Promise<T>, interrupt?: () => Promise<void>): Promise<T>;
  /** Labels of the work under way, oldest first. */
  pending(): string[];
  /** Resolves once nothing is under way (at once when nothing is). */
  idle(): Promise<void>;
  /** Runs the `interrupt` of everything under way; resolves once they have settled (their errors are dropped). */
  interrupt(): Promise<void>;
}

interface Entry {
  readonly label: string;
  readonly interrupt: (() => Promise<void>) | undefined;
  interrupted: boolean;
}

export function createInFlight(): InFlight {
  const entries = new Set<Entry>();
  let waiters: (() => void)[] = [];
  let closed = false;

  const settle = (entry: Entry) => {
    entries.delete(entry);
    if (entries.size > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };

  return {
    get closed() {
      return closed;
    },
    close() {
      closed = true;
    },
    async run(label, work, interrupt) {
      const entry: Entry = { label, interrupt, interrupted: false };
      entries.add(entry);
      try {
        return await work();
      } finally {
        settle(entry);
      }
    },
    pending: () => [...entries].map((entry) => entry.label),
    idle: () => (entries.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
    async interrupt() {
      const calls = [...entries].flatMap((entry) => {
        if (entry.interrupted || entry.interrupt === undefined) return [];
        entry.interrupted = true;
        return [entry.interrupt()];
      });
      await Promise.allSettled(calls);
    },
  };
}
