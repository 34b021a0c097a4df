import { slash } from '../../render/commands.ts';
import type { Locale } from '../../i18n/locale.ts';
import { discordTimestamp } from '../../render/timestamp.ts';
import { feedLine } from '../../render/untrusted.ts';
import type { FeedTestResult } from '../collect/feed-test.ts';
import { describeSchedule } from '../schedule/cron-schedule.ts';
import type { GuildFeed } from '../state.ts';

/** The one-line replies of /digest and /feeds: what was set up, turned off, added or removed. */

/** What /digest setup settled: the channel, the schedule, the digest's language and its next run. */
export interface SetupDone {
  readonly channelId: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly language: Locale;
  readonly nextRun: Date | undefined;
  /** The item cap, when the admin gave one. */
  readonly maxItems?: number | undefined;
  /** A day given for a daily digest (ignored). */
  readonly dayIgnored?: boolean;
}

/** After /digest setup: where and when the digest will be posted, in which language, and the next run. */
export function renderSetupDone(done: SetupDone, locale: Locale): string {
  const when = describeSchedule(done.cron, done.timeZone, locale);
  const next = done.nextRun === undefined ? '' : ` ${discordTimestamp(done.nextRun.toISOString(), 'F')}`;
  const french = done.language === 'fr';
  const cap = done.maxItems === undefined ? '' : { en: ` At most ${done.maxItems} item(s) per digest.`, fr: ` Au plus ${done.maxItems} actualité(s) par résumé.` }[locale];
  const day = done.dayIgnored === true ? { en: ' (day: is for weekly digests: ignored.)', fr: ' (jour: sert aux résumés hebdomadaires : ignoré.)' }[locale] : '';
  return {
    en: `✅ The digest will be posted in <#${done.channelId}> ${when}, in ${french ? 'French' : 'English'}.${cap}${day} Next:${next}`,
    fr: `✅ Le résumé sera publié dans <#${done.channelId}> ${when}, en ${french ? 'français' : 'anglais'}.${cap}${day} Prochain\u00a0:${next}`,
  }[locale];
}

/** /digest preview with no new relevant item. */
export function renderNothingToPreview(locale: Locale): string {
  return { en: 'Nothing to preview: no new relevant item since the last digest.', fr: 'Rien à prévisualiser\u00a0: aucune actualité pertinente depuis le dernier résumé.' }[locale];
}

/** After /digest off: whether there was a digest to turn off. */
export function renderDigestOff(existed: boolean, locale: Locale): string {
  return existed
    ? { en: `The digest is off. ${slash('digest setup', 'en')} turns it back on.`, fr: `Le résumé est désactivé. ${slash('digest setup', 'fr')} le réactive.` }[locale]
    : { en: 'The digest was not set up on this server.', fr: 'Le résumé n’était pas configuré sur ce serveur.' }[locale];
}

/** After /feeds add: the feed now tracked, what it holds now and how much of it is relevant. */
export function renderFeedAdded(feed: GuildFeed, test: FeedTestResult, locale: Locale): string {
  const items = test.ok ? test.items.length : 0;
  const kept = test.ok ? test.items.filter((item) => item.kept).length : 0;
  return {
    en: `✅ Now tracking “${feedLine(feed.label, 80)}”: ${items} item(s) there now, ${kept} of them relevant. Items published from now on will appear in the digest.`,
    fr: `✅ Flux « ${feedLine(feed.label, 80)} » suivi : ${items} élément(s) en ce moment, dont ${kept} pertinent(s). Les actualités publiées à partir de maintenant apparaîtront dans le résumé.`,
  }[locale];
}

/** After /feeds remove. */
export function renderFeedRemoved(feed: GuildFeed, locale: Locale): string {
  return { en: `Stopped tracking “${feedLine(feed.label, 80)}”.`, fr: `Le flux « ${feedLine(feed.label, 80)} » n’est plus suivi.` }[locale];
}
