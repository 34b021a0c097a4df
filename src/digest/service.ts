import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import { normalizeUrl } from '../feeds/identity.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { collectFeeds, feedTest, readFeedStates, type CollectOptions, type FeedTestResult } from './collect.ts';
import { deliverOutbox, type DiscordPoster } from './deliver.ts';
import { checkFeedUrl, cleanLabel } from './feed-input.ts';
import { getGuildSettings, listGuildSettings, saveGuildSettings, updateGuildSettings } from './guilds.ts';
import { recentNews } from './news.ts';
import { createRateLimiter } from './rate-limit.ts';
import { digestStatus, runGuildDigest, trackedFeeds, type DigestStatus, type GuildRunResult, type TrackedFeed } from './run.ts';
import { createScheduler, type DigestScheduler } from './schedule.ts';
import type { FeedState, GuildFeed, GuildSettings, NewsRecord } from './state.ts';
import { parseDigestTime, timeToCron, validateTimeZone } from './time.ts';

export interface DigestServiceDeps {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  readonly poster: DiscordPoster;
  readonly log: Logger;
  readonly config: Pick<Config, 'digest' | 'feeds'>;
  readonly now?: () => Date;
}

/** A tracked feed with its health, for /feeds list and /digest status. */
export interface FeedHealth extends TrackedFeed {
  readonly own: boolean;
  readonly state?: FeedState;
}

export interface DigestStatusView extends DigestStatus {
  readonly nextRun?: Date;
  readonly feeds: readonly FeedHealth[];
}

export interface SetupInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly time?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly locale: Locale;
}

/** /digest now refetches a feed read more than this long ago. */
const MANUAL_MIN_REFETCH_MS = 60_000;

/** /feeds test may fetch the network on a user's behalf: a few per user per minute. */
const FEED_TESTS_PER_MINUTE = 3;

/**
 * The digest as the Discord commands and the scheduler see it: settings, feeds, runs. One per bot process.
 * Every method that takes user input validates it and throws a UserError with a bilingual reason.
 */
