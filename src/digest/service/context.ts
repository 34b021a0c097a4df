import { createKeyedMutex, type KeyedMutex } from '../../async/mutex.ts';
import { createLocalLeases, type Leases } from '../../async/leases.ts';
import { createRateLimiter } from '../../async/rate-limit.ts';
import { createSharedRateLimiter, type SharedRateLimiter } from '../../async/shared-rate-limit.ts';
import type { Locale } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { Logger } from '../../log.ts';
import type { Store } from '../../store/index.ts';
import { ownsGuild, SINGLE_SHARD, type Shards } from '../schedule/ownership.ts';
import { inProcessCollector } from '../collect/collect.ts';
import type { CollectOptions, FeedCollector } from '../collect/types.ts';
import { collectOptionsFromConfig, type FeedCollectConfig } from '../collect/options.ts';
import type { DigestLimits } from '../compose/compose.ts';
import type { DiscordPoster } from '../deliver/deliver.ts';
import { changeGuildSettings } from '../guilds.ts';
import type { DigestScheduler } from '../schedule/scheduler.ts';
import type { GuildSettings } from '../state.ts';

/** What the digest takes from the configuration (src/config.ts builds it from the environment). */
export interface DigestConfig {
  readonly digest: { readonly cron: string; readonly timeZone: string; readonly limits: DigestLimits };
  readonly feeds: FeedCollectConfig & { readonly maxPerGuild: number };
}

/** What the service is built from. */
export interface DigestServiceDeps {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  readonly poster: DiscordPoster;
  readonly log: Logger;
  readonly config: DigestConfig;
  readonly now?: () => Date;
  /** The shards of this process: it schedules only their servers' digests (default: one shard, every server). */
  readonly shards?: Shards | undefined;
  /** Leases shared with the other processes (src/store/leases.ts); default: this process's own. */
  readonly leases?: Leases | undefined;
  /**
   * Runs the collections (default: in this thread, on `store`). The bot gives a thread collector, so its main
   * thread stays free for interactions while a digest fetches and reads.
   */
  readonly collect?: FeedCollector | undefined;
}

/** /feeds test may fetch the network on a user's behalf: a few per user per minute. */
export const FEED_TESTS_PER_MINUTE = 3;
/** /feeds add fetches the network and writes the settings: a few per user, and per server, per minute. */
export const FEED_ADDS_PER_USER_PER_MINUTE = 5;
export const FEED_ADDS_PER_SERVER_PER_MINUTE = 10;

type RateLimiter = SharedRateLimiter;

/** What every operation of the service works with: one per bot process. */
export interface ServiceContext extends DigestServiceDeps {
  readonly now: () => Date;
  readonly scheduler: DigestScheduler;
  readonly fetchOptions: CollectOptions;
  readonly limiters: { readonly tests: RateLimiter; readonly addsPerUser: RateLimiter; readonly addsPerServer: RateLimiter };
  /** Settings changes that move the schedule, one at a time per server. */
  readonly settingsLock: KeyedMutex;
  /** Whether this process schedules the server's digest (its shard is one of this process's). */
  readonly owns: (guildId: string) => boolean;
  readonly leases: Leases;
  readonly collect: FeedCollector;
}

export function createServiceContext(deps: DigestServiceDeps, scheduler: (now: () => Date) => DigestScheduler): ServiceContext {
  const now = deps.now ?? (() => new Date());
  // Shared by every process when the leases are (Redis); otherwise this process's own, on the service's clock.
  const perMinute = (limit: number, name: string): RateLimiter => {
    if (deps.leases !== undefined) return createSharedRateLimiter({ leases: deps.leases, name, limit, windowMs: 60_000 });
    const local = createRateLimiter({ limit, windowMs: 60_000, now });
    return { take: async (key) => local.take(key) };
  };
  return {
    ...deps,
    now,
    scheduler: scheduler(now),
    fetchOptions: collectOptionsFromConfig(deps.config.feeds),
    limiters: {
      tests: perMinute(FEED_TESTS_PER_MINUTE, 'feed-test'),
      addsPerUser: perMinute(FEED_ADDS_PER_USER_PER_MINUTE, 'feed-add-user'),
      addsPerServer: perMinute(FEED_ADDS_PER_SERVER_PER_MINUTE, 'feed-add-server'),
    },
    settingsLock: createKeyedMutex(),
    leases: deps.leases ?? createLocalLeases(),
    owns: (guildId) => ownsGuild(deps.shards ?? SINGLE_SHARD, guildId),
    collect: deps.collect ?? inProcessCollector({ kb: deps.kb, store: deps.store, now, log: deps.log }),
  };
}

/** A server's settings before any change: the default schedule, off, no feed of its own, its period starting now. */
export function blankSettings(ctx: ServiceContext, guildId: string, locale: Locale): GuildSettings {
  const at = ctx.now().toISOString();
  return { guildId, cron: ctx.config.digest.cron, timeZone: ctx.config.digest.timeZone, locale, enabled: false, feeds: [], since: at, lastRunAt: at };
}

/** Makes the live schedule match the settings: scheduled when on with a channel and of this process's shards, else removed. */
export function schedule(ctx: ServiceContext, settings: GuildSettings): void {
  if (settings.enabled && settings.channelId !== undefined && ctx.owns(settings.guildId)) ctx.scheduler.set(settings.guildId, { cron: settings.cron, timeZone: settings.timeZone });
  else ctx.scheduler.remove(settings.guildId);
}

/**
 * Stores a settings change, then makes the live schedule follow what was stored. One change at a time per server
 * in this process, so two admins' changes reach the scheduler in the order they reached the store.
 */
export function changeSchedule(
  ctx: ServiceContext,
  guildId: string,
  blank: () => GuildSettings,
  next: (current: GuildSettings) => GuildSettings,
): Promise<GuildSettings> {
  return ctx.settingsLock([guildId], async () => {
    const settings = await changeGuildSettings(ctx.store, guildId, blank, next);
    schedule(ctx, settings);
    return settings;
  });
}

/** The next run the scheduler holds for the server. */
export function nextRunOf(ctx: ServiceContext, guildId: string): Date | undefined {
  return ctx.scheduler.list().find((scheduled) => scheduled.guildId === guildId)?.nextRun;
}
