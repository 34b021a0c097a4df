import { UserError } from '../../errors.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import { noSuchFeed } from '../collect/feed-input.ts';
import { updateGuildSettings } from '../guilds.ts';
import type { GuildFeed } from '../state.ts';
import type { ServiceContext } from './context.ts';

const NO_OWN_FEED = {
  en: 'This server has added no feed of its own (the default feeds cannot be removed).',
  fr: 'Ce serveur n’a ajouté aucun flux (les flux par défaut ne peuvent pas être retirés).',
};

/** Removes a server feed by URL or label, matched against the stored settings in the same atomic change. */
export async function removeFeed(ctx: ServiceContext, guildId: string, which: string): Promise<GuildFeed> {
  const wanted = which.trim();
  let removed: GuildFeed | undefined;
  const updated = await updateGuildSettings(ctx.store, guildId, (current) => {
    const match = current.feeds.find((feed) => feed.url === wanted || feed.label.toLowerCase() === wanted.toLowerCase() || normalizeUrl(feed.url) === normalizeUrl(wanted));
    if (match === undefined) throw noSuchFeed(wanted, current.feeds) ?? new UserError(NO_OWN_FEED);
    removed = match;
    return { ...current, feeds: current.feeds.filter((feed) => feed.url !== match.url) };
  });
  if (updated === undefined || removed === undefined) throw new UserError(NO_OWN_FEED);
  return removed;
}
