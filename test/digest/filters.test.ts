import { afterAll, describe, expect, it } from 'vitest';
import { feedTest } from '../../src/digest/collect/feed-test.ts';
import { filteredNote } from '../../src/digest/compose/filter-note.ts';
import { applyFilters, compileFilters } from '../../src/digest/compose/filters.ts';
import type { DigestItem } from '../../src/digest/types.ts';
import { renderFeedTest } from '../../src/digest/views/admin.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { payloadToText } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { respond, startFeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

afterAll(async () => {
  await closeParsePool();
});

function item(title: string, summary = ''): DigestItem {
  return {
    id: title, title, summary, firstSeenAt: '2025-11-20T11:00:00Z', feedUrl: 'https://feeds.example/rss', feedLabel: 'Wire',
    companies: [], dimensions: [], score: 4, reasons: [], possibleRetreat: false,
  };
}

describe('digest filters', () => {
  it('no filters, or only words without letters: every item passes', () => {
    expect(compileFilters(undefined)).toBeUndefined();
    expect(compileFilters({ include: [], exclude: [] })).toBeUndefined();
    expect(compileFilters({ include: ['—'], exclude: ['  ', '!!'] })).toBeUndefined();
    expect(applyFilters(undefined, [item('a')]).kept).toHaveLength(1);
  });

  it('matches like the tagger: case, accents and punctuation ignored, whole words, a plural "s"', () => {
    const filter = compileFilters({ include: [], exclude: ['Pékin', 'export control', 'GPU'] });
    expect(filter?.(item('PEKIN hosts a summit'))).toEqual({ rule: 'exclude', word: 'Pékin' });
    expect(filter?.(item('New Export-Controls on chips'))).toEqual({ rule: 'exclude', word: 'export control' });
    expect(filter?.(item('Nvidia ships fewer gpus'))).toEqual({ rule: 'exclude', word: 'GPU' });
    expect(filter?.(item('Title', 'and in the summary: pekin.'))).toEqual({ rule: 'exclude', word: 'Pékin' });
    // Whole words only: "Pekingese" is not "Pékin"; a phrase does not span title and summary.
    expect(filter?.(item('A Pekingese dog show'))).toBeUndefined();
    expect(filter?.(item('Rules on export', 'control of chips'))).toBeUndefined();
  });

  it('keeps only items matching an include when any is set; an exclude wins over an include', () => {
    const filter = compileFilters({ include: ['huawei', 'semiconductor'], exclude: ['smartphone'] });
    expect(filter?.(item('Huawei opens a lab'))).toBeUndefined();
    expect(filter?.(item('Semiconductors: a new plant'))).toBeUndefined();
    expect(filter?.(item('Apple moves assembly'))).toEqual({ rule: 'include' });
    expect(filter?.(item('Huawei launches a smartphone'))).toEqual({ rule: 'exclude', word: 'smartphone' });
  });

  it('splits items into kept and filtered out, in order, each with its reason', () => {
    const filter = compileFilters({ include: [], exclude: ['bakery'] });
    const items = [item('one'), item('Bakery news'), item('two')];
    const { kept, filtered } = applyFilters(filter, items);
    expect(kept.map((entry) => entry.id)).toEqual(['one', 'two']);
    expect(filtered).toEqual([{ item: items[1], removal: { rule: 'exclude', word: 'bakery' } }]);
  });
});

describe('what a filter removed, told', () => {
  it('/feeds test marks a relevant item a filter keeps out, naming the word, and does not count it as going into the digest', async ({ onTestFinished }) => {
    const kb = fixtureKb();
    const server = await startFeedServer();
    onTestFinished(() => server.close());
    server.route('/wire.xml', respond({
      body: rss20({ items: [
        { title: 'AWS closes its Shanghai lab amid export controls', link: 'https://news.example/1' },
        { title: 'AWS shuts a Beijing data centre amid export controls', link: 'https://news.example/2' },
        { title: 'Local bakery wins a pastry award', link: 'https://news.example/3' },
      ] }),
      headers: { 'content-type': 'application/rss+xml' },
    }));
    const unfiltered = await feedTest(kb, server.url('/wire.xml'), { allowPrivate: true });
    const result = await feedTest(kb, server.url('/wire.xml'), { allowPrivate: true, filters: { include: [], exclude: ['beijing', 'bakery'] } });
    if (!result.ok || !unfiltered.ok) throw new Error('the feed test failed');
    expect(unfiltered.items.map((entry) => entry.filteredOut)).toEqual([undefined, undefined, undefined]);
    // Only relevant items are judged by the filters: the bakery is not relevant in the first place.
    expect(result.items.map((entry) => [entry.kept, entry.filteredOut])).toEqual([
      [true, undefined], [true, { rule: 'exclude', word: 'beijing' }], [false, undefined],
    ]);
    const en = renderFeedTest(kb, server.url('/wire.xml'), result, 'en').map(payloadToText).join('\n');
    const fr = renderFeedTest(kb, server.url('/wire.xml'), result, 'fr').map(payloadToText).join('\n');
    expect(en).toContain('3 item(s) · 1 would go into the digest');
    expect(en).toMatch(/🚫 kept out by this server’s filters \(excluded word “beijing”\) \(\d+\) AWS shuts a Beijing/);
    expect(fr).toContain('écarté par les filtres de ce serveur (mot exclu «\u202fbeijing\u202f»)');
  });

  it('/digest preview’s note names each item kept out and why, then counts the rest, in both languages', () => {
    expect(filteredNote([], 'en')).toBeUndefined();
    const filtered = Array.from({ length: 12 }, (_, n) => ({
      item: item(`Story ${n} <@123456789012345678>`),
      removal: n === 0 ? { rule: 'include' as const } : { rule: 'exclude' as const, word: 'huawei' },
    }));
    const en = filteredNote(filtered, 'en');
    const fr = filteredNote(filtered, 'fr');
    for (const page of [en, fr]) {
      if (page === undefined) throw new Error('no note');
      assertWithinDiscordLimits(page);
      expect(page.allowed_mentions).toEqual({ parse: [] });
    }
    const text = payloadToText(en!);
    expect(text).toContain('12 items would be in this digest without the filters (/digest filter):');
    expect(text).toContain('Story 0');
    expect(text).toContain('matches no included word');
    expect(text).toContain('excluded word “huawei”');
    expect(text).toContain('+2 more');
    expect(text).not.toContain('Story 10');
    expect(JSON.stringify(en)).not.toContain('<@123');
    expect(payloadToText(fr!)).toContain('12 actualités seraient dans cette revue sans les filtres');
  });
});
