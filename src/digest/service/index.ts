import type { FeedTestResult } from '../collect/feed-test.ts';
import { dismissLead, type DismissOutcome } from '../deliver/leads.ts';
import { recentNews } from '../deliver/news.ts';
import { readServerLeads, type ServerLeads } from '../leads-read.ts';
import { getGuildSettings } from '../guilds.ts';
import type { GuildRunResult } from '../run/types.ts';
import { createScheduler } from '../schedule/scheduler.ts';
import { runSlotOnce, SLOT_LEASE_MS } from '../schedule/slot-claim.ts';
import type { DigestFilters, GuildFeed, GuildSettings, NewsRecord } from '../state.ts';
import type { Choice } from '../../kb/name-lookup.ts';
import type { Locale } from '../../i18n/locale.ts';
import { addFeed, type AddFeedInput } from './add-feed.ts';
import { createServiceContext, type DigestServiceDeps, type ServiceContext } from './context.ts';
import { removeFeed } from './remove-feed.ts';
import { runDigest } from './run-digest.ts';
import { previewDigest, type PreviewView } from './preview.ts';
import { filtersOf, setFilters, type FilterChange } from './set-filters.ts';
import { setAlert } from './set-alert.ts';
import { matchDefaultFeeds, muteFeed, unmuteFeed, type MuteOutcome } from './mute-feed.ts';
import { setupDigest, turnDigestOff, type SetupInput } from './setup.ts';
import { startDigests, type DefaultChannel } from './start.ts';
import { feedsOf, statusOf, type DigestStatusView, type FeedHealth } from './status.ts';
import { testFeed } from './test-feed.ts';

export type { DigestConfig, DigestServiceDeps } from './context.ts';
export type { AddFeedInput } from './add-feed.ts';
export type { SetupInput } from './setup.ts';
export type { BeforeSetup, PreviewView } from './preview.ts';
export type { FilterChange } from './set-filters.ts';
export type { MuteOutcome } from './mute-feed.ts';
export type { DefaultChannel } from './start.ts';
export type { DigestStatusView, FeedHealth } from './status.ts';

/**
 * The digest as the Discord commands and the scheduler see it: settings, feeds, runs. One per bot process.
 * Every operation that takes user input validates it and throws a UserError with a bilingual reason.
 */
export interface DigestService {
  /** How many feeds of its own a server may add. */
  readonly maxOwnFeeds: number;
  start(defaultChannel?: DefaultChannel): Promise<void>;
  /** Stops the scheduler; resolves once the runs under way have finished. */
  stop(): Promise<void>;
  runNow(guildId: string): Promise<GuildRunResult>;
  /** What a run would post now; a server not set up is previewed with its settings or the defaults, in `locale`. */
  preview(guildId: string, locale: Locale): Promise<PreviewView>;
  setup(input: SetupInput): Promise<{ settings: GuildSettings; nextRun: Date | undefined }>;
  off(guildId: string): Promise<boolean>;
  /** The server's filters (none when it has none). */
  filters(guildId: string): Promise<DigestFilters>;
  setFilters(change: FilterChange): Promise<DigestFilters>;
  /** Sets (or, with no role, turns off) the role the digest pings for possible new retreats; the role it had before. */
  setAlert(guildId: string, roleId: string | undefined): Promise<{ previous?: string }>;
  muteFeed(guildId: string, which: string): Promise<MuteOutcome>;
  unmuteFeed(guildId: string, which: string): Promise<MuteOutcome>;
  /** Autocomplete of /feeds mute (default feeds not muted) and unmute (muted ones). */
  defaultFeedChoices(guildId: string, typed: string, muted: boolean): Promise<Choice[]>;
  status(guildId: string): Promise<DigestStatusView>;
  feeds(guildId: string): Promise<FeedHealth[]>;
  addFeed(input: AddFeedInput): Promise<{ feed: GuildFeed; test: FeedTestResult }>;
  removeFeed(guildId: string, which: string): Promise<GuildFeed>;
  testFeed(url: string, userId: string, guildId: string): Promise<FeedTestResult>;
  /** The latest digest items about a company delivered to this server. */
  companyNews(guildId: string, companyId: string, limit?: number): Promise<NewsRecord[]>;
  /** The server's own feeds, for autocomplete. */
  ownFeeds(guildId: string): Promise<readonly GuildFeed[]>;
  /** The server's leads and the feeds it tracks, and the service's clock, for /leads. */
  leads(guildId: string): Promise<ServerLeads & { now: Date }>;
  /** Dismisses a lead of the server (and the rest of its story) for good, as `userId`. */
  dismissLead(guildId: string, leadId: string, userId: string): Promise<DismissOutcome>;
}

/** Builds the service: one context, one operation per file (see ./). */
export function createDigestService(deps: DigestServiceDeps): DigestService {
  const ctx: ServiceContext = createServiceContext(deps, (now) =>
    createScheduler({
      now,
      log: deps.log,
      // Each slot once across every process: a catch-up after a crash waits out the lease the dead process left.
      runDigest: async (guildId, scheduledFor, reason) => {
        const claim = await runSlotOnce(ctx.leases, guildId, scheduledFor, deps.log, () => runDigest(ctx, guildId, reason).then(() => undefined), reason === 'catch-up' ? SLOT_LEASE_MS + 5_000 : 0);
        if (claim !== 'ran') deps.log.info('digest slot skipped', { guildId, scheduledFor: scheduledFor.toISOString(), reason, claim });
        else await deps.store.purgeExpired();
      },
    }),
  );
  return {
    maxOwnFeeds: deps.config.feeds.maxPerGuild,
    start: (defaultChannel) => startDigests(ctx, defaultChannel),
    stop: () => ctx.scheduler.stop(),
    runNow: (guildId) => runDigest(ctx, guildId, 'command'),
    preview: (guildId, locale) => previewDigest(ctx, guildId, locale),
    setup: (input) => setupDigest(ctx, input),
    off: (guildId) => turnDigestOff(ctx, guildId),
    filters: (guildId) => filtersOf(ctx, guildId),
    setFilters: (change) => setFilters(ctx, change),
    setAlert: (guildId, roleId) => setAlert(ctx, guildId, roleId),
    muteFeed: (guildId, which) => muteFeed(ctx, guildId, which),
    unmuteFeed: (guildId, which) => unmuteFeed(ctx, guildId, which),
    defaultFeedChoices: async (guildId, typed, muted) => matchDefaultFeeds(ctx.kb, await getGuildSettings(ctx.store, guildId), typed, muted),
    status: (guildId) => statusOf(ctx, guildId),
    feeds: (guildId) => feedsOf(ctx, guildId),
    addFeed: (input) => addFeed(ctx, input),
    removeFeed: (guildId, which) => removeFeed(ctx, guildId, which),
    testFeed: (url, userId, guildId) => testFeed(ctx, url, userId, guildId),
    companyNews: (guildId, companyId, limit = 5) => recentNews(ctx.store, guildId, { companyId, limit }),
    ownFeeds: async (guildId) => (await getGuildSettings(ctx.store, guildId))?.feeds ?? [],
    leads: async (guildId) => ({ ...(await readServerLeads(ctx.store, ctx.kb, guildId)), now: ctx.now() }),
    dismissLead: (guildId, leadId, userId) => dismissLead(ctx.store, guildId, leadId, userId, ctx.now().toISOString()),
  };
}
