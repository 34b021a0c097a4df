import type { Balance, Company, Dimension, Feed, KbEvent, KbMeta, Source } from './schema/index.ts';

/** The loaded, validated and cross-checked knowledge base. Immutable once loaded. */
export interface KnowledgeBase {
  readonly sources: ReadonlyMap<string, Source>;
  /** Companies and governments, by id, in file order. */
  readonly companies: ReadonlyMap<string, Company>;
  /** Every event, newest first (by the start of its date's period, then by id). */
  readonly events: readonly KbEvent[];
  /** Dimensions in file order. */
  readonly dimensions: readonly Dimension[];
  readonly dimensionsById: ReadonlyMap<string, Dimension>;
  readonly balance: Balance;
  /** The feeds every server's digest tracks by default. */
  readonly feeds: readonly Feed[];
  /** When the base was last reviewed and what was added recently. */
  readonly meta: KbMeta;
}