export function createDigestService(deps: DigestServiceDeps) {
  const { kb, store, poster, log, config } = deps;
  const now = deps.now ?? (() => new Date());
  const testLimiter = createRateLimiter({ limit: FEED_TESTS_PER_MINUTE, windowMs: 60_000, now });
  const fetchOptions = {
    allowPrivate: config.feeds.allowPrivate,
    deadlineMs: config.feeds.timeoutMs,
    maxBytes: config.feeds.maxBytes,
  } as const satisfies CollectOptions;

  /**
   * Collects the server's feeds, then delivers its digest. Scheduled runs share a fetch made in the last ten
   * minutes (servers whose digests fire together); an admin's /digest now refetches anything older than a minute.
   */
  async function runDigest(guildId: string, reason: string): Promise<GuildRunResult> {
    const settings = await getGuildSettings(store, guildId);
    if (settings !== undefined) {
      const options = reason === 'command' ? { ...fetchOptions, minRefetchMs: MANUAL_MIN_REFETCH_MS } : fetchOptions;
      const report = await collectFeeds({ kb, store, now, log }, trackedFeeds(kb, settings), options);
      const failed = report.feeds.filter((feed) => feed.status === 'failed');
      log.info('feeds collected', { guildId, feeds: report.feeds.length, failed: failed.length, added: report.added.length });
    }
    const result = await runGuildDigest({ kb, store, poster, log, now, limits: config.digest.limits }, guildId, { reason });
    log.info('digest run', { guildId, reason, outcome: result.outcome, delivered: result.delivered, pending: result.pending });
    return result;
  }

  const scheduler: DigestScheduler = createScheduler({
    now,
    log,
    runDigest: async (guildId, _scheduledFor, reason) => {
      await runDigest(guildId, reason);
      await store.purgeExpired();
    },
  });

  function schedule(settings: GuildSettings): void {
    if (settings.enabled && settings.channelId !== undefined) scheduler.set(settings.guildId, { cron: settings.cron, timeZone: settings.timeZone });
    else scheduler.remove(settings.guildId);
  }

  function blankSettings(guildId: string, locale: Locale): GuildSettings {
    const at = now().toISOString();
    return { guildId, cron: config.digest.cron, timeZone: config.digest.timeZone, locale, enabled: false, feeds: [], since: at, lastRunAt: at };
  }

  async function settingsOrBlank(guildId: string, locale: Locale): Promise<GuildSettings> {
    return (await getGuildSettings(store, guildId)) ?? blankSettings(guildId, locale);
  }

  return {
    /** How many feeds of its own a server may add. */
    maxOwnFeeds: config.feeds.maxPerGuild,

    /**
     * Schedules every configured server and runs, once, a digest missed while the bot was down.
     * `defaultChannel` (from DIGEST_CHANNEL_ID) gets the default schedule when its server has no settings yet.
     */
    async start(defaultChannel?: { guildId: string; channelId: string; locale: Locale }): Promise<void> {
      if (defaultChannel !== undefined && (await getGuildSettings(store, defaultChannel.guildId)) === undefined) {
        await saveGuildSettings(store, { ...blankSettings(defaultChannel.guildId, defaultChannel.locale), channelId: defaultChannel.channelId, enabled: true });
      }
      const all = await listGuildSettings(store);
      for (const settings of all) schedule(settings);
      // A digest cut short by a crash or a Discord failure goes out now, not at the next scheduled run.
      for (const settings of all) {
        if ((await digestStatus(store, settings.guildId)).pendingMessages === 0) continue;
        const result = await deliverOutbox({ store, poster, log, now }, settings.guildId);
        log.info('interrupted digest resumed', { guildId: settings.guildId, ok: result.ok, sent: result.sent, pending: result.pending });
      }
      const active = all.filter((s) => s.enabled && s.channelId !== undefined);
      await scheduler.catchUp(active.map((s) => ({ guildId: s.guildId, cron: s.cron, timeZone: s.timeZone, ...(s.lastRunAt === undefined ? {} : { lastRunAt: s.lastRunAt }) })));
    },

    async stop(): Promise<void> {
      await scheduler.stop();
    },

    runNow: (guildId: string) => runDigest(guildId, 'command'),

    preview: (guildId: string) => runGuildDigest({ kb, store, poster, log, now, limits: config.digest.limits }, guildId, { reason: 'preview', dryRun: true }),

    /** Sets the channel (and optionally the time and time zone) and turns the digest on. */
    async setup(input: SetupInput): Promise<{ settings: GuildSettings; nextRun: Date | undefined }> {
      const current = await settingsOrBlank(input.guildId, input.locale);
      const settings: GuildSettings = {
        ...current,
        channelId: input.channelId,
        cron: input.time === undefined ? current.cron : timeToCron(parseDigestTime(input.time)),
        timeZone: input.timeZone === undefined ? current.timeZone : validateTimeZone(input.timeZone),
        locale: input.locale,
        enabled: true,
      };
      schedule(settings);
      await saveGuildSettings(store, settings);
      return { settings, nextRun: scheduler.list().find((s) => s.guildId === input.guildId)?.nextRun };
    },

    async off(guildId: string): Promise<boolean> {
      scheduler.remove(guildId);
      const updated = await updateGuildSettings(store, guildId, (s) => ({ ...s, enabled: false }));
      return updated !== undefined;
    },

    async status(guildId: string): Promise<DigestStatusView> {
      const status = await digestStatus(store, guildId);
      const settings = status.settings ?? blankSettings(guildId, 'en');
      const nextRun = scheduler.list().find((s) => s.guildId === guildId)?.nextRun;
      return { ...status, ...(nextRun === undefined ? {} : { nextRun }), feeds: await feedHealth(settings) };
    },

    feeds: async (guildId: string) => feedHealth(await settingsOrBlank(guildId, 'en')),

    /** Adds a server feed after checking the URL, the cap, duplicates, and that it really is a readable feed. */
    async addFeed(input: { guildId: string; url: string; label?: string | undefined; userId: string; locale: Locale }): Promise<{ feed: GuildFeed; test: FeedTestResult }> {
      const url = checkFeedUrl(input.url);
      const stored = await getGuildSettings(store, input.guildId);
      const settings = stored ?? blankSettings(input.guildId, input.locale);
      if (settings.feeds.length >= config.feeds.maxPerGuild) {
        const max = config.feeds.maxPerGuild;
        throw new UserError({
          en: `This server already tracks ${max} feeds of its own, the most allowed. Remove one with /feeds remove first.`,
          fr: `Ce serveur suit déjà ${max} flux à lui, le maximum autorisé. Retirez-en un avec /feeds remove d’abord.`,
        });
      }
      const key = normalizeUrl(url);
      const existing = trackedFeeds(kb, settings).find((feed) => normalizeUrl(feed.url) === key);
      if (existing !== undefined) {
        throw new UserError({ en: `This feed is already tracked as “${existing.label}”.`, fr: `Ce flux est déjà suivi sous le nom « ${existing.label} ».` });
      }
      const test = await feedTest(kb, url, fetchOptions);
      if (!test.ok) {
        throw new UserError({ en: `This feed cannot be added: ${test.error.message.en}`, fr: `Ce flux ne peut pas être ajouté : ${test.error.message.fr}` });
      }
      const feed: GuildFeed = { url, label: cleanLabel(input.label, url), addedBy: input.userId, addedAt: now().toISOString() };
      if (stored === undefined) await saveGuildSettings(store, { ...settings, feeds: [feed] });
      else await updateGuildSettings(store, input.guildId, (s) => ({ ...s, feeds: [...s.feeds, feed] }));
      log.info('feed added', { guildId: input.guildId, url, items: test.items.length });
      return { feed, test };
    },

    /** Removes a server feed by URL or label. */
    async removeFeed(guildId: string, which: string): Promise<GuildFeed> {
      const settings = await getGuildSettings(store, guildId);
      const wanted = which.trim();
      const match = settings?.feeds.find((feed) => feed.url === wanted || feed.label.toLowerCase() === wanted.toLowerCase() || safeNormalize(feed.url) === safeNormalize(wanted));
      if (settings === undefined || match === undefined) {
        const own = settings?.feeds.map((feed) => `“${feed.label}”`).join(', ');
        throw new UserError({
          en: own ? `No feed of this server matches “${wanted}”. Its feeds: ${own}.` : 'This server has added no feed of its own (the default feeds cannot be removed).',
          fr: own ? `Aucun flux de ce serveur ne correspond à « ${wanted} ». Ses flux : ${own}.` : 'Ce serveur n’a ajouté aucun flux (les flux par défaut ne peuvent pas être retirés).',
        });
      }
      await updateGuildSettings(store, guildId, (s) => ({ ...s, feeds: s.feeds.filter((feed) => feed.url !== match.url) }));
      return match;
    },

    /** Fetches a feed now and judges every item, rate-limited per user. */
    async testFeed(url: string, userId: string): Promise<FeedTestResult> {
      const checked = checkFeedUrl(url);
      const wait = testLimiter.take(userId);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        throw new UserError({
          en: `You can test ${FEED_TESTS_PER_MINUTE} feeds a minute. Try again in ${seconds} s.`,
          fr: `Vous pouvez tester ${FEED_TESTS_PER_MINUTE} flux par minute. Réessayez dans ${seconds} s.`,
        });
      }
      return feedTest(kb, checked, fetchOptions);
    },

    /** The latest digest items about a company delivered to this server. */
    companyNews: (guildId: string, companyId: string, limit = 5): Promise<NewsRecord[]> => recentNews(store, guildId, { companyId, limit }),

    /** Feed labels and URLs of the server's own feeds, for autocomplete. */
    ownFeeds: async (guildId: string): Promise<readonly GuildFeed[]> => (await getGuildSettings(store, guildId))?.feeds ?? [],
  };

  async function feedHealth(settings: GuildSettings): Promise<FeedHealth[]> {
    const feeds = trackedFeeds(kb, settings);
    const states = await readFeedStates(store, feeds.map((feed) => feed.url));
    const own = new Set(settings.feeds.map((feed) => normalizeUrl(feed.url)));
    return feeds.map((feed) => {
      const state = states.get(feed.url);
      return { ...feed, own: own.has(normalizeUrl(feed.url)), ...(state === undefined ? {} : { state }) };
    });
  }
}

function safeNormalize(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    return url;
  }
}

export type DigestService = ReturnType<typeof createDigestService>;
