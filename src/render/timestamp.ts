/** Discord timestamp styles: `f` "21 November 2025 08:00", `F` with the weekday, `R` "3 hours ago". */
export type TimestampStyle = 'f' | 'F' | 'R';

/** Seconds since the Unix epoch, or undefined when the text is not a date. */
export function unixSeconds(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** `<t:UNIX:style>`, which Discord shows in each reader's own time zone and language; undefined without a date. */
export function discordTimestamp(iso: string | undefined, style: TimestampStyle): string | undefined {
  const seconds = unixSeconds(iso);
  return seconds === undefined ? undefined : `<t:${seconds}:${style}>`;
}

/**
 * When the item happened as far as the digest can tell: its publication date, unless missing, unreadable or
 * later than when we first saw it (a feed with a wrong clock), then when we first saw it.
 */
export function itemTime(item: { readonly publishedAt?: string; readonly firstSeenAt: string }): string | undefined {
  const published = unixSeconds(item.publishedAt);
  const seen = unixSeconds(item.firstSeenAt);
  if (published !== undefined && (seen === undefined || published <= seen)) return item.publishedAt;
  return seen === undefined ? undefined : item.firstSeenAt;
}
