import type { Leases } from '../../async/leases.ts';
import type { Logger } from '../../log.ts';
import { StoreError, type Store } from '../../store/index.ts';
import { createKeyedMutex, type KeyedMutex } from '../../async/mutex.ts';

/** How long a server's delivery lease lasts without a heartbeat: a process that dies frees the server this long after. */
export const OUTBOX_LEASE_MS = 15_000;
/** How long a run waits for a server another process is delivering: past a dead holder's lease, with room to spare. */
export const OUTBOX_WAIT_MS = OUTBOX_LEASE_MS + 5_000;
/** How often a waiting run looks again. */
const WAIT_STEP_MS = 250;

/** Whether the task still holds the server: checked before each step that posts or writes the outbox. */
export type StillHeld = () => Promise<boolean>;

/** What the lock works with: the store (the in-process lock is per store) and, across processes, the leases. */
export interface GuildLockDeps {
  readonly store: Store;
  readonly log: Pick<Logger, 'warn'>;
  /**
   * Leases shared with the other processes (Redis); without them the lock is this process's alone (SQLite). A lease
   * that cannot be taken (Redis down) is a StoreError: nothing is posted that could go out twice.
   */
  readonly leases?: Leases | undefined;
}

/** Another process held the server's delivery past `OUTBOX_WAIT_MS`: nothing was done, the next run tries again. */
export class GuildBusyError extends Error {
  constructor(guildId: string) {
    super(`another process has been delivering the digest of server ${guildId} for too long`);
    this.name = 'GuildBusyError';
  }
}

const mutexes = new WeakMap<Store, KeyedMutex>();

export const outboxLeaseKey = (guildId: string): string => `digest-outbox:${guildId}`;

/**
 * Runs `task` once no other digest task of that server is running: first in this process (a scheduled run and a
 * /digest command queue up), then, with shared leases, in every process, through the server's lease (`SET NX PX`,
 * renewed while the task runs, compare-and-delete after), so two processes never finish one outbox at the same time.
 * A holder that dies frees the server when its lease expires. The task gets `stillHeld`, false once the lease was
 * lost (expired during a stall, then taken): it then stops before posting again, and the per-message markers and
 * nonces keep what it already posted from being posted twice by the new holder. Rejects with GuildBusyError when
 * the lease stays held elsewhere past `OUTBOX_WAIT_MS`. Not re-entrant.
 */
export function withGuildLock<R>(deps: GuildLockDeps, guildId: string, task: (stillHeld: StillHeld) => Promise<R>): Promise<R> {
  let mutex = mutexes.get(deps.store);
  if (mutex === undefined) {
    mutex = createKeyedMutex();
    mutexes.set(deps.store, mutex);
  }
  const { leases } = deps;
  return mutex([guildId], () => (leases === undefined ? task(async () => true) : withLease(leases, deps.store.location, deps.log, guildId, task)));
}

async function withLease<R>(leases: Leases, location: string, log: GuildLockDeps['log'], guildId: string, task: (stillHeld: StillHeld) => Promise<R>): Promise<R> {
  const key = outboxLeaseKey(guildId);
  const giveUpAt = Date.now() + OUTBOX_WAIT_MS;
  const take = () =>
    leases.acquire(key, OUTBOX_LEASE_MS).catch((error: unknown) => {
      throw new StoreError(location, `Cannot take the delivery lease of server ${guildId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
  let token = await take();
  while (token === undefined) {
    if (Date.now() >= giveUpAt) throw new GuildBusyError(guildId);
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    token = await take();
  }
  const held = token;
  let lost = false;
  const heartbeat = setInterval(() => {
    leases.extend(key, held, OUTBOX_LEASE_MS).then(
      (kept) => {
        if (!kept) lost = true;
      },
      (error: unknown) => log.warn('digest delivery lease not renewed', { guildId, error }),
    );
  }, OUTBOX_LEASE_MS / 4);
  heartbeat.unref();
  const stillHeld: StillHeld = async () => {
    if (!lost && (await leases.holder(key)) !== held) lost = true;
    return !lost;
  };
  try {
    return await task(stillHeld);
  } finally {
    clearInterval(heartbeat);
    await leases.release(key, held).catch(() => undefined);
  }
}
