import type { Store } from '../store/index.ts';
import { unsentMessages } from './deliver/outbox.ts';
import { getGuildSettings } from './guilds.ts';
import type { GuildSettings, Outbox } from './state.ts';

/** What /digest status shows about delivery. */
export interface DigestStatus {
  readonly settings?: GuildSettings;
  readonly lastRunAt?: string;
  readonly lastRun?: GuildSettings['lastRun'];
  /** Messages of an interrupted digest still waiting to be sent, and the items they carry. */
  readonly pendingMessages: number;
  readonly pendingItems: number;
  /** When the waiting digest was composed. */
  readonly pendingSince?: string;
}

/** The server's digest state for /digest status. Rejects if the store cannot be read. */
export async function digestStatus(store: Store, guildId: string): Promise<DigestStatus> {
  const settings = await getGuildSettings(store, guildId);
  const outbox = await store.namespace<Outbox>('outbox').get(guildId);
  const unsent = outbox === undefined ? [] : unsentMessages(outbox);
  return {
    ...(settings === undefined ? {} : { settings }),
    ...(settings?.lastRunAt === undefined ? {} : { lastRunAt: settings.lastRunAt }),
    ...(settings?.lastRun === undefined ? {} : { lastRun: settings.lastRun }),
    pendingMessages: unsent.length,
    pendingItems: unsent.reduce((sum, message) => sum + message.itemIds.length, 0),
    ...(outbox === undefined || unsent.length === 0 ? {} : { pendingSince: outbox.createdAt }),
  };
}
