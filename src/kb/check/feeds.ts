import { collector, type Finding, type ParsedFiles } from './findings.ts';
import { reportDuplicateIds } from './refs.ts';

export function checkFeeds(feeds: NonNullable<ParsedFiles['feeds.json']>): Finding[] {
  const out = collector('feeds.json', feeds);
  reportDuplicateIds(out, feeds.map((f, i) => ({ id: f.id, at: [i] })));
  const seen = new Map<string, number>();
  feeds.forEach((f, i) => {
    const key = f.url.replace(/^https?:\/\//, '').replace(/\/$/, '').toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else out.add([i, 'url'], `the same feed as [${first}] (id "${feeds[first]?.id}")`);
  });
  return out.findings;
}
