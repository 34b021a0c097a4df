import type { Locale } from '../../i18n/locale.ts';
import { getGuildSettings } from '../guilds.ts';
import { parseDigestTime, timeToCron, validateTimeZone } from '../schedule/input.ts';
import type { GuildSettings } from '../state.ts';
import { blankSettings, changeSchedule, nextRunOf, type ServiceContext } from './context.ts';

export interface SetupInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly time?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly locale: Locale;
}

/**
 * Sets the channel (and optionally the time and time zone) and turns the digest on. The settings are stored first,
 * in one atomic change; only then does the live schedule follow, so a failed write changes nothing.
 */
export async function setupDigest(ctx: ServiceContext, input: SetupInput): Promise<{ settings: GuildSettings; nextRun: Date | undefined }> {
  const cron = input.time === undefined ? undefined : timeToCron(parseDigestTime(input.time));
  const timeZone = input.timeZone === undefined ? undefined : validateTimeZone(input.timeZone);
  const settings = await changeSchedule(ctx, input.guildId, () => blankSettings(ctx, input.guildId, input.locale), (current) => ({
    ...current,
    channelId: input.channelId,
    cron: cron ?? current.cron,
    timeZone: timeZone ?? current.timeZone,
    locale: input.locale,
    enabled: true,
  }));
  return { settings, nextRun: nextRunOf(ctx, input.guildId) };
}

/** Turns the digest off; false when the server had never set it up. */
export async function turnDigestOff(ctx: ServiceContext, guildId: string): Promise<boolean> {
  if ((await getGuildSettings(ctx.store, guildId)) === undefined) return false;
  await changeSchedule(ctx, guildId, () => blankSettings(ctx, guildId, 'en'), (current) => ({ ...current, enabled: false }));
  return true;
}
