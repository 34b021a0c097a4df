import { normalizeUrl } from '../feeds/identify/url.ts';

/**
 * `normalizeUrl` remembering its answers, for one pass over many items: they come from a few feeds, and parsing
 * the same feed URL once per item was a good part of reading the pool.
 */
export function feedKeyCache(): (feedUrl: string) => string {
  const keys = new Map<string, string>();
  return (feedUrl) => {
    let key = keys.get(feedUrl);
    if (key === undefined) keys.set(feedUrl, (key = normalizeUrl(feedUrl)));
    return key;
  };
}
