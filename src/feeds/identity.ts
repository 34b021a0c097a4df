import { createHash } from 'node:crypto';
import { splitWords } from './fold.ts';
import type { FeedItem } from './item.ts';

/** Query parameters that only say where a click came from. Compared in lower case. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'msclkid', 'yclid', 'igshid', 'twclid', 'mc_cid', 'mc_eid', 'mkt_tok',
  'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'cmp', 'icid', 'ncid', 'ocid', 'smid', 'smtyp', 'sr_share',
  'soc_src', 'soc_trk', 'xtor', 'spm', '_ga', '_gl', 's_cid', 'wt.mc_id', 'outputtype', 'amp',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'at_', 'hsa_'];

function isTrackingParam(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_PARAMS.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The form of a URL that two copies of the same link share: http and https alike, host in lower case
 * without "www.", no default port, fragment, tracking parameters or trailing slash, remaining parameters
 * sorted, simple AMP variants ("/amp", "?outputType=amp", "?amp=1") folded. Not meant to be opened.
 * Anything that is not an http(s) URL comes back trimmed and otherwise unchanged.
 */
export function normalizeUrl(url: string): string {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return trimmed;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return trimmed;
  const host = parsed.hostname.replace(/^www\./, '').replace(/\.$/, '');
  const port = parsed.port === '' || parsed.port === '80' || parsed.port === '443' ? '' : `:${parsed.port}`;
  const path = parsed.pathname.replace(/\/amp\/?$/i, '').replace(/\/+$/, '');
  const params = [...parsed.searchParams].filter(([name]) => !isTrackingParam(name));
  params.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = new URLSearchParams(params).toString();
  return `https://${host}${port}${path || '/'}${query ? `?${query}` : ''}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** What an item's identity is made of. */
export type ItemIdentity = Pick<FeedItem, 'feedUrl' | 'title'> & Partial<Pick<FeedItem, 'link' | 'guid' | 'published'>>;

/**
 * A stable id (16 URL-safe characters): from the item's normalised link, else its guid (within its
 * feed: guids like "1" are only unique there), else its feed, title and date. The same item fetched
 * again, even from a feed without guids, gets the same id.
 */
export function itemId(item: ItemIdentity): string {
  if (item.link !== undefined && item.link !== '') return shortHash(`link\n${normalizeUrl(item.link)}`);
  if (item.guid !== undefined && item.guid !== '') return shortHash(`guid\n${item.feedUrl}\n${item.guid}`);
  return shortHash(`title\n${item.feedUrl}\n${item.title}\n${item.published ?? ''}`);
}

/**
 * Ids for the items of one feed. When several items share a link (a feed that points every item at
 * its home page), the link no longer tells them apart and each is identified without it.
 */
export function assignItemIds(items: readonly Omit<FeedItem, 'id'>[]): FeedItem[] {
  const linkCounts = new Map<string, number>();
  for (const item of items) {
    if (item.link !== undefined) {
      const key = normalizeUrl(item.link);
      linkCounts.set(key, (linkCounts.get(key) ?? 0) + 1);
    }
  }
  return items.map((item) => {
    const shared = item.link !== undefined && (linkCounts.get(normalizeUrl(item.link)) ?? 0) > 1;
    const { link: _link, ...withoutLink } = item;
    return { id: itemId(shared ? withoutLink : item), ...item };
  });
}

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

interface StoryKey {
  readonly url?: string;
  readonly words: ReadonlySet<string>;
  readonly time?: number;
}

type StoryFields = Pick<FeedItem, 'title'> & Partial<Pick<FeedItem, 'link' | 'published'>>;

function storyKey(item: StoryFields): StoryKey {
  const time = item.published === undefined ? Number.NaN : Date.parse(item.published);
  const key = titleKey(item.title);
  return {
    ...(item.link === undefined ? {} : { url: normalizeUrl(item.link) }),
    words: new Set(key === '' ? [] : key.split(' ')),
    ...(Number.isNaN(time) ? {} : { time }),
  };
}

function sameStory(a: StoryKey, b: StoryKey): boolean {
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
  return sameStory(storyKey(a), storyKey(b));
}

/**
 * Kept items whose headline may match one with these words. A match shares at least two thirds of
 * these words (that much follows from MIN_SIMILARITY), so it holds one of the few rarest: only their
 * postings are read, and common words ("china") never make every kept item a candidate.
 */
function titleCandidates(words: ReadonlySet<string>, byWord: ReadonlyMap<string, readonly number[]>): Set<number> {
  const candidates = new Set<number>();
  if (words.size < MIN_TITLE_WORDS) return candidates;
  const mustShare = Math.ceil(words.size * (MIN_SIMILARITY / (2 - MIN_SIMILARITY)) - 1e-9);
  const postings = [...words].map((word) => byWord.get(word) ?? []).sort((a, b) => a.length - b.length);
  for (const list of postings.slice(0, words.size - mustShare + 1)) for (const index of list) candidates.add(index);
  return candidates;
}

/**
 * The items with each story once: the first item of each story is kept (callers pass the best source
 * first), in the original order.
 */
export function dedupeItems<T extends StoryFields>(items: readonly T[]): T[] {
  const kept: T[] = [];
  const keys: StoryKey[] = [];
  const byUrl = new Set<string>();
  const byWord = new Map<string, number[]>();
  for (const item of items) {
    const key = storyKey(item);
    if (key.url !== undefined && byUrl.has(key.url)) continue;
    let duplicate = false;
    for (const index of titleCandidates(key.words, byWord)) {
      const other = keys[index];
      if (other && sameStory(key, other)) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    const index = kept.length;
    kept.push(item);
    keys.push(key);
    if (key.url !== undefined) byUrl.add(key.url);
    if (key.words.size < MIN_TITLE_WORDS) continue;
    for (const word of key.words) {
      const list = byWord.get(word);
      if (list) list.push(index);
      else byWord.set(word, [index]);
    }
  }
  return kept;
}
