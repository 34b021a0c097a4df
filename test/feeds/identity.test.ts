import { describe, expect, it } from 'vitest';
import { itemId } from '../../src/feeds/identify/item-id.ts';
import { dedupeItems, groupStories, isSameStory, titleKey } from '../../src/feeds/identify/same-story.ts';
import { normalizeUrl } from '../../src/feeds/identify/url.ts';
import { assignItemIds } from '../../src/feeds/identify/item-ids.ts';
import type { FeedItem } from '../../src/feeds/item.ts';

describe('normalizeUrl', () => {
  it('folds the variants of one link together', () => {
    const variants = [
      'https://www.example.com/tech/story',
      'http://example.com/tech/story/',
      'https://EXAMPLE.COM:443/tech/story#top',
      'http://www.example.com:80/tech/story?utm_source=rss&utm_medium=feed&utm_campaign=x',
      'https://example.com/tech/story?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=home&cmpid=5&xtor=RSS-1',
      'https://example.com/tech/story/amp',
      'https://example.com/tech/story?outputType=amp',
      'https://example.com/tech/story?amp=1',
    ];
    expect(new Set(variants.map(normalizeUrl))).toEqual(new Set(['https://example.com/tech/story']));
  });

  it('keeps what tells pages apart: other paths, meaningful parameters (sorted), path case, ports', () => {
    expect(normalizeUrl('https://example.com/a?page=2&id=7')).toBe(normalizeUrl('https://example.com/a?id=7&page=2&utm_term=x'));
    expect(normalizeUrl('https://example.com/a?id=7')).not.toBe(normalizeUrl('https://example.com/a?id=8'));
    expect(normalizeUrl('https://example.com/Story')).not.toBe(normalizeUrl('https://example.com/story'));
    expect(normalizeUrl('https://example.com:8080/a')).toBe('https://example.com:8080/a');
    expect(normalizeUrl('https://example.com/')).toBe('https://example.com/');
    expect(normalizeUrl('https://wwwexample.com/')).toBe('https://wwwexample.com/');
  });

  it('leaves anything that is not an http(s) URL as written, trimmed', () => {
    expect(normalizeUrl(' not a url ')).toBe('not a url');
    expect(normalizeUrl('urn:uuid:1234')).toBe('urn:uuid:1234');
  });
});

