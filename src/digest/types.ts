import type { MessagePayload } from '../render/payload.ts';

/** A relevant news item, tagged against the knowledge base. Feed text in it is untrusted. */
export interface DigestItem {
  /** Stable identity (a hash): the same item has the same id on every run. */
  id: string;
  /** Plain text from the feed: UNTRUSTED. */
  title: string;
  /** Plain text, may be empty: UNTRUSTED. */
  summary: string;
  /** Absolute URL from the feed: UNTRUSTED (may be javascript:, data:…); only http(s) URLs are ever linked. */
  link?: string;
  /** ISO 8601, as the feed dates the item. */
  publishedAt?: string;
  /** ISO 8601, when our pipeline first saw the item. */
  firstSeenAt: string;
  feedUrl: string;
  /** The feed's name, e.g. "TechNode": UNTRUSTED when a user added the feed. */
  feedLabel: string;
  /** Company ids from the knowledge base, most relevant first. */
  companies: string[];
  /** Dimension ids from the knowledge base, most relevant first: the first known one groups the item. */
  dimensions: string[];
  score: number;
  reasons: string[];
  possibleRetreat: boolean;
  /** Other outlets that carried the same story: their copies were dropped by the pool (see `withCopies`). */
  alsoIn?: StoryCopy[];
}

/** Another outlet's copy of a pooled story. Its label and link are UNTRUSTED feed text. */
export interface StoryCopy {
  /** The tracked feed's key, as `DigestItem.feedUrl`. */
  readonly feedUrl: string;
  readonly feedLabel: string;
  readonly link?: string;
}

/** Who the digest is for and the period it covers. */
export interface DigestContext {
  locale: 'en' | 'fr';
  /** ISO 8601: the end of the previous digest's period, when there was one. */
  since?: string;
  /** ISO 8601: the end of this digest's period (the run's clock). */
  now: string;
  /** The server's name, shown in the header: UNTRUSTED. */
  guildName?: string;
  /** A weekly digest says so in its header (default: daily). */
  weekly?: boolean;
  /** The role pinged, alone, in the message that holds the possible new retreats (see `withRoleAlert`). */
  alertRoleId?: string;
}

/** One message of a digest and the ids of the items it carries, so delivery can mark them per message. */
export interface DigestMessage {
  payload: MessagePayload;
  itemIds: string[];
  /** Items this message only counts ("+N more"): marked delivered by summary with it. */
  summarizedIds?: string[];
}
