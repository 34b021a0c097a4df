import type { LocalizedText } from '../../i18n/locale.ts';
import type { DigestItem } from '../types.ts';
import type { FeedSkip } from './feed-state.ts';
import type { FeedTruncation } from './read-feed.ts';

export type FeedStatus = 'ok' | 'not-modified' | 'skipped' | 'failed';

/** What one run did with one feed. */
export interface FeedReport {
  readonly url: string;
  readonly label: string;
  readonly status: FeedStatus;
  readonly httpStatus?: number;
  /** Why the feed failed ('failed'). */
  readonly error?: { code: string; message: LocalizedText };
  /** Why the feed was not fetched ('skipped'). */
  readonly skip?: FeedSkip;
  /** Items the feed holds (0 unless fetched and parsed). */
  readonly items: number;
  /** Items not seen before. */
  readonly newItems: number;
  /** New items relevant enough for the pool (before removing stories already pooled). */
  readonly kept: number;
  /** This fetch was the feed's first: its items were recorded as seen and none was pooled. */
  readonly seeded: boolean;
  /** Only the start of the feed was read (byte cap or item cap): `items` are its first, newest ones. */
  readonly truncated?: FeedTruncation;
}

/** What one collection run did: each feed, and the items it added to the pool (newest first). */
export interface CollectReport {
  readonly at: string;
  readonly feeds: FeedReport[];
  readonly added: DigestItem[];
}

/**
 * A run as the digest service sees it: each feed, and how many items it pooled. The items themselves stay in the
 * pool, where composition reads them, so a run in the collection thread sends back only this.
 */
export interface CollectSummary {
  readonly at: string;
  readonly feeds: FeedReport[];
  readonly added: number;
}

export function summarizeCollect(report: CollectReport): CollectSummary {
  return { at: report.at, feeds: report.feeds, added: report.added.length };
}
