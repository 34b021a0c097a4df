import type { APIEmbed } from 'discord.js';
import { formatNumber, type Locale } from '../../i18n/locale.ts';
import { plural } from '../../i18n/typography.ts';
import { feedLine } from '../../render/untrusted.ts';
import type { DigestPlan } from './select.ts';
import { DIGEST_WORDS } from './words.ts';

const OVERFLOW_COLOR = 0x7f8c8d;
/** Feeds named one per line at most; the others share one line. */
export const OVERFLOW_MAX_FEED_LINES = 8;
const LABEL_MAX = 60;
/** Room for the feed lines: with the other-feeds, total and note lines the embed stays under 1,500 characters. */
const FEED_LINES_BUDGET = 1100;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** "+1,980 more from Feed X" / « +1 980 de plus dans Feed X »: the feed's name made inert. */
export function moreFromLine(count: number, label: string, locale: Locale): string {
  return fill(DIGEST_WORDS.moreFrom[locale], { n: formatNumber(count, locale), feed: feedLine(label, LABEL_MAX) });
}

/**
 * The embed that says what the digest does not show: one line per feed, the most first (at most
 * `OVERFLOW_MAX_FEED_LINES`, the rest on one line), a total when several feeds overflow, and what becomes of them.
 * Undefined when everything is shown. At most 1,500 characters, whatever the feeds' names.
 */
export function overflowEmbed(plan: DigestPlan, maxItemsPerFeed: number, locale: Locale): APIEmbed | undefined {
  if (plan.overflow.length === 0) return undefined;
  const lines: string[] = [];
  let used = 0;
  let listed = 0;
  for (const feed of plan.overflow) {
    const line = moreFromLine(feed.count, feed.label, locale);
    if (listed >= OVERFLOW_MAX_FEED_LINES || used + line.length + 1 > FEED_LINES_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
    listed += 1;
  }
  const rest = plan.overflow.slice(listed);
  if (rest.length > 0) {
    const n = rest.reduce((sum, feed) => sum + feed.count, 0);
    lines.push(fill(plural(rest.length, DIGEST_WORDS.moreFromOthers[locale], locale), { n: formatNumber(n, locale), k: formatNumber(rest.length, locale) }));
  }
  if (plan.overflow.length > 1) {
    const total = plan.overflow.reduce((sum, feed) => sum + feed.count, 0);
    lines.push(`**${fill(DIGEST_WORDS.moreInAll[locale], { n: formatNumber(total, locale) })}**`);
  }
  lines.push(`_${noteFor(plan, maxItemsPerFeed, locale)}_`);
  return { title: DIGEST_WORDS.notShown[locale], description: lines.join('\n'), color: OVERFLOW_COLOR };
}

/** Carried, summarised, or both (items turned away by the pool count as summarised); which are carried when not all. */
function noteFor(plan: DigestPlan, maxItemsPerFeed: number, locale: Locale): string {
  const total = plan.overflow.reduce((sum, feed) => sum + feed.count, 0);
  if (plan.carried.length === total) return DIGEST_WORDS.carriedNote[locale];
  if (plan.carried.length === 0) return DIGEST_WORDS.summarizedNote[locale];
  if (plan.carryCapped) return fill(plural(plan.carried.length, DIGEST_WORDS.bestNote[locale], locale), { n: formatNumber(plan.carried.length, locale) });
  return fill(DIGEST_WORDS.mixedNote[locale], { n: formatNumber(maxItemsPerFeed, locale) });
}
