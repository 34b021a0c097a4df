/** True once `work` settled, false if the deadline `signal` aborted first (at once if it already had). */
export async function untilDeadline(work: Promise<unknown>, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal === undefined) {
    await work;
    return true;
  }
  if (signal.aborted) return false;
  let onAbort = () => {};
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.then(() => true as const), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
