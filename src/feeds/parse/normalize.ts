import { parseFeedDate } from './feed-date.ts';
import { collapseWhitespace, htmlToText, truncateText } from './html-text.ts';
import { assignItemIds } from '../identify/item-ids.ts';
import type { FeedItem } from '../item.ts';
import type { RawFeed, RawFeedItem } from './raw.ts';

export const MAX_TITLE_LENGTH = 300;
export const MAX_SUMMARY_LENGTH = 500;
/** A title made from the summary, for items that have none. */
const FALLBACK_TITLE_LENGTH = 120;
/**
 * How much of a summary's text is converted: enough for its cuts, and longer than any title made from text, so that a
 * start which stops short of the end never equals the title (the link is the title only when there is no summary).
 */
const SUMMARY_TEXT_NEEDED = Math.max(MAX_SUMMARY_LENGTH, FALLBACK_TITLE_LENGTH, MAX_TITLE_LENGTH) + 1;
/** Longer HTML is cut before stripping: a summary never needs more, and stripping stays cheap. */
const MAX_HTML_READ = 50_000;
/** xml2js objects nest as deep as the XML; the worker refuses deep documents, this is a second fence. */
const MAX_TEXT_DEPTH = 64;

/**
 * The text inside a raw field, whatever shape the XML parser gave it: a string, or an object holding
 * text (`_`) and child elements, attributes (`$`) left out.
 */
export function textOf(value: unknown, depth = 0): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth > MAX_TEXT_DEPTH || value === null || typeof value !== 'object') return '';
  if (Array.isArray(value)) return value.map((entry) => textOf(entry, depth + 1)).join(' ');
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (key !== '$') parts.push(textOf(child, depth + 1));
  }
  return parts.join(' ');
}

/**
 * A raw field as plain text: tags and script content removed, entities decoded, whitespace collapsed.
 * With `enough`, only the start of the text may be converted: at least its first `enough` characters.
 */
export function plainText(value: unknown, enough?: number): string {
  const text = textOf(value);
  return htmlToText(text.length > MAX_HTML_READ ? text.slice(0, MAX_HTML_READ) : text, enough);
}

/** A raw field as plain text cut to `max` characters; converting one character more tells whether to cut. */
function cutText(value: unknown, max: number): string {
  return truncateText(plainText(value, max + 1), max);
}

/** The plain text of the first field that has some (the later ones are not converted); its start only, as above. */
function firstText(fields: readonly unknown[], enough: number): string {
  for (const field of fields) {
    const text = plainText(field, enough);
    if (text !== '') return text;
  }
  return '';
}

/** The address a raw link field holds: its text, or the `href` of a link element. */
function linkText(value: unknown): string {
  if (Array.isArray(value)) return linkText(value[0]);
  if (value && typeof value === 'object' && '$' in value) {
    const attributes = value.$;
    if (attributes && typeof attributes === 'object' && 'href' in attributes && typeof attributes.href === 'string') {
      return attributes.href.trim();
    }
  }
  return collapseWhitespace(textOf(value));
}

/**
 * An absolute http(s) URL from a link as written, resolved against `base`; undefined for anything else
 * (javascript:, data:, mailto:, a relative link without base, garbage).
 */
export function resolveLink(href: string, base?: string): string | undefined {
  if (href === '') return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Where relative links of one item, or of the whole feed, point from. */
export interface LinkContext {
  /** The feed the item came from; becomes `FeedItem.feedUrl`. */
  readonly feedUrl: string;
  /** Absolute http(s) base URL for relative links. */
  readonly base?: string;
}

/**
 * One raw item as a FeedItem without its id, or undefined when it carries nothing to show
 * (no title, no summary, no link). An unreadable date leaves `published` out; it never drops the item.
 */
export function normalizeItem(raw: RawFeedItem, context: LinkContext): Omit<FeedItem, 'id'> | undefined {
  const base = resolveLink(linkText(raw.base), context.base) ?? context.base;
  const guid = collapseWhitespace(textOf(raw.guid)) || collapseWhitespace(textOf(raw.about));
  const link =
    resolveLink(linkText(raw.link), base) ?? (/^https?:\/\//i.test(guid) ? resolveLink(guid) : undefined);
  const summaryText = firstText([raw.summary, raw.content, raw.contentEncoded], SUMMARY_TEXT_NEEDED);
  const ownTitle = cutText(raw.title, MAX_TITLE_LENGTH);
  if (ownTitle === '' && summaryText === '' && link === undefined) return undefined;
  const title = ownTitle || truncateText(summaryText, FALLBACK_TITLE_LENGTH) || (link ?? '');
  const summary = summaryText === title ? '' : truncateText(summaryText, MAX_SUMMARY_LENGTH);
  const published = parseFeedDate(collapseWhitespace(textOf(raw.date))) ?? parseFeedDate(collapseWhitespace(textOf(raw.updated)));
  return {
    title,
    summary,
    ...(link === undefined ? {} : { link }),
    ...(published === undefined ? {} : { published }),
    ...(guid === '' ? {} : { guid }),
    feedUrl: context.feedUrl,
  };
}

/** A parsed feed, normalised. */
export interface NormalizedFeed {
  readonly feed: { title?: string; link?: string };
  readonly items: FeedItem[];
  readonly warnings: string[];
}

interface FeedFrame {
  readonly feed: { title?: string; link?: string };
  readonly context: LinkContext;
}

/** The feed's own fields and where its items' links resolve from. */
function frameOf(feed: RawFeed, baseUrl: string | undefined): FeedFrame {
  const fetchedFrom = baseUrl === undefined ? undefined : resolveLink(baseUrl);
  const ownUrl = resolveLink(linkText(feed.feedUrl), fetchedFrom);
  const declaredBase = resolveLink(linkText(feed.base), fetchedFrom ?? ownUrl);
  const siteLink = resolveLink(linkText(feed.link), declaredBase ?? fetchedFrom ?? ownUrl);
  const base = declaredBase ?? fetchedFrom ?? ownUrl ?? siteLink;
  const title = cutText(feed.title, MAX_TITLE_LENGTH);
  return {
    feed: { ...(title === '' ? {} : { title }), ...(siteLink === undefined ? {} : { link: siteLink }) },
    context: { feedUrl: fetchedFrom ?? ownUrl ?? siteLink ?? '', ...(base === undefined ? {} : { base }) },
  };
}

function skippedWarnings(rawCount: number, keptCount: number): string[] {
  const skipped = rawCount - keptCount;
  return skipped > 0 ? [`${skipped} empty item${skipped === 1 ? '' : 's'} skipped`] : [];
}

/**
 * A raw feed as FeedItems with stable ids. `baseUrl` is where the feed was fetched from: relative links
 * resolve against it (or the feed's `xml:base`) and it becomes each item's `feedUrl`.
 */
export function normalizeFeed(feed: RawFeed, rawItems: readonly RawFeedItem[], baseUrl?: string): NormalizedFeed {
  const frame = frameOf(feed, baseUrl);
  const items: Omit<FeedItem, 'id'>[] = [];
  for (const raw of rawItems) {
    const item = normalizeItem(raw, frame.context);
    if (item) items.push(item);
  }
  return { feed: frame.feed, items: assignItemIds(items), warnings: skippedWarnings(rawItems.length, items.length) };
}
