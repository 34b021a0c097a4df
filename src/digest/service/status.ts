import { normalizeUrl } from '../../feeds/identify/url.ts';
import { readFeedStates } from '../collect/feed-state.ts';
import { getGuildSettings } from '../guilds.ts';
import type { TrackedFeed } from '../collect/types.ts';
import { mutedDefaults, trackedFeeds } from '../collect/tracked-feeds.ts';
import { digestStatus, type DigestStatus } from '../run-status.ts';
import type { FeedState, GuildSettings } from '../state.ts';
import { blankSettings, nextRunOf, type ServiceContext } from './context.ts';

/** A tracked feed with its health, for /feeds list and /digest status. */
export interface FeedHealth extends TrackedFeed {
  readonly own: boolean;
  /** A default feed the server muted: not fetched for it. */
  readonly muted?: boolean;
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

/** Every feed the server tracks (the defaults, then its own) with its health, then the default feeds it muted. */
export async function feedsOf(ctx: ServiceContext, guildId: string): Promise<FeedHealth[]> {
  return feedHealth(ctx, (await getGuildSettings(ctx.store, guildId)) ?? blankSettings(ctx, guildId, 'en'));
}

async function feedHealth(ctx: ServiceContext, settings: GuildSettings): Promise<FeedHealth[]> {
  const feeds = trackedFeeds(ctx.kb, settings);
  const tracked = new Set(feeds.map((feed) => normalizeUrl(feed.url)));
  const muted = mutedDefaults(ctx.kb, settings).filter((feed) => !tracked.has(normalizeUrl(feed.url))).map((feed) => ({ url: feed.url, label: feed.label }));
  const states = await readFeedStates(ctx.store, [...feeds, ...muted].map((feed) => feed.url));
  const own = new Set(settings.feeds.map((feed) => normalizeUrl(feed.url)));
  const withState = (feed: TrackedFeed) => {
    const state = states.get(feed.url);
    return state === undefined ? {} : { state };
  };
  return [
    ...feeds.map((feed) => ({ ...feed, own: own.has(normalizeUrl(feed.url)), ...withState(feed) })),
    ...muted.map((feed) => ({ ...feed, own: false, muted: true, ...withState(feed) })),
  ];
}
