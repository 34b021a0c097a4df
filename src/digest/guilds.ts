import type { Store } from '../store/index.ts';
import { GUILD_INDEX_KEY, type GuildSettings } from './state.ts';

/** The server's digest settings, or undefined when it has none. */
export async function getGuildSettings(store: Store, guildId: string): Promise<GuildSettings | undefined> {
  if (guildId === GUILD_INDEX_KEY) return undefined;
  return store.namespace<GuildSettings>('guilds').get(guildId);
}

/** Stores the settings (replacing any) and lists the server in the index. */
export async function saveGuildSettings(store: Store, settings: GuildSettings): Promise<void> {
  assertGuildId(settings.guildId);
  await store.namespace<GuildSettings>('guilds').set(settings.guildId, settings);
  await addToIndex(store, settings.guildId);
}

/**
 * Changes the stored settings with `next` (serialised with every other update of that server in this process, so a
 * run recording its result never undoes a concurrent /digest change). Resolves with the new settings, or undefined
 * (writing nothing) when the server has no settings.
 */
export async function updateGuildSettings(
  store: Store,
  guildId: string,
  next: (current: GuildSettings) => GuildSettings,
): Promise<GuildSettings | undefined> {
  assertGuildId(guildId);
  const guilds = store.namespace<GuildSettings>('guilds');
  const missing = new Error('no settings');
  try {
    return await guilds.update(guildId, (current) => {
      if (current === undefined) throw missing;
      return next(current);
    });
  } catch (error) {
    if (error === missing) return undefined;
    throw error;
  }
}

/**
 * Changes the server's settings in one atomic step, creating them from `blank()` when it has none: `next` sees the
 * settings as stored at that moment (never a copy read before a network wait), so every check that decides the
 * change belongs inside it; when it throws, nothing is written and the promise rejects with its error. `next` may
 * run more than once (the store retries when another writer got there first): it must not have side effects.
 * The server is listed in the index first, so stored settings are never left out of it.
 */
export async function changeGuildSettings(
  store: Store,
  guildId: string,
  blank: () => GuildSettings,
  next: (current: GuildSettings) => GuildSettings,
): Promise<GuildSettings> {
  assertGuildId(guildId);
  await addToIndex(store, guildId);
  return store.namespace<GuildSettings>('guilds').update(guildId, (current) => next(current ?? blank()));
}

/** Every server with settings, in the order they were first saved. */
export async function listGuildSettings(store: Store): Promise<GuildSettings[]> {
  const guilds = store.namespace<GuildSettings>('guilds');
  const ids = (await store.namespace<string[]>('guilds').get(GUILD_INDEX_KEY)) ?? [];
  const settings = await guilds.getMany(ids);
  return settings.filter((entry): entry is GuildSettings => entry !== undefined);
}

async function addToIndex(store: Store, guildId: string): Promise<void> {
  const index = store.namespace<string[]>('guilds');
  const current = await index.get(GUILD_INDEX_KEY);
  if (current?.includes(guildId)) return;
  await index.update(GUILD_INDEX_KEY, (ids) => (ids?.includes(guildId) ? ids : [...(ids ?? []), guildId]));
}

function assertGuildId(guildId: string): void {
  if (guildId === GUILD_INDEX_KEY || guildId === '') throw new RangeError(`"${guildId}" is not a server id`);
}
