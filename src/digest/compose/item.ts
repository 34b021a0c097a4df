import type { Locale } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { escapeLine, safeUrl } from '../../render/markdown.ts';
import { truncateAtWord } from '../../render/split.ts';
import { feedLine, plainFeedLine } from '../../render/untrusted.ts';
import { discordTimestamp, itemTime } from '../../render/timestamp.ts';
import { DIGEST_WORDS } from './words.ts';
import type { DigestItem } from '../types.ts';

/**
 * Caps on each part of an item, so one item (its group's title included) always fits one embed and one
 * message: escaping at most doubles a text, hence at most about 3,600 characters in the worst case.
 */
export const ITEM_CAPS = {
  title: 256,
  summary: 200,
  feedLabel: 80,
  /** Longer links (after encoding) are dropped: the title is shown without one. */
  link: 1000,
  tag: 64,
  companies: 6,
  dimensions: 4,
} as const;

/** The item's link when it is an http(s) URL of reasonable length, encoded for a masked link. */
export function itemLink(item: DigestItem): string | undefined {
  const url = item.link === undefined ? undefined : safeUrl(item.link);
  return url !== undefined && url.length <= ITEM_CAPS.link ? url : undefined;
}

/** "**[Title](https://…)**", or the bold title alone when the item has no usable link. */
function titleLine(item: DigestItem, locale: Locale): string {
  const title = plainFeedLine(item.title, ITEM_CAPS.title) === '' ? DIGEST_WORDS.untitled[locale] : item.title;
  const label = feedLine(title, ITEM_CAPS.title);
  const url = itemLink(item);
  return url === undefined ? `**${label}**` : `**[${label}](${url})**`;
}

/** At most `max` names, then "+3 more" / « +3 autres ». */
function tagList(names: readonly string[], max: number, locale: Locale): string {
  const shown = names.slice(0, max).map((name) => escapeLine(truncateAtWord(name, ITEM_CAPS.tag)));
  const hidden = names.length - shown.length;
  return [...shown, ...(hidden > 0 ? [DIGEST_WORDS.more[locale].replace('{n}', String(hidden))] : [])].join(', ');
}

/** Company names and dimension names the knowledge base knows (unknown ids are left out), each once. */
function tagNames(kb: KnowledgeBase, item: DigestItem, locale: Locale): { companies: string[]; dimensions: string[] } {
  const companies = [...new Set(item.companies)].flatMap((id) => kb.companies.get(id)?.name ?? []);
  const dimensions = [...new Set(item.dimensions)].flatMap((id) => kb.dimensionsById.get(id)?.name[locale] ?? []);
  return { companies, dimensions };
}

/** "📰 TechNode · <t:…:R> · 🏢 Amazon, Microsoft · 🏷️ Compute & chips · ⚠️ possible new retreat". */
function metaLine(kb: KnowledgeBase, item: DigestItem, locale: Locale): string {
  const label = feedLine(item.feedLabel, ITEM_CAPS.feedLabel);
  const parts = label === '' ? [] : [`📰 ${label}`];
  const time = discordTimestamp(itemTime(item), 'R');
  if (time !== undefined) parts.push(time);
  const { companies, dimensions } = tagNames(kb, item, locale);
  if (companies.length > 0) parts.push(`🏢 ${tagList(companies, ITEM_CAPS.companies, locale)}`);
  if (dimensions.length > 0) parts.push(`🏷️ ${tagList(dimensions, ITEM_CAPS.dimensions, locale)}`);
  if (item.possibleRetreat) parts.push(`**${DIGEST_WORDS.retreatTag[locale]}**`);
  return parts.join(' · ');
}

/**
 * One item as one unbreakable block of lines: its title (linked when the link is http(s)), its feed, time
 * and tags, and its summary cut at a word boundary. Every piece of feed text is made inert.
 */
export function itemBlock(kb: KnowledgeBase, item: DigestItem, locale: Locale): string {
  const lines = [titleLine(item, locale)];
  const meta = metaLine(kb, item, locale);
  if (meta !== '') lines.push(meta);
  const summary = feedLine(item.summary, ITEM_CAPS.summary);
  if (summary !== '') lines.push(summary);
  return lines.join('\n');
}
