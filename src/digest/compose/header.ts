import { formatNumber, formatPartialDate, type Locale } from '../../i18n/locale.ts';
import type { EmbedBlock } from '../../render/layout.ts';
import { escapeLine } from '../../render/markdown.ts';
import { plural, withColon } from '../../i18n/typography.ts';
import type { DigestGroup } from './rank.ts';
import { feedLine } from '../../render/untrusted.ts';
import { discordTimestamp } from '../../render/timestamp.ts';
import { DIGEST_WORDS } from './words.ts';
import type { DigestContext } from '../types.ts';

/** Colour of the digest's header embed. */
export const HEADER_COLOR = 0x1f6feb;
const GUILD_NAME_MAX = 100;

/** A section's heading: "Possible new retreats", the dimension's name in the reader's language, or "Other news". */
export function groupName(group: DigestGroup, locale: Locale): string {
  if (group.retreats === true) return DIGEST_WORDS.retreatsSection[locale];
  return group.dimension === undefined ? DIGEST_WORDS.otherNews[locale] : group.dimension.name[locale];
}

/** "📰 News digest · My server — 21 November 2025" (the day of `now`, in UTC); "Weekly news digest" when weekly. */
function headerTitle(ctx: DigestContext): string {
  const locale = ctx.locale;
  const day = new Date(ctx.now);
  if (Number.isNaN(day.getTime())) throw new RangeError(`digest context: "now" is not a date: ${ctx.now}`);
  const guild = ctx.guildName === undefined ? '' : feedLine(ctx.guildName, GUILD_NAME_MAX);
  const date = formatPartialDate(day.toISOString().slice(0, 10), locale);
  const title = ctx.weekly === true ? DIGEST_WORDS.weeklyTitle[locale] : DIGEST_WORDS.title[locale];
  return `📰 ${title}${guild === '' ? '' : ` · ${guild}`} — ${date}`;
}

/** "**Period:** <t:…:f> → <t:…:f>", or "up to <t:…:f>" without a start. */
export function periodLine(ctx: DigestContext): string {
  const locale = ctx.locale;
  const label = `**${withColon(DIGEST_WORDS.period[locale], locale)}**`;
  const now = discordTimestamp(ctx.now, 'f') ?? '';
  const since = discordTimestamp(ctx.since, 'f');
  return since === undefined ? `${label} ${DIGEST_WORDS.upTo[locale]} ${now}` : `${label} ${since} → ${now}`;
}

/** "**14 items** · ⚠️ 3 possible new retreats · Compute & chips 5, Other news 2"; "**14 items this week** · …" when weekly. */
export function countsLine(groups: readonly DigestGroup[], locale: Locale, weekly = false): string {
  const items = groups.flatMap((group) => group.items);
  const retreats = items.filter((item) => item.possibleRetreat).length;
  const week = weekly ? ` ${DIGEST_WORDS.thisWeek[locale]}` : '';
  const parts = [`**${formatNumber(items.length, locale)} ${plural(items.length, DIGEST_WORDS.items[locale], locale)}${week}**`];
  if (retreats > 0) parts.push(`⚠️ ${formatNumber(retreats, locale)} ${plural(retreats, DIGEST_WORDS.retreats[locale], locale)}`);
  const perGroup = groups.filter((group) => group.retreats !== true).map((group) => `${escapeLine(groupName(group, locale))} ${formatNumber(group.items.length, locale)}`);
  if (perGroup.length > 0) parts.push(perGroup.join(', '));
  return parts.join(' · ');
}

/** The header: date, counts, period covered and where the tags come from. */
export function headerBlock(groups: readonly DigestGroup[], ctx: DigestContext): EmbedBlock {
  return {
    title: headerTitle(ctx),
    color: HEADER_COLOR,
    description: [countsLine(groups, ctx.locale, ctx.weekly === true), periodLine(ctx), `_${DIGEST_WORDS.tagsNote[ctx.locale]}_`],
  };
}

/** The header of a digest with nothing in it: date, period, "Nothing new". */
export function emptyHeaderBlock(ctx: DigestContext): EmbedBlock {
  return { title: headerTitle(ctx), color: HEADER_COLOR, description: [DIGEST_WORDS.nothingNew[ctx.locale], periodLine(ctx)] };
}
