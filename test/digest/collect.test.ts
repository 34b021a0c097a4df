import type { OutgoingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { feedKeyOf, readFeedStates } from '../../src/digest/collect/feed-state.ts';
import { feedTest } from '../../src/digest/collect/feed-test.ts';
import type { CollectOptions, TrackedFeed } from '../../src/digest/collect/types.ts';
import { readPool } from '../../src/digest/pool.ts';
import { itemKey, SEEN_TTL_MS, type FeedState } from '../../src/digest/state.ts';
import { itemId } from '../../src/feeds/identify/item-id.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { conditionalFeed, respond, sequence, silent, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { atom, rss10, rss20, type XmlItem } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';

const kb = fixtureKb();
const T0 = Date.parse('2025-07-23T08:00:00Z');
const local: CollectOptions = { allowPrivate: true, perHostConcurrency: 8, deadlineMs: 2_000, minRefetchMs: 0 };

interface Story {
  readonly title: string;
  readonly link: string;
  readonly guid: string;
  readonly date: string;
  readonly description: string;
}
const story = (slug: string, title: string): Story => ({
  title,
  link: `https://news.example.com/2025/${slug}`,
  guid: `urn:${slug}`,
  date: 'Tue, 22 Jul 2025 10:00:00 GMT',
  description: `About ${title}.`,
});
const AWS = story('aws-lab', 'AWS to close its Shanghai AI lab amid US-China tensions');
const IBM = story('ibm-labs', 'IBM shuts its China research labs, cutting 1,000 jobs in Beijing');
const MS = story('ms-lab', 'Microsoft ferme son laboratoire de Shanghai');
const MCKINSEY = story('mckinsey', 'McKinsey bars its China practice from generative AI work');
const BAKERY = story('bakery', 'Local bakery wins national croissant award');
const WEATHER = story('weather', 'Sunny weekend ahead for the coast');

let server: FeedServer;
const scratch = useScratch('dw-collect-');
let store: Store;
let clock: number;
let storeCount = 0;

const deps = () => ({ kb, store, now: () => new Date(clock) });
const collect = (feeds: TrackedFeed[], options: Partial<CollectOptions> = {}) => collectFeeds(deps(), feeds, { ...local, ...options });
const feed = (path: string, label = path.slice(1)): TrackedFeed => ({ url: server.url(path), label });

/** Serves whatever `body()` returns at the time of each request. */
function serve(path: string, body: () => string, headers: OutgoingHttpHeaders = { 'content-type': 'application/rss+xml' }) {
  server.route(path, (request, response, hit) => respond({ body: body(), headers })(request, response, hit));
}

const seenKeyOf = (path: string, item: Story) =>
  itemKey(feedKeyOf(server.url(path)), itemId({ feedUrl: server.url(path), title: item.title, link: item.link }));

beforeAll(async () => {
  server = await startFeedServer();
});

beforeEach(async () => {
  clock = T0;
  store = await openStore(`sqlite://${scratch.file(`state-${++storeCount}.sqlite`)}`);
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  await server.waitForIdle(2_000);
  server.resetStats();
});

afterAll(async () => {
  await server.close();
  await closeParsePool();
});

describe('collectFeeds: formats, seeding, identity', () => {
  it('collects RSS 1.0, RSS 2.0 and Atom: relevant items pooled with their tags and label, irrelevant ones only seen', async () => {
    serve('/rdf', () => rss10({ items: [MS, BAKERY] }));
    serve('/rss', () => rss20({ items: [IBM, WEATHER] }));
    serve('/atom', () => atom({ items: [AWS] }), { 'content-type': 'application/atom+xml' });
    const feeds = [feed('/rdf', 'RDF News'), feed('/rss', 'RSS News'), feed('/atom', 'Atom News')];

    const report = await collect(feeds, { seed: false });

    expect(report.feeds.map((f) => [f.label, f.status, f.httpStatus, f.items, f.newItems, f.kept])).toEqual([
      ['RDF News', 'ok', 200, 2, 2, 1],
      ['RSS News', 'ok', 200, 2, 2, 1],
      ['Atom News', 'ok', 200, 1, 1, 1],
    ]);
    const pool = await readPool(store);
    expect(pool.map((item) => item.title).sort()).toEqual([AWS.title, IBM.title, MS.title].sort());
    expect(report.added.map((item) => item.id).sort()).toEqual(pool.map((item) => item.id).sort());
    const aws = pool.find((item) => item.title === AWS.title);
    expect(aws).toMatchObject({
      link: AWS.link,
      feedLabel: 'Atom News',
      feedUrl: feedKeyOf(server.url('/atom')),
      companies: ['aws'],
      possibleRetreat: true,
      firstSeenAt: new Date(T0).toISOString(),
      publishedAt: '2025-07-22T10:00:00.000Z',
    });
    expect(aws?.reasons).toContain('company: Amazon Web Services (alias "AWS")');
    const seen = store.namespace<string>('seen');
    expect(await seen.get(seenKeyOf('/rss', WEATHER))).toBe(new Date(T0).toISOString());
    expect(await seen.get(seenKeyOf('/rdf', BAKERY))).toBe(new Date(T0).toISOString());
  });

  it('first run seeds (everything seen, nothing pooled); the next run pools only what is new', async () => {
    let items: XmlItem[] = [AWS, BAKERY];
    serve('/news', () => rss20({ items }));
    const first = await collect([feed('/news')]);
    expect(first.feeds[0]).toMatchObject({ status: 'ok', items: 2, newItems: 2, kept: 0, seeded: true });
    expect(first.added).toEqual([]);
    expect(await readPool(store)).toEqual([]);
    expect((await readFeedStates(store, [server.url('/news')])).get(server.url('/news'))?.seeded).toBe(true);

    clock = T0 + 60 * MINUTE;
    items = [IBM, WEATHER, AWS, BAKERY];
    const second = await collect([feed('/news')]);
    expect(second.feeds[0]).toMatchObject({ status: 'ok', items: 4, newItems: 2, kept: 1, seeded: false });
    expect(second.added.map((item) => item.title)).toEqual([IBM.title]);
    expect((await readPool(store)).map((item) => [item.title, item.firstSeenAt])).toEqual([[IBM.title, new Date(clock).toISOString()]]);

    const third = await collect([feed('/news')]);
    expect(third.feeds[0]).toMatchObject({ newItems: 0, kept: 0 });
    expect(third.added).toEqual([]);
  });

  it('an empty first answer seeds: the first real items are news, except archive dated well before the first read', async () => {
    let items: XmlItem[] = [];
    serve('/empty', () => rss20({ items }));
    expect((await collect([feed('/empty')])).feeds[0]).toMatchObject({ status: 'ok', items: 0, seeded: true });
    expect((await readFeedStates(store, [server.url('/empty')])).get(server.url('/empty'))).toMatchObject({ seeded: true, firstReadAt: new Date(T0).toISOString() });

    // Seven hours later the feed fills: a story published 22 h before the first read is news; one from five days
    // before it is archive that a glitching feed listed (seen, never posted); an undated one is news.
    clock = T0 + 7 * 60 * MINUTE;
    const archive = { ...story('old-ibm', 'IBM closes its Beijing research lab, cutting jobs in China'), date: 'Fri, 18 Jul 2025 08:00:00 GMT' };
    const undated = { title: MCKINSEY.title, link: MCKINSEY.link, guid: MCKINSEY.guid, description: MCKINSEY.description };
    items = [AWS, archive, undated];
    const next = await collect([feed('/empty')]);
    expect(next.feeds[0]).toMatchObject({ items: 3, newItems: 3, kept: 2, seeded: false });
    expect(next.added.map((item) => item.title).sort()).toEqual([AWS.title, MCKINSEY.title].sort());

    const again = await collect([feed('/empty')]);
    expect(again.feeds[0]).toMatchObject({ newItems: 0, kept: 0 });
  });

  it('a feed without guids or links gives stable ids: no duplicates across runs', async () => {
    const bare = [MCKINSEY, IBM, BAKERY].map(({ title, date, description }) => ({ title, date, description }));
    serve('/bare', () => rss20({ items: bare }));
    const first = await collect([feed('/bare')], { seed: false });
    expect(first.added.map((item) => item.title).sort()).toEqual([IBM.title, MCKINSEY.title].sort());
    expect(first.added.every((item) => item.link === undefined)).toBe(true);

    clock = T0 + 30 * MINUTE;
    const second = await collect([feed('/bare')], { seed: false });
    expect(second.feeds[0]).toMatchObject({ items: 3, newItems: 0 });
    expect(second.added).toEqual([]);
    expect((await readPool(store)).map((item) => item.id).sort()).toEqual(first.added.map((item) => item.id).sort());
  });

  it('the same story in two feeds, and tracking-parameter variants of one link, become one pool item (first feed wins)', async () => {
    const variant = { ...AWS, title: 'AWS closes its Shanghai AI lab amid US-China tensions', link: 'https://other.example.org/aws', guid: 'x1' };
    const tracked = { ...IBM, title: 'IBM closing China R&D: Beijing and Shanghai teams cut', link: `${IBM.link}/?utm_source=rss&utm_medium=feed`, guid: 'x2' };
    serve('/first', () => rss20({ items: [AWS, IBM] }));
    serve('/second', () => atom({ items: [variant, { ...tracked, link: tracked.link.replace('https://news.', 'http://www.news.') }] }));
    const report = await collect([feed('/first', 'First'), feed('/second', 'Second')], { seed: false });
    expect(report.feeds.map((f) => f.kept)).toEqual([2, 2]);
    const pool = await readPool(store);
    expect(pool).toHaveLength(2);
    expect(pool.every((item) => item.feedLabel === 'First')).toBe(true);
    expect(pool.map((item) => item.title).sort()).toEqual([AWS.title, IBM.title].sort());
  });

  it('a story already pooled wins over a later copy from another feed', async () => {
    serve('/early', () => rss20({ items: [AWS] }));
    await collect([feed('/early', 'Early')], { seed: false });
    clock = T0 + 2 * 60 * MINUTE;
    serve('/late', () => rss20({ items: [{ ...AWS, title: 'AWS closes its Shanghai AI lab amid US-China tensions', link: 'https://late.example/aws', guid: 'l1' }] }));
    const late = await collect([feed('/late', 'Late'), feed('/early', 'Early')], { seed: false });
    expect(late.feeds[0]).toMatchObject({ newItems: 1, kept: 1 });
    expect(late.added).toEqual([]);
    expect((await readPool(store)).map((item) => [item.feedLabel, item.firstSeenAt])).toEqual([['Early', new Date(T0).toISOString()]]);
  });

  it('sets a TTL on seen marks: they expire after SEEN_TTL_MS', async () => {
    serve('/ttl', () => rss20({ items: [BAKERY] }));
    await collect([feed('/ttl')]);
    const seen = store.namespace<string>('seen');
    const key = seenKeyOf('/ttl', BAKERY);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + SEEN_TTL_MS - 60 * MINUTE);
    expect(await seen.has(key)).toBe(true);
    vi.setSystemTime(Date.now() + 2 * 60 * MINUTE);
    expect(await seen.has(key)).toBe(false);
  });

  it('renews the TTL of a seen mark past half its life while the item stays in its feed, keeping its first-seen time', async () => {
    serve('/evergreen', () => rss20({ items: [AWS, BAKERY] }));
    const seen = store.namespace<string>('seen');
    const oldMark = new Date(T0 - SEEN_TTL_MS / 2 - 60 * MINUTE).toISOString();
    const youngMark = new Date(T0 - 60 * MINUTE).toISOString();
    const day = 24 * 60 * MINUTE;
    await seen.set(seenKeyOf('/evergreen', AWS), oldMark, day);
    await seen.set(seenKeyOf('/evergreen', BAKERY), youngMark, day);
    await store.namespace<FeedState>('feeds').set(feedKeyOf(server.url('/evergreen')), { url: server.url('/evergreen'), seeded: true, consecutiveFailures: 0 });

    const report = await collect([feed('/evergreen')]);
    expect(report.feeds[0]).toMatchObject({ items: 2, newItems: 0 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * day);
    expect(await seen.get(seenKeyOf('/evergreen', AWS))).toBe(oldMark);
    expect(await seen.has(seenKeyOf('/evergreen', BAKERY))).toBe(false);
  });
});

describe('collectFeeds: HTTP behaviour and failures', () => {
  it('sends the stored validators: the next run gets 304, parses nothing and keeps the validators', async () => {
    server.route('/cond', conditionalFeed({ body: rss20({ items: [AWS] }), etag: '"v1"', lastModified: 'Tue, 22 Jul 2025 10:00:00 GMT' }));
    const first = await collect([feed('/cond')]);
    expect(first.feeds[0]).toMatchObject({ status: 'ok', httpStatus: 200 });
    expect(server.requestsTo('/cond')[0]?.headers['if-none-match']).toBeUndefined();

    clock = T0 + 30 * MINUTE;
    const second = await collect([feed('/cond')]);
    expect(second.feeds[0]).toMatchObject({ status: 'not-modified', httpStatus: 304, items: 0, newItems: 0 });
    const request = server.requestsTo('/cond')[1];
    expect(request?.headers['if-none-match']).toBe('"v1"');
    expect(request?.headers['if-modified-since']).toBe('Tue, 22 Jul 2025 10:00:00 GMT');
    const state = (await readFeedStates(store, [server.url('/cond')])).get(server.url('/cond'));
    expect(state).toMatchObject({ etag: '"v1"', lastStatus: 304, lastSuccessAt: new Date(clock).toISOString(), consecutiveFailures: 0 });
  });

  it('a feed failing (500, then a timeout, then malformed XML) fails alone with a reason; failures count, then reset', async () => {
    let items: XmlItem[] = [AWS];
    serve('/good', () => rss20({ items }));
    server.route(
      '/bad',
      sequence(
        respond({ status: 500, body: 'oops' }),
        silent(),
        respond({ body: '<rss version="2.0"><channel><item><title>Broken</title></channel></rss>', headers: { 'content-type': 'application/rss+xml' } }),
        respond({ body: rss20({ items: [MS] }) }),
      ),
    );
    const feeds = [feed('/bad', 'Bad'), feed('/good', 'Good')];
    const run = async (options: Partial<CollectOptions> = {}) => {
      clock += 15 * MINUTE;
      return collect(feeds, { seed: false, ...options });
    };

    const http500 = await run();
    expect(http500.feeds[0]).toMatchObject({ status: 'failed', httpStatus: 500, error: { code: 'http-status' } });
    expect(http500.feeds[0]?.error?.message.en).toMatch(/HTTP 500/);
    expect(http500.feeds[0]?.error?.message.fr).toMatch(/HTTP 500/);
    expect(http500.feeds[1]).toMatchObject({ status: 'ok', kept: 1 });
    expect(http500.added.map((item) => item.title)).toEqual([AWS.title]);

    items = [IBM, AWS];
    const timeout = await run({ deadlineMs: 300 });
    expect(timeout.feeds[0]).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(timeout.added.map((item) => item.title)).toEqual([IBM.title]);

    items = [MCKINSEY, IBM, AWS];
    const malformed = await run();
    expect(malformed.feeds[0]).toMatchObject({ status: 'failed', httpStatus: 200, error: { code: 'parse' } });
    expect(malformed.feeds[0]?.error?.message.en).toMatch(/not valid XML/);
    expect(malformed.added.map((item) => item.title)).toEqual([MCKINSEY.title]);

    const badUrl = server.url('/bad');
    const failing = (await readFeedStates(store, [badUrl])).get(badUrl);
    expect(failing).toMatchObject({ consecutiveFailures: 3, lastError: { code: 'parse', at: new Date(clock).toISOString() } });
    expect(failing?.lastSuccessAt).toBeUndefined();

    await store.namespace<FeedState>('feeds').update(feedKeyOf(badUrl), (state) => ({ ...state!, failureReportedTo: ['guild-1'] }));
    const recovered = await run();
    expect(recovered.feeds[0]).toMatchObject({ status: 'ok', kept: 1 });
    const after = (await readFeedStates(store, [badUrl])).get(badUrl);
    expect(after).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: new Date(clock).toISOString(), lastError: { code: 'parse' } });
    expect(after?.failureReportedTo).toBeUndefined();
  });

  it('honours Retry-After: the feed is skipped, without a request, until the time has passed', async () => {
    server.route('/busy', sequence(respond({ status: 503, headers: { 'retry-after': '120' } }), respond({ body: rss20({ items: [AWS] }) })));
    const first = await collect([feed('/busy')]);
    expect(first.feeds[0]).toMatchObject({ status: 'failed', httpStatus: 503 });
    const state = (await readFeedStates(store, [server.url('/busy')])).get(server.url('/busy'));
    expect(state?.retryAfterUntil).toBe(new Date(T0 + 120_000).toISOString());

    clock = T0 + 60_000;
    const early = await collect([feed('/busy')]);
    expect(early.feeds[0]).toMatchObject({ status: 'skipped', skip: { code: 'retry-after' } });
    expect(server.requestsTo('/busy')).toHaveLength(1);

    clock = T0 + 121_000;
    const later = await collect([feed('/busy')]);
    expect(later.feeds[0]).toMatchObject({ status: 'ok', seeded: true });
    expect(server.requestsTo('/busy')).toHaveLength(2);
    expect((await readFeedStates(store, [server.url('/busy')])).get(server.url('/busy'))?.retryAfterUntil).toBeUndefined();
  });

  it('skips a feed fetched less than minRefetchMs ago, also when two runs start together', async () => {
    serve('/shared', () => rss20({ items: [AWS] }));
    const options = { minRefetchMs: 10 * MINUTE };
    const [a, b] = await Promise.all([collect([feed('/shared')], options), collect([feed('/shared')], options)]);
    expect([a.feeds[0]?.status, b.feeds[0]?.status].sort()).toEqual(['ok', 'skipped']);
    expect(server.requestsTo('/shared')).toHaveLength(1);

    clock = T0 + 5 * MINUTE;
    expect((await collect([feed('/shared')], options)).feeds[0]).toMatchObject({ status: 'skipped', skip: { code: 'recently-fetched' } });
    clock = T0 + 11 * MINUTE;
    expect((await collect([feed('/shared')], options)).feeds[0]?.status).toBe('ok');
    expect(server.requestsTo('/shared')).toHaveLength(2);
  });

  it('concurrent runs over different feeds both land in the pool', async () => {
    serve('/one', () => rss20({ items: [AWS] }));
    serve('/two', () => rss20({ items: [IBM] }));
    await Promise.all([collect([feed('/one')], { seed: false }), collect([feed('/two')], { seed: false })]);
    expect((await readPool(store)).map((item) => item.title).sort()).toEqual([AWS.title, IBM.title].sort());
  });
});

describe('feedTest', () => {
  it('tags every item without touching any state; a broken feed gives a reason', async () => {
    serve('/probe', () => rss20({ items: [AWS, BAKERY] }));
    const result = await feedTest(kb, server.url('/probe'), { allowPrivate: true });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.status).toBe(200);
    expect(result.items.map((item) => [item.title, item.kept, item.companies])).toEqual([
      [AWS.title, true, ['aws']],
      [BAKERY.title, false, []],
    ]);
    expect(result.items[0]).toMatchObject({ link: AWS.link, published: '2025-07-22T10:00:00.000Z' });

    server.route('/html', respond({ body: '<!doctype html><html><body>Hello</body></html>', headers: { 'content-type': 'text/html' } }));
    const html = await feedTest(kb, server.url('/html'), { allowPrivate: true });
    expect(html).toMatchObject({ ok: false, error: { code: 'not-a-feed' } });
    const refused = await feedTest(kb, server.url('/probe'), { allowPrivate: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'private-address' } });
  });
});
