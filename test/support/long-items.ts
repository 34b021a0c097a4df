import type { DigestItem } from '../../src/digest/types.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { HOUR } from './time.ts';

let made = 0;

/**
 * `count` pooled items with long headlines and summaries, so that a digest of them spans several messages: tagged
 * with three companies and dimensions in turn, from the knowledge base's first two feeds, first seen an hour before
 * `now` and a minute apart. Ids (`<prefix>-item-N`) and titles are unique across calls.
 */
export function longItems(kb: KnowledgeBase, now: string, prefix: string, count: number): DigestItem[] {
  return Array.from({ length: count }, (_, index) => {
    made += 1;
    return {
      id: `${prefix}-item-${made}`,
      title: `${prefix.slice(0, 1).toUpperCase()}x${made}y ${'a long headline about chips and research labs '.repeat(5)}`,
      summary: `Summary ${'with some context '.repeat(12)}`,
      link: `https://news.example.com/${prefix}/${made}`,
      firstSeenAt: new Date(Date.parse(now) - HOUR - index * 60_000).toISOString(),
      feedUrl: kb.feeds[index % 2]?.url ?? '',
      feedLabel: 'Example Tech',
      companies: [['aws', 'ibm', 'microsoft'][index % 3] ?? 'aws'],
      dimensions: [['talent', 'compute', 'ecosystem'][index % 3] ?? 'talent'],
      score: 2 + (index % 4),
      reasons: [],
      possibleRetreat: false,
    };
  });
}
