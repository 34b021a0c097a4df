import { normalizeUrl } from '../../feeds/identify/url.ts';
import { readFeedStates } from '../collect/feed-state.ts';
import { getGuildSettings } from '../guilds.ts';
import type { TrackedFeed } from '../collect/types.ts';
import { trackedFeeds } from '../deliver/feed-notices.ts';
import { digestStatus, type DigestStatus } from '../run-status.ts';
import type { FeedState, GuildSettings } from '../state.ts';
import { blankSettings, nextRunOf, type ServiceContext } from './context.ts';

/** A tracked feed with its health, for /feeds list and /digest status. */
export interface FeedHealth extends TrackedFeed {
  readonly own: boolean;
  readonly state?: FeedState;
}

export interface DigestStatusView extends DigestStatus {
  readonly nextRun?: Date;
  readonly feeds: readonly FeedHealth[];
}

/** The server's settings, next and last run, what waits in the outbox, and each feed's health. */
export async function statusOf(ctx: ServiceContext, guildId: string): Promise<DigestStatusView> {
  const status = await digestStatus(ctx.store, guildId);
  const nextRun = nextRunOf(ctx, guildId);
  return { ...status, ...(nextRun === undefined ? {} : { nextRun }), feeds: await feedHealth(ctx, status.settings ?? blankSettings(ctx, guildId, 'en')) };
}

/** Every feed the server tracks (the defaults, then its own) with its health. */
export async function feedsOf(ctx: ServiceContext, guildId: string): Promise<FeedHealth[]> {
  return feedHealth(ctx, (await getGuildSettings(ctx.store, guildId)) ?? blankSettings(ctx, guildId, 'en'));
}

async function feedHealth(ctx: ServiceContext, settings: GuildSettings): Promise<FeedHealth[]> {
  const feeds = trackedFeeds(ctx.kb, settings);
  const states = await readFeedStates(ctx.store, feeds.map((feed) => feed.url));
  const own = new Set(settings.feeds.map((feed) => normalizeUrl(feed.url)));
  return feeds.map((feed) => {
    const state = states.get(feed.url);
    return { ...feed, own: own.has(normalizeUrl(feed.url)), ...(state === undefined ? {} : { state }) };
  });
}
