import type { ContentCoding } from '../fetch/body.ts';
import type { FeedItem } from '../item.ts';
import type { TagVocabulary } from '../tag/kb-matchers.ts';
import type { Relevance } from '../tag/relevance.ts';

/** Tag the items against this vocabulary and send back in full only those scoring `threshold` or more. */
export interface TagRequest {
  readonly vocabulary: TagVocabulary;
  readonly threshold: number;
}

/**
 * A TagRequest as a job carries it: the vocabulary as JSON, copied to the worker as one string (cloning the object
 * for every feed cost more than the tagging of small feeds), parsed there only when its key is new to the worker.
 */
export interface JobTag {
  readonly key: string;
  readonly vocabularyJson: string;
  readonly threshold: number;
}

/** One document to read in a worker: parse, normalise, identify, and tag when asked. */
export interface ReadJob {
  /** The document, decoded; empty when `bytes` carries it. */
  readonly xml: string;
  /**
   * The document as fetched, in parts each owning its memory (moved to the worker, not copied), joined, decompressed
   * (`coding`, at most `maxBytes` out) and decoded there (charset from `contentType`, the BOM or the XML declaration).
   */
  readonly bytes?: readonly Uint8Array[] | undefined;
  readonly coding?: ContentCoding | undefined;
  readonly maxBytes?: number | undefined;
  readonly contentType?: string | undefined;
  readonly maxDepth: number;
  readonly maxItems: number;
  /** The document is the start of a longer body, cut at the byte cap (on the wire). */
  readonly truncated: boolean;
  /** Where the feed was fetched from: relative links resolve against it, and it is each item's `feedUrl`. */
  readonly baseUrl?: string | undefined;
  readonly tag?: JobTag | undefined;
}

/** What is left of an item the tagging did not keep: enough to know whether it was seen before. */
export interface ItemMark {
  readonly id: string;
  readonly formerId?: string;
  readonly published?: string;
}

/** An item the tagging kept, whole, with why. */
export interface KeptItem extends FeedItem {
  readonly relevance: Relevance;
}

/** A tagged item: kept whole or reduced to its mark. */
export type TaggedItem = ItemMark | KeptItem;

export function isKept(item: TaggedItem): item is KeptItem {
  return 'relevance' in item;
}

/** Why a document gave no items. */
export type ReadErrorCode = 'parse' | 'timeout' | 'not-a-feed' | 'too-deep' | 'decode';

/** What a worker answers: items in full (no tagging asked) or tagged. */
export type ReadResult<I> =
  | {
      ok: true;
      feed: { title?: string; link?: string };
      items: I[];
      warnings: string[];
      /** The document held more than `maxItems` items: `items` are its first ones. */
      itemsCapped: boolean;
      /** The body inflated past the byte cap: only its start was read. */
      bodyTruncated?: boolean;
    }
  | { ok: false; error: { code: ReadErrorCode; message: string }; bodyTruncated?: boolean };
