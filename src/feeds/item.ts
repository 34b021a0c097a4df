/** A news item from a feed, normalised: plain text, absolute links, ISO dates, a stable id. */
export interface FeedItem {
  /** Stable identity (see `itemId` and `assignItemIds`): the same item gets the same id on every fetch. */
  readonly id: string;
  /**
   * The id this item had while its guid was its own, when other items of its feed have since taken the same guid
   * (set on the oldest of them only): an item seen under that id is not new.
   */
  readonly formerId?: string;
  /** Plain text; never HTML. Empty only when the item has no title, summary or link at all. */
  readonly title: string;
  /** Plain text, at most about 500 characters, cut at a word boundary with an ellipsis. */
  readonly summary: string;
  /** Absolute http(s) URL. */
  readonly link?: string;
  /** ISO 8601 (UTC). Absent when the feed gives no date or one that cannot be read. */
  readonly published?: string;
  readonly guid?: string;
  /** The feed the item came from. */
  readonly feedUrl: string;
}
