import { drainSteps } from '../../async/slices.ts';
import { splitWords } from '../fold.ts';
import type { FeedItem } from '../item.ts';
import { normalizeUrl } from './url.ts';

/** Words that do not tell one headline from another, in English and French. */
const STOPWORDS = new Set([
  'a', 'an', 'the', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'its', 'it', 'is', 'are', 'was', 'be', 'as', 'at',
  'by', 'with', 'from', 'will', 'has', 'have', 'after', 'over', 'into', 's',
  'le', 'la', 'les', 'l', 'de', 'des', 'du', 'd', 'un', 'une', 'et', 'au', 'aux', 'en', 'pour', 'sur',
  'son', 'sa', 'ses', 'dans', 'par', 'avec', 'qui', 'que', 'se', 'ce', 'est',
]);

/** A word without a plural or third-person "s", so "closes" meets "close" and "labs" meets "lab". */
function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/**
 * A headline reduced to the words that carry its meaning: folded, stemmed, without stopwords, in order.
 * "AWS to close its Shanghai AI lab" → "aws close shanghai ai lab".
 */
export function titleKey(title: string): string {
  return splitWords(title)
    .folded.filter((word) => !STOPWORDS.has(word))
    .map(stem)
    .join(' ');
}

/** Below this many meaningful words, headlines are too short to compare ("Nvidia earnings"). */
const MIN_TITLE_WORDS = 4;
/** Dice coefficient over the two sets of meaningful words. */
const MIN_SIMILARITY = 0.8;
/** Share of the shorter headline's words the longer one must hold: one different word is another story. */
const MIN_CONTAINMENT = 0.9;
const MAX_STORY_SPREAD_MS = 48 * 3_600_000;

/** What story comparison reads of an item, computed once per item (see `storyKeyOf`). */
export interface StoryKey {
  readonly url?: string;
  readonly words: ReadonlySet<string>;
  readonly time?: number;
}

type StoryFields = Pick<FeedItem, 'title'> & Partial<Pick<FeedItem, 'link' | 'published'>>;

/** The normalised link, meaningful headline words and publication time `isSameStoryKey` compares. */
export function storyKeyOf(item: StoryFields): StoryKey {
  const time = item.published === undefined ? Number.NaN : Date.parse(item.published);
  const key = titleKey(item.title);
  return {
    ...(item.link === undefined ? {} : { url: normalizeUrl(item.link) }),
    words: new Set(key === '' ? [] : key.split(' ')),
    ...(Number.isNaN(time) ? {} : { time }),
  };
}

/** `isSameStory` over keys already computed with `storyKeyOf`. */
export function isSameStoryKey(a: StoryKey, b: StoryKey): boolean {
  if (a.url !== undefined && a.url === b.url) return true;
  const [small, large] = a.words.size <= b.words.size ? [a.words, b.words] : [b.words, a.words];
  if (small.size < MIN_TITLE_WORDS) return false;
  if (a.time !== undefined && b.time !== undefined && Math.abs(a.time - b.time) > MAX_STORY_SPREAD_MS) return false;
  const allowedMisses = Math.floor(small.size * (1 - MIN_CONTAINMENT) + 1e-9);
  let misses = 0;
  for (const word of small) if (!large.has(word) && ++misses > allowedMisses) return false;
  const shared = small.size - misses;
  return (2 * shared) / (small.size + large.size) >= MIN_SIMILARITY;
}

/**
 * True when two items report the same story: the same link once normalised, or headlines that share
 * nearly all their meaningful words (at least four), published within 48 hours of each other when both
 * dates are known. A headline that swaps one word for another ("close" / "open", "Microsoft" / "IBM")
 * is a different story.
 */
export function isSameStory(a: StoryFields, b: StoryFields): boolean {
  return isSameStoryKey(storyKeyOf(a), storyKeyOf(b));
}

/** In how many of these headlines each word appears: rarer words come first in a headline's prefix. */
function wordFrequencies(keys: readonly StoryKey[]): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const key of keys) {
    if (key.words.size < MIN_TITLE_WORDS) continue;
    for (const word of key.words) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
  }
  return frequencies;
}

