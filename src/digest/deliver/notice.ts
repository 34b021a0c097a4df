import { slash } from '../../render/commands.ts';
import { formatNumber, type Locale, type LocalizedText } from '../../i18n/locale.ts';
import { noMentions, type MessagePayload } from '../../render/payload.ts';
import { plural, withColon } from '../../i18n/typography.ts';
import { feedLine } from '../../render/untrusted.ts';
import type { FeedState } from '../state.ts';

/** A feed the notice is about: its name (UNTRUSTED) and its state. */
export interface FailingFeed {
  readonly label: string;
  readonly state: FeedState;
}

/** Feeds named in one notice at most; the others are counted ("+4 more feeds"). */
export const NOTICE_MAX_FEEDS = 10;
const NOTICE_COLOR = 0xe67e22;
const LABEL_MAX = 80;
const REASON_MAX = 160;
/** The feed lines stop before this, leaving room for the last lines and the delivery marker. */
const LINES_BUDGET = 3600;

const WORDS = {
  title: {
    en: { one: '⚠️ {n} feed keeps failing', other: '⚠️ {n} feeds keep failing' },
    fr: { one: '⚠️ {n} flux échoue passage après passage', other: '⚠️ {n} flux échouent passage après passage' },
  },
  failed: { en: 'failed {n} runs in a row', fr: '{n} échecs de suite' },
  noReason: { en: 'no details', fr: 'sans détails' },
  more: {
    en: { one: '+{n} more feed', other: '+{n} more feeds' },
    fr: { one: '+{n} autre flux', other: '+{n} autres flux' },
  },
  status: {
    en: { one: `${slash('digest status', 'en')} shows its health.`, other: `${slash('digest status', 'en')} shows their health.` },
    fr: { one: `${slash('digest status', 'fr')} montre son état.`, other: `${slash('digest status', 'fr')} montre leur état.` },
  },
} as const;

const fill = (template: string, n: number, locale: Locale) => template.replace('{n}', formatNumber(n, locale));

/** "• **TechNode** — failed 3 runs in a row: The server answered 503." with feed text made inert. */
function feedItemLine(feed: FailingFeed, locale: Locale): string {
  const label = feedLine(feed.label, LABEL_MAX) || feedLine(feed.state.url, LABEL_MAX);
  const message: LocalizedText | undefined = feed.state.lastError?.message;
  const reason = feedLine((message?.[locale] ?? WORDS.noReason[locale]).replace(/[\s.]+$/, ''), REASON_MAX);
  return `• **${label}** — ${withColon(fill(WORDS.failed[locale], feed.state.consecutiveFailures, locale), locale)} ${reason}.`;
}

/**
 * The one notice of a run about the feeds that keep failing, in the server's language: each feed with its failures
 * in a row and its last error (at most `NOTICE_MAX_FEEDS`, and fewer when their names are long), the others
 * counted, then where to look. Under 4,000 characters whatever the names, so the delivery marker fits; pings nobody.
 * Throws a RangeError for no feed.
 */
export function failingFeedsNotice(feeds: readonly FailingFeed[], locale: Locale): MessagePayload {
  if (feeds.length === 0) throw new RangeError('a failing-feeds notice needs at least one feed');
  const lines: string[] = [];
  let used = 0;
  for (const feed of feeds.slice(0, NOTICE_MAX_FEEDS)) {
    const line = feedItemLine(feed, locale);
    if (lines.length > 0 && used + line.length + 1 > LINES_BUDGET) break;
    lines.push(line);
    used += line.length + 1;
  }
  const rest = feeds.length - lines.length;
  if (rest > 0) lines.push(fill(plural(rest, WORDS.more[locale], locale), rest, locale));
  lines.push(plural(feeds.length, WORDS.status[locale], locale));
  return {
    embeds: [{ title: fill(plural(feeds.length, WORDS.title[locale], locale), feeds.length, locale), description: lines.join('\n'), color: NOTICE_COLOR }],
    allowed_mentions: noMentions(),
  };
}
