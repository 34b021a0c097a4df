import type { DeliveryError } from '../deliver/errors.ts';
import { updateGuildSettings } from '../guilds.ts';
import type { GuildSettings } from '../state.ts';
import type { RunDeps } from './types.ts';

type RunRecord = NonNullable<GuildSettings['lastRun']>;

/** Saves `lastRun` (and `lastRunAt` when a digest was composed); a store failure here is logged, not fatal. */
export async function recordRun(
  deps: RunDeps,
  guildId: string,
  now: Date,
  run: Omit<RunRecord, 'at' | 'error'> & { error?: DeliveryError },
  composed: boolean,
): Promise<void> {
  const at = now.toISOString();
  const lastRun: RunRecord = {
    at, ok: run.ok, delivered: run.delivered, pending: run.pending,
    ...(run.error === undefined ? {} : { error: run.error.message }),
  };
  try {
    await updateGuildSettings(deps.store, guildId, (current) => ({ ...current, ...(composed ? { lastRunAt: at } : {}), lastRun }));
  } catch (error) {
    deps.log.warn('digest run not recorded', { guildId, error });
  }
}
