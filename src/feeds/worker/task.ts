import { inflateBody } from '../fetch/inflate.ts';
import { DEFAULT_MAX_BYTES } from '../fetch/settings.ts';
import { decodeFeedBody } from '../fetch/charset.ts';
import type { FeedItem } from '../item.ts';
import { normalizeFeed } from '../parse/normalize.ts';
import type { RawFeed, RawFeedItem } from '../parse/raw.ts';
import { matchersForJson } from '../tag/kb-matchers.ts';
import { tagWithMatchers } from '../tag/relevance.ts';
import type { ItemMark, JobTag, ReadJob, ReadResult, TaggedItem } from './types.ts';

/** What the XML parser (xml.mjs) gave for one document. */
export interface ParsedXml {
  readonly feed: RawFeed;
  readonly items: RawFeedItem[];
  readonly warnings: string[];
  readonly itemsCapped: boolean;
}

function markOf(item: FeedItem): ItemMark {
  return {
    id: item.id,
    ...(item.formerId === undefined ? {} : { formerId: item.formerId }),
    ...(item.published === undefined ? {} : { published: item.published }),
  };
}

function tagged(items: readonly FeedItem[], tag: JobTag): TaggedItem[] {
  const matchers = matchersForJson(tag.key, tag.vocabularyJson);
  return items.map((item) => {
    const relevance = tagWithMatchers(matchers, item, { threshold: tag.threshold });
    return relevance.kept ? { ...item, relevance } : markOf(item);
  });
}

/**
 * The work of a parse worker after the XML parse: normalise and identify the items, and tag them when asked, so the
 * main thread receives only small items (the ones tagging dropped reduced to their ids and dates).
 */
export function finishRead(job: ReadJob, parsed: ParsedXml): ReadResult<FeedItem | TaggedItem> {
  const normalized = normalizeFeed(parsed.feed, parsed.items, job.baseUrl);
  const items = job.tag === undefined ? normalized.items : tagged(normalized.items, job.tag);
  return { ok: true, feed: normalized.feed, items, warnings: [...parsed.warnings, ...normalized.warnings], itemsCapped: parsed.itemsCapped };
}

/** The job's document as text, and whether it is only the start of the body. */
export type JobText = { ok: true; text: string; truncated: boolean } | { ok: false; error: { code: 'decode'; message: string } };

/**
 * The job's document as text: decompressed and decoded here when it came as bytes, so the main thread never holds
 * a large feed's text nor spends its time inflating it.
 */
export async function jobText(job: ReadJob): Promise<JobText> {
  if (job.bytes === undefined) return { ok: true, text: job.xml, truncated: job.truncated };
  const parts = job.bytes.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  const body = { parts, length: parts.reduce((sum, part) => sum + part.length, 0), coding: job.coding ?? 'identity', truncated: job.truncated };
  const inflated = await inflateBody(body, job.maxBytes ?? DEFAULT_MAX_BYTES);
  if (!inflated.ok) return { ok: false, error: { code: 'decode', message: inflated.reason } };
  return { ok: true, text: decodeFeedBody(inflated.bytes, job.contentType).text, truncated: inflated.truncated };
}
