import type { Locale } from '../../i18n/locale.ts';
import { deliverOutbox } from '../deliver/deliver.ts';
import { changeGuildSettings, listGuildSettings } from '../guilds.ts';
import { digestStatus } from '../run-status.ts';
import { blankSettings, schedule, type ServiceContext } from './context.ts';
import { sharedLeases } from './run-digest.ts';

/** DIGEST_CHANNEL_ID's server and channel, which get the default schedule when the server has no settings yet. */
export interface DefaultChannel {
  readonly guildId: string;
  readonly channelId: string;
  readonly locale: Locale;
}

/**
 * Schedules every configured server of this process's shards, finishes their digests cut short, and runs once a
 * digest missed while the bot was down. Other shards' servers are left to the processes that run them.
 */
export async function startDigests(ctx: ServiceContext, defaultChannel?: DefaultChannel): Promise<void> {
  const { store, poster, log, now } = ctx;
  const leases = sharedLeases(ctx);
  if (defaultChannel !== undefined && ctx.owns(defaultChannel.guildId)) {
    const { guildId, channelId, locale } = defaultChannel;
    await changeGuildSettings(store, guildId, () => ({ ...blankSettings(ctx, guildId, locale), channelId, enabled: true }), (current) => current);
  }
  const all = (await listGuildSettings(store)).filter((settings) => ctx.owns(settings.guildId));
  for (const settings of all) schedule(ctx, settings);
  // From here on each server's task runs its slots: a catch-up looks no later, or a slot passing while the bot
  // starts would be run by the catch-up, which start-up (and "bot ready") waits for.
  const scheduledAt = now();
  // A digest cut short by a crash or a Discord failure goes out now, not at the next scheduled run.
  for (const settings of all) {
    if ((await digestStatus(store, settings.guildId)).pendingMessages === 0) continue;
    const result = await deliverOutbox({ store, poster, log, now, leases }, settings.guildId);
    log.info('interrupted digest resumed', { guildId: settings.guildId, ok: result.ok, sent: result.sent, pending: result.pending });
  }
  const active = all.filter((s) => s.enabled && s.channelId !== undefined);
  await ctx.scheduler.catchUp(active.map((s) => ({ guildId: s.guildId, cron: s.cron, timeZone: s.timeZone, ...(s.lastRunAt === undefined ? {} : { lastRunAt: s.lastRunAt }) })), scheduledAt);
}
