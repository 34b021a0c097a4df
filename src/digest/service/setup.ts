import { UserError } from '../../errors.ts';
import type { Locale } from '../../i18n/locale.ts';
import { getGuildSettings } from '../guilds.ts';
import { cronTime, scheduleCron } from '../schedule/cron-schedule.ts';
import { parseDigestTime, validateTimeZone, type DigestTime } from '../schedule/input.ts';
import { MAX_DIGEST_ITEMS, MIN_DIGEST_ITEMS, type DigestFrequency, type GuildSettings } from '../state.ts';
import { blankSettings, changeSchedule, nextRunOf, type ServiceContext } from './context.ts';

export interface SetupInput {
  readonly guildId: string;
  readonly channelId: string;
  readonly time?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly locale: Locale;
  /** The most items a digest shows (MIN_DIGEST_ITEMS to MAX_DIGEST_ITEMS). */
  readonly items?: number | undefined;
  readonly frequency?: DigestFrequency | undefined;
  /** ISO weekday of a weekly digest (1 = Monday … 7 = Sunday); a daily digest ignores it. */
  readonly weekday?: number | undefined;
}

/** A digest's time when neither the admin nor the stored schedule gives one. */
const DEFAULT_TIME: DigestTime = { hour: 8, minute: 0 };

const WEEKLY_NEEDS_A_DAY = {
  en: 'A weekly digest needs a day: add day: (e.g. frequency:weekly day:Monday).',
  fr: 'Un résumé hebdomadaire a besoin d’un jour : ajoutez jour: (par ex. fréquence:hebdomadaire jour:lundi).',
};

/**
 * Sets the channel (and optionally the time, time zone, item cap, frequency and weekday) and turns the digest on.
 * The settings are stored first, in one atomic change whose checks read what is stored then; only then does the
 * live schedule follow, so a failed write changes nothing. The stored cron follows the frequency: weekly runs on its
 * weekday at the time, in the zone. A cron is only rebuilt when the time, frequency or day is given, so a custom
 * DIGEST_CRON default stays as it is otherwise.
 */
export async function setupDigest(ctx: ServiceContext, input: SetupInput): Promise<{ settings: GuildSettings; nextRun: Date | undefined }> {
  const time = input.time === undefined ? undefined : parseDigestTime(input.time);
  const timeZone = input.timeZone === undefined ? undefined : validateTimeZone(input.timeZone);
  const items = input.items === undefined ? undefined : checkItems(input.items);
  const settings = await changeSchedule(ctx, input.guildId, () => blankSettings(ctx, input.guildId, input.locale), (current) => ({
    ...withSchedule(current, { time, frequency: input.frequency, weekday: input.weekday }),
    channelId: input.channelId,
    timeZone: timeZone ?? current.timeZone,
    locale: input.locale,
    enabled: true,
    ...(items === undefined ? {} : { maxItems: items }),
  }));
  return { settings, nextRun: nextRunOf(ctx, input.guildId) };
}

/** The settings with the schedule asked for; a UserError for a weekly digest with no day, given or stored. */
function withSchedule(current: GuildSettings, asked: { time: DigestTime | undefined; frequency: DigestFrequency | undefined; weekday: number | undefined }): GuildSettings {
  if (asked.time === undefined && asked.frequency === undefined && asked.weekday === undefined) return current;
  const frequency = asked.frequency ?? current.frequency ?? 'daily';
  const time = asked.time ?? cronTime(current.cron) ?? DEFAULT_TIME;
  const { weekday: _stored, ...rest } = current;
  if (frequency === 'daily') return { ...rest, frequency, cron: scheduleCron(time, 'daily') };
  const weekday = asked.weekday ?? current.weekday;
  if (weekday === undefined) throw new UserError(WEEKLY_NEEDS_A_DAY);
  return { ...rest, frequency, weekday, cron: scheduleCron(time, 'weekly', weekday) };
}

function checkItems(items: number): number {
  if (Number.isInteger(items) && items >= MIN_DIGEST_ITEMS && items <= MAX_DIGEST_ITEMS) return items;
  throw new UserError({
    en: `items: must be a whole number from ${MIN_DIGEST_ITEMS} to ${MAX_DIGEST_ITEMS}.`,
    fr: `items: doit être un nombre entier de ${MIN_DIGEST_ITEMS} à ${MAX_DIGEST_ITEMS}.`,
  });
}

/** Turns the digest off; false when the server had never set it up. */
export async function turnDigestOff(ctx: ServiceContext, guildId: string): Promise<boolean> {
  if ((await getGuildSettings(ctx.store, guildId)) === undefined) return false;
  await changeSchedule(ctx, guildId, () => blankSettings(ctx, guildId, 'en'), (current) => ({ ...current, enabled: false }));
  return true;
}
