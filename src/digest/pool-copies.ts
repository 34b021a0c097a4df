import { normalizeUrl } from '../feeds/identify/url.ts';
import type { DigestItem, StoryCopy } from './types.ts';

/** Other outlets remembered per pooled story at most: enough to say how widely a story ran. */
export const MAX_STORY_COPIES = 20;

function copyOf(item: DigestItem): StoryCopy {
  return { feedUrl: item.feedUrl, feedLabel: item.feedLabel, ...(item.link === undefined ? {} : { link: item.link }) };
}

/**
 * `kept` remembering the outlets of `copies`, the same story's items the pool drops (and the outlets those had
 * remembered): each feed once, never its own, at most MAX_STORY_COPIES. `kept` itself when nothing is new. Pure.
 */
export function withCopies(kept: DigestItem, copies: readonly DigestItem[]): DigestItem {
  const known = new Set([kept.feedUrl, ...(kept.alsoIn ?? []).map((copy) => copy.feedUrl)].map(normalizeUrl));
  const added: StoryCopy[] = [];
  for (const copy of copies) {
    for (const outlet of [copyOf(copy), ...(copy.alsoIn ?? [])]) {
      const feed = normalizeUrl(outlet.feedUrl);
      if (known.has(feed)) continue;
      known.add(feed);
      added.push(outlet);
    }
  }
  if (added.length === 0) return kept;
  return { ...kept, alsoIn: [...(kept.alsoIn ?? []), ...added].slice(0, MAX_STORY_COPIES) };
}
