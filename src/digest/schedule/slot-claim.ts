import { DONE_LEASE, type Leases } from '../../async/leases.ts';
import type { Logger } from '../../log.ts';

/**
 * How long a slot's lease lasts without a heartbeat (renewed every quarter of it): a process that dies frees its
 * slot this long after, and a restarted one waits no longer than that to catch the slot up.
 */
export const SLOT_LEASE_MS = 20_000;
/** How long a finished slot stays claimed: longer than any catch-up lookback (a week). */
export const SLOT_DONE_MS = 8 * 24 * 60 * 60_000;
/** How often a catch-up looks again at a slot a vanished process may still hold. */
const WAIT_STEP_MS = 1000;

export type SlotClaim = 'ran' | 'done elsewhere' | 'running elsewhere';

export const slotKey = (guildId: string, scheduledFor: Date): string => `digest-slot:${guildId}:${scheduledFor.toISOString()}`;

/**
 * Runs `task` for a server's slot only if no process (this one included) has run it or is running it: the slot is
 * a lease, renewed while the task runs and kept as done afterwards, so every slot is composed and posted once across
 * all processes. A task that throws frees the slot for a later try. With `waitMs` (a catch-up after a restart), a
 * slot held by a process that may have died is waited for, up to that long, since its lease then expires.
 */
export async function runSlotOnce(
  leases: Leases,
  guildId: string,
  scheduledFor: Date,
  log: Pick<Logger, 'info' | 'warn'>,
  task: () => Promise<void>,
  waitMs = 0,
): Promise<SlotClaim> {
  const key = slotKey(guildId, scheduledFor);
  const giveUpAt = Date.now() + waitMs;
  let token = await leases.acquire(key, SLOT_LEASE_MS);
  while (token === undefined) {
    const holder = await leases.holder(key);
    if (holder === DONE_LEASE) return 'done elsewhere';
    if (Date.now() >= giveUpAt) return 'running elsewhere';
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    token = await leases.acquire(key, SLOT_LEASE_MS);
  }
  const held = token;
  const heartbeat = setInterval(() => {
    leases.extend(key, held, SLOT_LEASE_MS).catch((error: unknown) => log.warn('digest slot lease not renewed', { guildId, error }));
  }, SLOT_LEASE_MS / 4);
  heartbeat.unref();
  try {
    await task();
  } catch (error) {
    clearInterval(heartbeat);
    await leases.release(key, held).catch(() => undefined);
    throw error;
  }
  clearInterval(heartbeat);
  await leases.extend(key, held, SLOT_DONE_MS, true);
  return 'ran';
}