describe('itemId', () => {
  const base = { feedUrl: 'https://feed.example.com/rss', title: 'A title' };

  it('is 16 URL-safe characters, the same for the same item', () => {
    const id = itemId({ ...base, link: 'https://example.com/a' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(itemId({ ...base, link: 'https://example.com/a' })).toBe(id);
  });

  it('follows the normalised link first: the title and guid do not change it', () => {
    const id = itemId({ ...base, link: 'https://www.example.com/a?utm_source=x' });
    expect(itemId({ feedUrl: 'https://other.example/feed', title: 'Edited title', guid: 'g-1', link: 'http://example.com/a/' })).toBe(id);
  });

  it('uses the guid within its feed when there is no link', () => {
    const id = itemId({ ...base, guid: '42' });
    expect(itemId({ ...base, title: 'Edited title', guid: '42' })).toBe(id);
    expect(itemId({ ...base, feedUrl: 'https://other.example/feed', guid: '42' })).not.toBe(id);
  });

  it('falls back to feed, title and date', () => {
    const id = itemId({ ...base, published: '2025-07-22T00:00:00.000Z' });
    expect(itemId({ ...base, published: '2025-07-22T00:00:00.000Z' })).toBe(id);
    expect(itemId({ ...base, published: '2025-07-23T00:00:00.000Z' })).not.toBe(id);
    expect(itemId({ ...base, title: 'Another title', published: '2025-07-22T00:00:00.000Z' })).not.toBe(id);
  });
});

describe('assignItemIds', () => {
  it('identifies items that share one link by their own fields, and the others by link', () => {
    const feedUrl = 'https://feed.example.com/rss';
    const items = assignItemIds([
      { title: 'One', summary: '', link: 'https://example.com/', feedUrl },
      { title: 'Two', summary: '', link: 'https://example.com/', feedUrl },
      { title: 'Three', summary: '', link: 'https://example.com/3', feedUrl },
    ]);
    expect(new Set(items.map((item) => item.id)).size).toBe(3);
    expect(items[2]?.id).toBe(itemId({ title: 'Three', link: 'https://example.com/3', feedUrl }));
    expect(items[0]?.id).toBe(itemId({ title: 'One', feedUrl }));
  });

  const feedUrl = 'https://feed.example.com/rss';
  const day = (n: number) => `2025-07-${String(n).padStart(2, '0')}T08:00:00.000Z`;
  /** Items without links, all with guid "1", newest first. */
  const sharing = (titles: readonly string[], dated = true) =>
    titles.map((title, index) => ({ title, summary: '', guid: '1', feedUrl, ...(dated ? { published: day(20 - index) } : {}) }));

  it('items that all share one guid get ids of their own: by title and date, the same on every read', () => {
    const items = assignItemIds(sharing(['Five', 'Four', 'Three', 'Two', 'One']));
    expect(new Set(items.map((item) => item.id)).size).toBe(5);
    expect(items[1]?.id).toBe(itemId({ title: 'Four', published: day(19), feedUrl }));
    expect(assignItemIds(sharing(['Five', 'Four', 'Three', 'Two', 'One'])).map((item) => item.id)).toEqual(items.map((item) => item.id));
    // A new item on top changes no other id.
    const next = assignItemIds(sharing(['Six', 'Five', 'Four', 'Three', 'Two', 'One']).map((item, i) => ({ ...item, published: day(21 - i) })));
    expect(next.slice(1).map((item) => item.id)).toEqual(items.map((item) => item.id));
  });

  it('an item whose guid is its own keeps its guid-based id; one whose link is its own keeps its link-based id', () => {
    const items = assignItemIds([
      { title: 'Shared A', summary: '', guid: 'same', feedUrl },
      { title: 'Own guid', summary: '', guid: 'mine', feedUrl },
      { title: 'Shared B, own link', summary: '', guid: 'same', link: 'https://example.com/b', feedUrl },
    ]);
    expect(items[1]?.id).toBe(itemId({ title: 'Own guid', guid: 'mine', feedUrl }));
    expect(items[2]?.id).toBe(itemId({ title: 'x', link: 'https://example.com/b', feedUrl }));
    // Only one item identified by guid holds "same": the guid still tells it apart.
    expect(items[0]?.id).toBe(itemId({ title: 'Shared A', guid: 'same', feedUrl }));
    expect(items.every((item) => item.formerId === undefined)).toBe(true);
  });

  it('when a guid comes to be shared, its oldest holder carries the id the guid gave it as formerId', () => {
    const alone = assignItemIds(sharing(['Old story']).map((item) => ({ ...item, published: day(10) })));
    const guidId = alone[0]?.id;
    expect(guidId).toBe(itemId({ title: 'Old story', guid: '1', feedUrl }));

    const later = assignItemIds([
      { title: 'New story', summary: '', guid: '1', feedUrl, published: day(12) },
      { title: 'Old story', summary: '', guid: '1', feedUrl, published: day(10) },
      { title: 'Newer story', summary: '', guid: '1', feedUrl, published: day(11) },
    ]);
    expect(later.map((item) => item.formerId)).toEqual([undefined, guidId, undefined]);
    expect(later[1]?.id).toBe(itemId({ title: 'Old story', published: day(10), feedUrl }));
  });

  it('among undated items sharing a guid, the last listed is taken as the oldest; a dated one before any undated one', () => {
    const undated = assignItemIds(sharing(['C', 'B', 'A'], false));
    expect(undated.map((item) => item.formerId !== undefined)).toEqual([false, false, true]);
    const mixed = assignItemIds([...sharing(['Dated'], true), ...sharing(['Undated'], false)]);
    expect(mixed.map((item) => item.formerId !== undefined)).toEqual([true, false]);
  });
});

describe('titleKey', () => {
  it('keeps the meaningful words, folded and stemmed', () => {
    expect(titleKey('AWS to close its Shanghai AI labs')).toBe('aws close shanghai ai lab');
    expect(titleKey('Microsoft ferme son laboratoire de Shanghai')).toBe('microsoft ferme laboratoire shanghai');
    expect(titleKey('Pékin: « Découplage »')).toBe('pekin decouplage');
  });
});

function story(title: string, extra: Partial<FeedItem> = {}): FeedItem {
  return { id: title, title, summary: '', feedUrl: 'https://feed.example.com/rss', ...extra };
}

describe('isSameStory', () => {
  it('matches the same story under slightly different headlines from two feeds', () => {
    const a = story('AWS to close Shanghai AI lab amid US-China tensions', { published: '2025-07-22T18:00:00Z' });
    const b = story('AWS closes its Shanghai AI lab amid US–China tensions', { published: '2025-07-23T09:00:00Z' });
    expect(isSameStory(a, b)).toBe(true);
    expect(isSameStory(story('Microsoft to close Shanghai AI research lab'), story('Microsoft will close its Shanghai AI research lab, report says'))).toBe(true);
  });

  it('matches the same link whatever the headlines', () => {
    expect(isSameStory(story('One', { link: 'https://www.example.com/x?utm_source=a' }), story('Two', { link: 'http://example.com/x' }))).toBe(true);
  });

  it('keeps apart different stories that share most of their words', () => {
    expect(isSameStory(story('Microsoft to close Shanghai AI research lab'), story('Microsoft to open Shanghai AI research lab'))).toBe(false);
    expect(isSameStory(story('Microsoft closes Shanghai AI research lab'), story('IBM closes Shanghai AI research lab'))).toBe(false);
    expect(isSameStory(story('Nvidia shares fall'), story('Nvidia shares fall'))).toBe(false);
    expect(
      isSameStory(story('Microsoft closes Shanghai lab'), story('Microsoft closes Shanghai lab, cutting 2,000 jobs as chip tensions rise')),
    ).toBe(false);
  });

  it('keeps apart identical headlines published far apart', () => {
    const title = 'Commerce adds Chinese firms to the entity list';
    expect(isSameStory(story(title, { published: '2025-01-10T00:00:00Z' }), story(title, { published: '2025-07-10T00:00:00Z' }))).toBe(false);
    expect(isSameStory(story(title, { published: '2025-01-10T00:00:00Z' }), story(title))).toBe(true);
  });
});

describe('dedupeItems', () => {
  it('keeps the first item of each story, in order', () => {
    const items = [
      story('AWS to close Shanghai AI lab amid tensions', { id: 'best-source' }),
      story('Unrelated: chip exports rise sharply in June', { id: 'other' }),
      story('AWS closes Shanghai AI lab amid tensions', { id: 'second-source' }),
      story('Different', { id: 'same-link-1', link: 'https://example.com/x' }),
      story('Headline changed', { id: 'same-link-2', link: 'https://www.example.com/x/' }),
      story('Microsoft to open Shanghai AI lab amid tensions', { id: 'not-a-duplicate' }),
    ];
    expect(dedupeItems(items).map((item) => item.id)).toEqual(['best-source', 'other', 'same-link-1', 'not-a-duplicate']);
  });

  it('dedupes thousands of items quickly', () => {
    const verbs = ['closes', 'opens', 'expands', 'cuts'];
    const places = ['China', 'Beijing', 'Shanghai'];
    const headline = (n: number) => `Firm${n} ${verbs[n % 4]} lab${n % 97} in ${places[n % 3]} amid export controls ${n % 13}`;
    const items = Array.from({ length: 3000 }, (_, i) =>
      story(i < 1500 ? headline(i) : headline(i - 1500).replace(' in ', ' in its '), { link: `https://example.com/${i}` }),
    );
    const started = performance.now();
    expect(dedupeItems(items)).toHaveLength(1500);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('groupStories', () => {
  it('puts each copy with the first item of its story, the groups in the order dedupeItems keeps them', () => {
    const items = [
      story('AWS to close Shanghai AI lab amid tensions', { id: 'best-source' }),
      story('Unrelated: chip exports rise sharply in June', { id: 'other' }),
      story('AWS closes Shanghai AI lab amid tensions', { id: 'second-source' }),
      story('Different', { id: 'same-link-1', link: 'https://example.com/x' }),
      story('Headline changed', { id: 'same-link-2', link: 'https://www.example.com/x/' }),
      story('Microsoft to open Shanghai AI lab amid tensions', { id: 'not-a-duplicate' }),
      story('AWS will close Shanghai AI lab amid tensions', { id: 'third-source' }),
    ];
    const groups = groupStories(items).map((group) => group.map((item) => item.id));
    expect(groups).toEqual([['best-source', 'second-source', 'third-source'], ['other'], ['same-link-1', 'same-link-2'], ['not-a-duplicate']]);
    expect(groups.map((group) => group[0])).toEqual(dedupeItems(items).map((item) => item.id));
  });
});
