/**
 * What `read` resolves with, or `fallback` when it fails or takes longer than `waitMs`: for the parts of an answer
 * that can do without the store (latest news, autocomplete choices), so a slow or failing store never makes the
 * answer miss Discord's 3-second window. A read given up on still settles later, harmlessly.
 */
export async function bestEffort<T, F>(read: Promise<T>, waitMs: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), waitMs);
  });
  try {
    return await Promise.race([read.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}
