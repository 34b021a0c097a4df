import { getGuildSettings } from '../guilds.ts';
import { trackedFeeds } from '../collect/tracked-feeds.ts';
import { runGuildDigest } from '../run/run.ts';
import type { GuildRunResult } from '../run/types.ts';
import { collectOnce } from './collect-once.ts';
import type { ServiceContext } from './context.ts';

/** /digest now refetches a feed read more than this long ago. */
const MANUAL_MIN_REFETCH_MS = 60_000;

/**
 * Collects the server's feeds, then delivers its digest. Scheduled runs share a fetch made in the last ten
 * minutes (servers whose digests fire together); an admin's /digest now refetches anything older than a minute.
 */
export async function runDigest(ctx: ServiceContext, guildId: string, reason: string): Promise<GuildRunResult> {
  const { kb, store, log } = ctx;
  log.debug('digest run started', { guildId, reason });
  const settings = await getGuildSettings(store, guildId);
  if (settings !== undefined) {
    const options = reason === 'command' ? { ...ctx.fetchOptions, minRefetchMs: MANUAL_MIN_REFETCH_MS } : ctx.fetchOptions;
    const report = await collectOnce(ctx, trackedFeeds(kb, settings), options);
    const failed = report.feeds.filter((feed) => feed.status === 'failed');
    log.info('feeds collected', { guildId, feeds: report.feeds.length, failed: failed.length, added: report.added });
  }
  const result = await runGuildDigest(runDeps(ctx), guildId, { reason });
  log.info('digest run', { guildId, reason, outcome: result.outcome, delivered: result.delivered, pending: result.pending });
  return result;
}

export function runDeps(ctx: ServiceContext) {
  const { kb, store, poster, log, now } = ctx;
  return { kb, store, poster, log, now, leases: sharedLeases(ctx), limits: ctx.config.digest.limits };
}

/** The leases a server's delivery takes across processes: none on SQLite, where the in-process lock is enough. */
export function sharedLeases(ctx: Pick<ServiceContext, 'leases'>) {
  return ctx.leases.shared ? ctx.leases : undefined;
}
