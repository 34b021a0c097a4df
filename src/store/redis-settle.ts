import { monotonicNow, remainingMs, sleep, type Deadline } from './deadline.ts';
import { mayHaveBeenSent } from './redis-failures.ts';

/**
 * Settles with the reply, or at the deadline (then `onStall` runs: the client is presumed stalled). A write that may
 * have reached the socket before failing is reported only once its refusal instant has passed: from then on the
 * server refuses it whenever it reads it.
 */
export function settleByDeadline<T>(reply: Promise<T>, deadline: Deadline, onStall: () => void, refuseAt?: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      onStall();
      reject(new Error(`did not answer within ${deadline.timeoutMs} ms`));
    }, Math.max(0, remainingMs(deadline)));
    reply.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      async (error: unknown) => {
        if (settled) return;
        clearTimeout(timer);
        if (refuseAt !== undefined && mayHaveBeenSent(error)) await sleep(refuseAt - monotonicNow());
        settled = true;
        reject(error);
      },
    );
  });
}
