import { readFileSync } from 'node:fs';

/** Where Linux says how many threads this process has; absent elsewhere (the tests that need it skip). */
export const PROCESS_STATUS = '/proc/self/status';

/** This process's thread count: a collection thread and its parse workers add to it while they live. */
export const threadCount = (): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync(PROCESS_STATUS, 'utf8'))?.[1]);

/** Whether `check` held within `timeoutMs`, looked at every 50 ms. */
export async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
