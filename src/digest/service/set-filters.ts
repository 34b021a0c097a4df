import { nextFilters, parseFilterWords } from '../filter-input.ts';
import { changeGuildSettings, getGuildSettings } from '../guilds.ts';
import type { DigestFilters } from '../state.ts';
import { blankSettings, type ServiceContext } from './context.ts';

/** A /digest filter change as typed: comma-separated words for either list, or clear. */
export interface FilterChange {
  readonly guildId: string;
  readonly include?: string | undefined;
  readonly exclude?: string | undefined;
  readonly clear: boolean;
}

const NONE: DigestFilters = { include: [], exclude: [] };

/** The server's filters (none when it has no settings). */
export async function filtersOf(ctx: ServiceContext, guildId: string): Promise<DigestFilters> {
  return (await getGuildSettings(ctx.store, guildId))?.filters ?? NONE;
}

/**
 * Sets the server's filters: the words are read first (a UserError for bad input, nothing written), then the change
 * is made in one atomic step against the stored filters, which checks that no word is both included and excluded.
 * Works before setup (the settings are created, off). Resolves with the filters stored.
 */
export async function setFilters(ctx: ServiceContext, change: FilterChange): Promise<DigestFilters> {
  const include = change.include === undefined ? undefined : parseFilterWords(change.include, 'include');
  const exclude = change.exclude === undefined ? undefined : parseFilterWords(change.exclude, 'exclude');
  const words = { ...(include === undefined ? {} : { include }), ...(exclude === undefined ? {} : { exclude }), clear: change.clear };
  const settings = await changeGuildSettings(ctx.store, change.guildId, () => blankSettings(ctx, change.guildId, 'en'), (current) => ({
    ...current,
    filters: nextFilters(current.filters, words),
  }));
  const filters = settings.filters ?? NONE;
  ctx.log.info('digest filters set', { guildId: change.guildId, include: filters.include.length, exclude: filters.exclude.length });
  return filters;
}
