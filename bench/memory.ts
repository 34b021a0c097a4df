/** Samples the process's RSS (main thread and every worker thread: RSS is process-wide) until stopped. */
export function sampleRss(intervalMs = 5): { stop(): { peakMb: number; samples: number } } {
  // process.memoryUsage.rss() reads the same figure as process.memoryUsage().rss without walking the heaps.
  let peak = process.memoryUsage.rss();
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    samples += 1;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { peakMb: peak / 1024 / 1024, samples: samples + 1 };
    },
  };
}

/** The RSS now, in MB. */
export function rssMb(): number {
  return process.memoryUsage.rss() / 1024 / 1024;
}
