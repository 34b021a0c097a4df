import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import { normalizeUrl } from '../feeds/identify/identity.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import { createKeyedMutex } from '../async/mutex.ts';
import { collectFeeds, feedTest, readFeedStates, type CollectOptions, type FeedTestResult } from './collect/collect.ts';
import { judgeRead } from './collect/feed-test.ts';
import { readFeed } from './collect/read-feed.ts';
import { seedFromRead } from './collect/seed.ts';
import { deliverOutbox, type DiscordPoster } from './deliver/deliver.ts';
import { checkFeedCanBeAdded, checkFeedUrl, cleanLabel, noSuchFeed } from './collect/feed-input.ts';
import { changeGuildSettings, getGuildSettings, listGuildSettings, updateGuildSettings } from './guilds.ts';
import { recentNews } from './deliver/news.ts';
import { createRateLimiter } from '../async/rate-limit.ts';
import { digestStatus, runGuildDigest, trackedFeeds, type DigestStatus, type GuildRunResult, type TrackedFeed } from './run.ts';
import { createScheduler, type DigestScheduler } from './schedule/scheduler.ts';
import type { FeedState, GuildFeed, GuildSettings, NewsRecord } from './state.ts';
import { parseDigestTime, timeToCron, validateTimeZone } from './schedule/input.ts';

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

/** /feeds add fetches the network and writes the settings: a few per user, and per server, per minute. */
const FEED_ADDS_PER_USER_PER_MINUTE = 5;
const FEED_ADDS_PER_SERVER_PER_MINUTE = 10;

/**
 * The digest as the Discord commands and the scheduler see it: settings, feeds, runs. One per bot process.
 * Every method that takes user input validates it and throws a UserError with a bilingual reason.
 */
