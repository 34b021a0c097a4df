import type { FeedItem } from '../../feeds/item.ts';
import { tagItem, type Relevance } from '../../feeds/tag/relevance.ts';
import { isKept, type ItemMark, type TaggedItem } from '../../feeds/worker/types.ts';
import { createPacer, startInSlices } from '../../async/slices.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { Store } from '../../store/index.ts';
import { readSeenMarks, seenNeedsRefresh, toDigestItem, uniqueById } from './items.ts';
import { addToPool } from '../pool.ts';
import { itemKey, SEEN_TTL_MS } from '../state.ts';
import type { DigestItem } from '../types.ts';

/**
 * An item first seen after its feed's first read is new, unless the feed dates it this long before that first read:
 * then it is archive that a glitching feed (empty, then its whole back catalogue) suddenly listed, and it is only
 * recorded as seen.
 */
export const ARCHIVE_AGE_MS = 48 * 60 * 60 * 1000;

/** A seen mark to write: the item's key and when it was first seen. */
export interface SeenMark {
  readonly key: string;
  readonly firstSeenAt: string;
}

/** One read of one feed, to classify against what was seen before. */
export interface ClassifyInput {
  readonly kb: KnowledgeBase;
  readonly store: Store;
  readonly now: Date;
  readonly feedKey: string;
  readonly label: string;
  /** Whole items (tagged here) or items the parse worker tagged already (see readTaggedFeed). */
  readonly items: readonly (FeedItem | TaggedItem)[];
  /** The feed's first read: record what is there, pool none of it. */
  readonly seeding: boolean;
  /** When the feed was first read (ISO), for the archive guard; absent for feeds seeded before it was recorded. */
  readonly firstReadAt?: string | undefined;
  readonly relevanceThreshold?: number | undefined;
}

/** What a read brought: the items never seen before, the seen marks to write, the relevant new items to pool. */
export interface Classified {
  readonly fresh: ItemMark[];
  readonly seen: SeenMark[];
  readonly candidates: DigestItem[];
}

/** Sorts a read's items into new and known, and tags the new ones (none when seeding, none from the archive). */
export async function classifyItems(input: ClassifyInput): Promise<Classified> {
  const at = input.now.toISOString();
  const unique = uniqueById(input.items);
  const { keys, marks, adopted } = await readSeenMarks(input.store.namespace<string>('seen'), input.feedKey, unique);
  const seen: SeenMark[] = [...adopted];
  const fresh: (FeedItem | TaggedItem)[] = [];
  const pace = createPacer();
  for (const [index, item] of unique.entries()) {
    const mark = marks[index];
    const key = keys[index] ?? itemKey(input.feedKey, item.id);
    if (mark === undefined) {
      fresh.push(item);
      seen.push({ key, firstSeenAt: at });
    } else if (seenNeedsRefresh(mark, input.now)) {
      seen.push({ key, firstSeenAt: mark });
    }
    await pace();
  }
  if (input.seeding) return { fresh, seen, candidates: [] };
  const threshold = input.relevanceThreshold;
  const isArchive = archiveTest(input.firstReadAt);
  const candidates: DigestItem[] = [];
  for (const item of fresh) {
    if (isArchive(item)) continue;
    const relevant = relevantOf(input.kb, item, threshold);
    if (relevant) candidates.push(toDigestItem(relevant.item, relevant.relevance, { feedKey: input.feedKey, label: input.label }, at));
    await pace();
  }
  return { fresh, seen, candidates };
}

/** The item and why it matters when it is relevant: tagged by the worker already, or tagged here. */
function relevantOf(kb: KnowledgeBase, item: FeedItem | TaggedItem, threshold: number | undefined): { item: FeedItem; relevance: Relevance } | undefined {
  if (isKept(item)) return { item, relevance: item.relevance };
  // A mark without a title is an item the worker's tagging did not keep.
  if (!('title' in item)) return undefined;
  const relevance = tagItem(kb, item, threshold === undefined ? {} : { threshold });
  return relevance.kept ? { item, relevance } : undefined;
}

function archiveTest(firstReadAt: string | undefined): (item: ItemMark) => boolean {
  const firstRead = firstReadAt === undefined ? Number.NaN : Date.parse(firstReadAt);
  if (Number.isNaN(firstRead)) return () => false;
  const limit = firstRead - ARCHIVE_AGE_MS;
  return (item) => item.published !== undefined && Date.parse(item.published) < limit;
}

/**
 * Seen marks written in one step at most: a run's ten thousand marks are twenty statements (SQLite) or scripts
 * (Redis), not ten thousand, and encoding one batch holds the main thread for a millisecond or two, not tens.
 */
export const SEEN_BATCH = 500;

/**
 * Writes what reads found: relevant items to the pool first (one update), then the seen marks in batches of
 * SEEN_BATCH (each all or nothing), so a crash or a failed batch in between repeats work instead of losing items.
 * The batches are prepared and started a slice at a time, so interactions are answered meanwhile.
 * Resolves with the items that went into the pool (not duplicates of a pooled story).
 */
export async function rememberReads(store: Store, candidates: readonly DigestItem[], seen: readonly SeenMark[], now: Date): Promise<DigestItem[]> {
  const added = candidates.length === 0 ? [] : await addToPool(store, candidates, now);
  const seenNamespace = store.namespace<string>('seen');
  const batches: SeenMark[][] = [];
  for (let start = 0; start < seen.length; start += SEEN_BATCH) batches.push(seen.slice(start, start + SEEN_BATCH));
  const writes = await startInSlices(
    batches,
    (batch) => seenNamespace.setMany(batch.map((mark) => ({ key: mark.key, value: mark.firstSeenAt })), SEEN_TTL_MS),
    { items: 1 },
  );
  await Promise.all(writes);
  return added;
}