/** Headline words in one order for every headline: rarest first, then alphabetical. */
function byRarity(words: ReadonlySet<string>, frequencies: ReadonlyMap<string, number>): string[] {
  return [...words].sort((a, b) => (frequencies.get(a) ?? 0) - (frequencies.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Prefixes of a headline's words in rarity order. Two headlines of the same story share at least two thirds
 * of each one's words (that much follows from MIN_SIMILARITY), and nearly all of the shorter one's words
 * (MIN_CONTAINMENT); so the rarest word they share lies in the shorter one's `short` prefix and in the
 * longer one's `long` prefix. Comparing only headlines whose prefixes meet finds every match, and common
 * words ("china") never make every item a candidate.
 */
interface TitlePrefixes {
  /** As many words as the headline may miss when it is the shorter one, plus one. */
  readonly short: readonly string[];
  /** As many words as it may miss when it is the longer one, plus one. */
  readonly long: readonly string[];
}

const NO_PREFIXES: TitlePrefixes = { short: [], long: [] };

function titlePrefixes(words: ReadonlySet<string>, frequencies: ReadonlyMap<string, number>): TitlePrefixes {
  if (words.size < MIN_TITLE_WORDS) return NO_PREFIXES;
  const ordered = byRarity(words, frequencies);
  const mustShare = Math.ceil(words.size * (MIN_SIMILARITY / (2 - MIN_SIMILARITY)) - 1e-9);
  const allowedMisses = Math.floor(words.size * (1 - MIN_CONTAINMENT) + 1e-9);
  return { short: ordered.slice(0, allowedMisses + 1), long: ordered.slice(0, words.size - mustShare + 1) };
}

/** Kept headlines by the words of their short and long prefixes. */
interface TitleIndex {
  readonly short: Map<string, number[]>;
  readonly long: Map<string, number[]>;
}

function post(index: Map<string, number[]>, words: readonly string[], position: number): void {
  for (const word of words) {
    const list = index.get(word);
    if (list) list.push(position);
    else index.set(word, [position]);
  }
}

/**
 * The items with each story once: the first item of each story is kept (callers pass the best source
 * first), in the original order. Each item is compared only with kept items that share its normalised
 * link or whose headline prefixes meet its own, never with every kept item.
 */
export function dedupeItems<T extends StoryFields>(items: readonly T[]): T[] {
  return groupStories(items).map((story) => story[0] as T);
}

/**
 * The items grouped by story, each group in the original order and the groups in the order of their first item:
 * the first item of a group is the one `dedupeItems` keeps, the others are the copies it drops. An item joins the
 * first kept item it is the same story as (the same link once normalised, or nearly the same headline).
 */
export function groupStories<T extends StoryFields>(items: readonly T[]): T[][] {
  return drainSteps(groupStoriesStepwise(items));
}

/**
 * `groupStories` one item at a time: it yields after each item read and each item grouped, and returns the groups,
 * so that `runInSlices` can group thousands of items without holding the main thread.
 */
export function* groupStoriesStepwise<T extends StoryFields>(items: readonly T[]): Generator<void, T[][]> {
  const keys: StoryKey[] = [];
  for (const item of items) {
    keys.push(storyKeyOf(item));
    yield;
  }
  const frequencies = wordFrequencies(keys);
  const stories: T[][] = [];
  const keptKeys: StoryKey[] = [];
  const byUrl = new Map<string, number>();
  const index: TitleIndex = { short: new Map(), long: new Map() };
  /** The last item each kept item was compared with (its position + 1), so no pair is compared twice. */
  const lastCompared = new Int32Array(items.length);
  for (const [position, item] of items.entries()) {
    if (position > 0) yield;
    const key = keys[position] as StoryKey;
    const sameUrl = key.url === undefined ? undefined : byUrl.get(key.url);
    if (sameUrl !== undefined) {
      stories[sameUrl]?.push(item);
      continue;
    }
    const prefixes = titlePrefixes(key.words, frequencies);
    /** The kept item of the same story among those posted under `words` in `posted`, if any. */
    const storyAmong = (words: readonly string[], posted: ReadonlyMap<string, number[]>): number | undefined => {
      for (const word of words) {
        for (const candidate of posted.get(word) ?? []) {
          if (lastCompared[candidate] === position + 1) continue;
          lastCompared[candidate] = position + 1;
          const other = keptKeys[candidate];
          if (other && isSameStoryKey(key, other)) return candidate;
        }
      }
      return undefined;
    };
    // A shorter kept headline: its short prefix meets this one's long prefix; a longer (or equal) one: the reverse.
    const story = storyAmong(prefixes.long, index.short) ?? storyAmong(prefixes.short, index.long);
    if (story !== undefined) {
      stories[story]?.push(item);
      continue;
    }
    const keptAt = stories.length;
    stories.push([item]);
    keptKeys.push(key);
    if (key.url !== undefined) byUrl.set(key.url, keptAt);
    post(index.short, prefixes.short, keptAt);
    post(index.long, prefixes.long, keptAt);
  }
  return stories;
}
