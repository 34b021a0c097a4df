import { slash } from '../../render/commands.ts';
import { UserError } from '../../errors.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import type { Feed } from '../../kb/schema/feed.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { MAX_CHOICES, type Choice } from '../../kb/name-lookup.ts';
import { mutedDefaults } from '../collect/tracked-feeds.ts';
import { changeGuildSettings, updateGuildSettings } from '../guilds.ts';
import type { GuildSettings } from '../state.ts';
import { blankSettings, type ServiceContext } from './context.ts';

/** What a mute or unmute did: the default feed, and whether it changed anything (false: it already was). */
export interface MuteOutcome {
  readonly feed: Feed;
  readonly changed: boolean;
}

/** The default feed an admin named: its id (what autocomplete sends), its label in any case, or its address. */
export function findDefaultFeed(feeds: readonly Feed[], which: string): Feed | undefined {
  const wanted = which.trim();
  const lower = wanted.toLowerCase();
  return feeds.find((feed) => feed.id === wanted || feed.label.toLowerCase() === lower || normalizeUrl(feed.url) === normalizeUrl(wanted));
}

function noSuchDefault(which: string, among: readonly Feed[], muted: boolean): UserError {
  const names = among.map((feed) => feed.label);
  if (muted) {
    return new UserError(names.length === 0
      ? { en: 'No default feed is muted on this server.', fr: 'Aucun flux par défaut n’est en sourdine sur ce serveur.' }
      : { en: `No muted default feed matches “${which}”. Muted: ${names.map((n) => `“${n}”`).join(', ')}.`, fr: `Aucun flux par défaut en sourdine ne correspond à « ${which} ». En sourdine : ${names.map((n) => `« ${n} »`).join(', ')}.` });
  }
  return new UserError({
    en: `No default feed matches “${which}” (your own feeds are removed with ${slash('feeds remove', 'en')}). Default feeds: ${names.map((n) => `“${n}”`).join(', ')}.`,
    fr: `Aucun flux par défaut ne correspond à « ${which} » (vos propres flux se retirent avec ${slash('feeds remove', 'fr')}). Flux par défaut : ${names.map((n) => `« ${n} »`).join(', ')}.`,
  });
}

/**
 * Mutes a default feed for the server (creating its settings when it has none, so it can be done before setup): it is
 * no longer fetched for the server nor shown in its digest. Matched and written in one atomic change.
 */
export async function muteFeed(ctx: ServiceContext, guildId: string, which: string): Promise<MuteOutcome> {
  const feed = findDefaultFeed(ctx.kb.feeds, which.slice(0, 2048));
  if (feed === undefined) throw noSuchDefault(which.slice(0, 100), ctx.kb.feeds, false);
  let changed = false;
  await changeGuildSettings(ctx.store, guildId, () => blankSettings(ctx, guildId, 'en'), (current) => {
    const muted = current.mutedFeeds ?? [];
    changed = !muted.includes(feed.id);
    return changed ? { ...current, mutedFeeds: [...muted, feed.id] } : current;
  });
  ctx.log.info('default feed muted', { guildId, feed: feed.id, changed });
  return { feed, changed };
}

/** Unmutes a default feed the server muted; a UserError listing the muted ones when it names none of them. */
export async function unmuteFeed(ctx: ServiceContext, guildId: string, which: string): Promise<MuteOutcome> {
  let found: Feed | undefined;
  const updated = await updateGuildSettings(ctx.store, guildId, (current) => {
    const muted = mutedDefaults(ctx.kb, current);
    found = findDefaultFeed(muted, which.slice(0, 2048));
    if (found === undefined) throw noSuchDefault(which.slice(0, 100), muted, true);
    const id = found.id;
    return { ...current, mutedFeeds: (current.mutedFeeds ?? []).filter((muted) => muted !== id) };
  });
  if (updated === undefined || found === undefined) throw noSuchDefault(which.slice(0, 100), [], true);
  ctx.log.info('default feed unmuted', { guildId, feed: found.id });
  return { feed: found, changed: true };
}

/**
 * The /feeds mute and unmute autocomplete: the default feeds not muted (mute) or muted (unmute) whose label or
 * address contains what was typed (any case), at most 25, each by its id.
 */
export function matchDefaultFeeds(kb: KnowledgeBase, settings: Pick<GuildSettings, 'mutedFeeds'> | undefined, typed: string, muted: boolean): Choice[] {
  const ids = new Set(settings?.mutedFeeds ?? []);
  const wanted = typed.trim().toLowerCase();
  return kb.feeds
    .filter((feed) => ids.has(feed.id) === muted)
    .filter((feed) => feed.label.toLowerCase().includes(wanted) || feed.url.toLowerCase().includes(wanted))
    .slice(0, MAX_CHOICES)
    .map((feed) => ({ name: feed.label.slice(0, 100), value: feed.id }));
}
