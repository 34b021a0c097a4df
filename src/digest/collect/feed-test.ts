import { tagItem } from '../../feeds/tag/relevance.ts';
import type { LocalizedText } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { compileFilters, type FilterRemoval } from '../compose/filters.ts';
import type { DigestFilters } from '../state.ts';
import { readFeed, type FeedFetchOptions, type FeedRead, type FeedTruncation } from './read-feed.ts';

/** One item of a tested feed and how the digest would judge it. */
export interface FeedTestItem {
  readonly title: string;
  readonly link: string | null;
  /** ISO 8601, or null when the feed gives no readable date. */
  readonly published: string | null;
  readonly score: number;
  readonly companies: string[];
  readonly dimensions: string[];
  /** Relevant enough for the digest. */
  readonly kept: boolean;
  readonly reasons: string[];
  /** A relevant item the server's filters keep out of its digest, and why. */
  readonly filteredOut?: FilterRemoval;
}

/** A feed test: every item judged (`truncated` when only the start of the feed was read), or why it cannot be used. */
export type FeedTestResult =
  | { ok: true; status: number; items: FeedTestItem[]; truncated?: FeedTruncation }
  | { ok: false; error: { code: string; message: LocalizedText } };

/** Options of `feedTest`: how to fetch, the relevance threshold, and the server's filters (none: no item is filtered). */
export interface FeedTestOptions extends FeedFetchOptions {
  readonly relevanceThreshold?: number;
  readonly filters?: DigestFilters;
}

/**
 * Fetches a feed now (never conditionally; no state read or written), parses it and tags every item as a run
 * would tag new items, for `/feeds test` and `npm run cli -- feeds test`.
 */
export async function feedTest(kb: KnowledgeBase, url: string, options: FeedTestOptions): Promise<FeedTestResult> {
  return judgeRead(kb, await readFeed(url, options), options.relevanceThreshold, options.filters);
}

/** A read judged item by item, as `feedTest` shows it: relevance, then the server's filters on the relevant items. */
export function judgeRead(kb: KnowledgeBase, read: FeedRead, threshold?: number, filters?: DigestFilters): FeedTestResult {
  const filter = compileFilters(filters);
  if (read.kind === 'failed') return { ok: false, error: { code: read.failure.code, message: read.failure.message } };
  if (read.kind === 'not-modified') return { ok: true, status: read.status, items: [] };
  const items = read.items.map((item): FeedTestItem => {
    const relevance = tagItem(kb, item, threshold === undefined ? {} : { threshold });
    const filteredOut = relevance.kept ? filter?.(item) : undefined;
    return {
      title: item.title,
      link: item.link ?? null,
      published: item.published ?? null,
      score: relevance.score,
      companies: relevance.companies,
      dimensions: relevance.dimensions,
      kept: relevance.kept,
      reasons: relevance.reasons,
      ...(filteredOut === undefined ? {} : { filteredOut }),
    };
  });
  return { ok: true, status: read.status, items, ...(read.truncated === undefined ? {} : { truncated: read.truncated }) };
}