export function createDigestService(deps: DigestServiceDeps) {
  const { kb, store, poster, log, config } = deps;
  const now = deps.now ?? (() => new Date());
  const testLimiter = createRateLimiter({ limit: FEED_TESTS_PER_MINUTE, windowMs: 60_000, now });
  const addLimiters = {
    user: createRateLimiter({ limit: FEED_ADDS_PER_USER_PER_MINUTE, windowMs: 60_000, now }),
    server: createRateLimiter({ limit: FEED_ADDS_PER_SERVER_PER_MINUTE, windowMs: 60_000, now }),
  };
  const settingsLock = createKeyedMutex();
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

  /**
   * Stores a settings change, then makes the live schedule follow what was stored. One change at a time per server
   * in this process, so two admins' changes reach the scheduler in the order they reached the store.
   */
  function changeSchedule(guildId: string, blank: () => GuildSettings, next: (current: GuildSettings) => GuildSettings): Promise<GuildSettings> {
    return settingsLock([guildId], async () => {
      const settings = await changeGuildSettings(store, guildId, blank, next);
      schedule(settings);
      return settings;
    });
  }

  function takeAddSlot(guildId: string, userId: string): void {
    const wait = Math.max(addLimiters.user.take(userId), addLimiters.server.take(guildId));
    if (wait <= 0) return;
    const seconds = Math.ceil(wait / 1000);
    throw new UserError({
      en: `Feeds can be added ${FEED_ADDS_PER_USER_PER_MINUTE} a minute per person and ${FEED_ADDS_PER_SERVER_PER_MINUTE} per server. Try again in ${seconds} s.`,
      fr: `On peut ajouter ${FEED_ADDS_PER_USER_PER_MINUTE} flux par minute et par personne, et ${FEED_ADDS_PER_SERVER_PER_MINUTE} par serveur. Réessayez dans ${seconds} s.`,
    });
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
      if (defaultChannel !== undefined) {
        const { guildId, channelId, locale } = defaultChannel;
        await changeGuildSettings(store, guildId, () => ({ ...blankSettings(guildId, locale), channelId, enabled: true }), (current) => current);
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

    /**
     * Sets the channel (and optionally the time and time zone) and turns the digest on. The settings are stored
     * first, in one atomic change; only then does the live schedule follow, so a failed write changes nothing.
     */
    async setup(input: SetupInput): Promise<{ settings: GuildSettings; nextRun: Date | undefined }> {
      const cron = input.time === undefined ? undefined : timeToCron(parseDigestTime(input.time));
      const timeZone = input.timeZone === undefined ? undefined : validateTimeZone(input.timeZone);
      const settings = await changeSchedule(input.guildId, () => blankSettings(input.guildId, input.locale), (current) => ({
        ...current,
        channelId: input.channelId,
        cron: cron ?? current.cron,
        timeZone: timeZone ?? current.timeZone,
        locale: input.locale,
        enabled: true,
      }));
      return { settings, nextRun: scheduler.list().find((s) => s.guildId === input.guildId)?.nextRun };
    },

    async off(guildId: string): Promise<boolean> {
      if ((await getGuildSettings(store, guildId)) === undefined) return false;
      await changeSchedule(guildId, () => blankSettings(guildId, 'en'), (current) => ({ ...current, enabled: false }));
      return true;
    },

    async status(guildId: string): Promise<DigestStatusView> {
      const status = await digestStatus(store, guildId);
      const settings = status.settings ?? blankSettings(guildId, 'en');
      const nextRun = scheduler.list().find((s) => s.guildId === guildId)?.nextRun;
      return { ...status, ...(nextRun === undefined ? {} : { nextRun }), feeds: await feedHealth(settings) };
    },

    feeds: async (guildId: string) => feedHealth(await settingsOrBlank(guildId, 'en')),

    /**
     * Adds a server feed: the URL, the rate limits, then a read of the feed (it must really be a feed). That read
     * seeds the feed, so the next digest posts exactly what appears after the add; then the feed is stored in one
     * atomic change of the settings that checks the cap and duplicates again, against what is stored by then.
     */
    async addFeed(input: { guildId: string; url: string; label?: string | undefined; userId: string; locale: Locale }): Promise<{ feed: GuildFeed; test: FeedTestResult }> {
      const url = checkFeedUrl(input.url);
      const blank = () => blankSettings(input.guildId, input.locale);
      // Checked before the network too, so a hopeless add fails at once; the check that counts is in the write.
      checkFeedCanBeAdded(kb, (await getGuildSettings(store, input.guildId)) ?? blank(), url, config.feeds.maxPerGuild);
      takeAddSlot(input.guildId, input.userId);
      const read = await readFeed(url, fetchOptions);
      if (read.kind !== 'parsed') {
        const message = read.kind === 'failed' ? read.failure.message : { en: 'The server answered “not modified” to a plain request.', fr: 'Le serveur a répondu « non modifié » à une requête simple.' };
        throw new UserError({ en: `This feed cannot be added: ${message.en}`, fr: `Ce flux ne peut pas être ajouté : ${message.fr}` });
      }
      const label = cleanLabel(input.label, url);
      await seedFromRead({ kb, store, now, log }, { url, label }, read);
      const feed: GuildFeed = { url, label, addedBy: input.userId, addedAt: now().toISOString() };
      await changeGuildSettings(store, input.guildId, blank, (current) => {
        checkFeedCanBeAdded(kb, current, url, config.feeds.maxPerGuild);
        return { ...current, feeds: [...current.feeds, feed] };
      });
      log.info('feed added', { guildId: input.guildId, url, items: read.items.length });
      return { feed, test: judgeRead(kb, read) };
    },

    /** Removes a server feed by URL or label (matched against the stored settings, in the same atomic change). */
    async removeFeed(guildId: string, which: string): Promise<GuildFeed> {
      const wanted = which.trim();
      let removed: GuildFeed | undefined;
      const noFeed = () => new UserError({ en: 'This server has added no feed of its own (the default feeds cannot be removed).', fr: 'Ce serveur n’a ajouté aucun flux (les flux par défaut ne peuvent pas être retirés).' });
      const updated = await updateGuildSettings(store, guildId, (current) => {
        const match = current.feeds.find((feed) => feed.url === wanted || feed.label.toLowerCase() === wanted.toLowerCase() || safeNormalize(feed.url) === safeNormalize(wanted));
        if (match === undefined) throw noSuchFeed(wanted, current.feeds) ?? noFeed();
        removed = match;
        return { ...current, feeds: current.feeds.filter((feed) => feed.url !== match.url) };
      });
      if (updated === undefined || removed === undefined) throw noFeed();
      return removed;
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
