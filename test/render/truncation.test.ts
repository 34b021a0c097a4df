import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedTest } from '../../src/digest/collect/feed-test.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { renderFeedTest } from '../../src/digest/views/admin.ts';
import { payloadToText } from '../../src/render/text.ts';
import { byteCapNote, describeTruncation } from '../../src/digest/collect/truncation.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { numberedItems, rss20 } from '../support/feed-xml.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

/** How a feed read only in part is told: the wording in both languages, and /feeds test on a real oversized feed. */

const MB = 1024 * 1024;
const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('describeTruncation', () => {
  it('says where a feed was cut and how many items were read, in English and French', () => {
    expect(describeTruncation({ by: 'bytes', limit: 20 * MB }, 4321, 'en')).toBe(`truncated at 20${NBSP}MB: the first 4,321 items were read`);
    expect(describeTruncation({ by: 'bytes', limit: 20 * MB }, 4321, 'fr')).toBe(
      `tronqué à 20${NBSP}Mo${NBSP}: seuls les 4${NNBSP}321 premiers éléments ont été lus`,
    );
    expect(describeTruncation({ by: 'bytes', limit: 5_000_000 }, 2, 'en')).toBe(`truncated at 4.8${NBSP}MB: the first 2 items were read`);
    expect(describeTruncation({ by: 'bytes', limit: 5_000_000 }, 2, 'fr')).toMatch(/^tronqué à 4,8\u00a0Mo\u00a0: seuls les 2 premiers/);
    expect(describeTruncation({ by: 'bytes', limit: 20_000 }, 3, 'en')).toBe(`truncated at 20${NBSP}KB: the first 3 items were read`);
  });

  it('counts one item and none in words', () => {
    expect(describeTruncation({ by: 'bytes', limit: MB }, 1, 'en')).toBe(`truncated at 1${NBSP}MB: only the first item was read`);
    expect(describeTruncation({ by: 'bytes', limit: MB }, 1, 'fr')).toBe(`tronqué à 1${NBSP}Mo${NBSP}: seul le premier élément a été lu`);
    expect(describeTruncation({ by: 'bytes', limit: MB }, 0, 'en')).toMatch(/no complete item could be read$/);
    expect(describeTruncation({ by: 'bytes', limit: MB }, 0, 'fr')).toMatch(/aucun élément complet n’a pu être lu$/);
  });

  it('says when the item cap, not the byte cap, cut the feed', () => {
    expect(describeTruncation({ by: 'items', limit: 10_000 }, 10_000, 'en')).toBe('more than 10,000 items: the first 10,000 items were read');
    expect(describeTruncation({ by: 'items', limit: 10_000 }, 10_000, 'fr')).toBe(
      `plus de 10${NNBSP}000 éléments${NBSP}: seuls les 10${NNBSP}000 premiers éléments ont été lus`,
    );
  });

  it('adds the cap to the reason a cut feed could not be read', () => {
    expect(byteCapNote(20 * MB)).toEqual({
      en: `Only its first 20${NBSP}MB were read (the size cap).`,
      fr: `Seuls ses 20 premiers${NBSP}Mo ont été lus (la limite de taille).`,
    });
  });
});

describe('/feeds test on a feed larger than the cap', () => {
  let server: FeedServer;
  const kb = fixtureKb();
  // 200 items of about 1.1 KB: about 220 KB, read with a 64 KB cap.
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(18);
  const xml = rss20({ items: numberedItems(200).map((item) => ({ ...item, description: `${String(item.description)} ${filler}` })) });
  const completeWithinCap = xml.slice(0, 64 * 1024).split('</item>').length - 1;

  beforeAll(async () => {
    server = await startFeedServer();
    server.route('/big.xml', respond({ body: xml, headers: { 'content-type': 'application/rss+xml' } }));
    server.route('/first-item-too-big.xml', respond({ body: rss20({ items: [{ title: 'Huge', description: 'x'.repeat(100_000) }] }) }));
  });

  afterAll(async () => {
    await server.close();
    await closeParsePool();
  });

  it('lists the leading items and says, in the reader’s language, that the feed was truncated', async () => {
    const result = await feedTest(kb, server.url('/big.xml'), { allowPrivate: true, maxBytes: 64 * 1024 });
    if (!result.ok) throw new Error(result.error.message.en);
    expect(completeWithinCap).toBeGreaterThan(20);
    expect(result.items.map((item) => item.title)).toEqual(numberedItems(completeWithinCap).map((item) => item.title));
    expect(result.truncated).toEqual({ by: 'bytes', limit: 64 * 1024 });

    const en = renderFeedTest(kb, server.url('/big.xml'), result, 'en');
    const fr = renderFeedTest(kb, server.url('/big.xml'), result, 'fr');
    for (const page of [...en, ...fr]) assertWithinDiscordLimits(page);
    expect(en.map(payloadToText).join('\n')).toContain(`⚠️ truncated at 64${NBSP}KB: the first ${completeWithinCap} items were read`);
    expect(fr.map(payloadToText).join('\n')).toContain(`⚠️ tronqué à 64${NBSP}Ko${NBSP}: seuls les ${completeWithinCap} premiers éléments ont été lus`);
  });

  it('says nothing of truncation when the whole feed was read', async () => {
    const result = await feedTest(kb, server.url('/big.xml'), { allowPrivate: true });
    if (!result.ok) throw new Error(result.error.message.en);
    expect(result.items).toHaveLength(200);
    expect(result.truncated).toBeUndefined();
    expect(renderFeedTest(kb, server.url('/big.xml'), result, 'en').map(payloadToText).join('\n')).not.toMatch(/truncated/);
  });

  it('a feed whose first item is larger than the cap fails with the reason and the cap', async () => {
    const result = await feedTest(kb, server.url('/first-item-too-big.xml'), { allowPrivate: true, maxBytes: 20_000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('parse');
    expect(result.error.message.en).toMatch(/not valid XML .* Only its first 20\u00a0KB were read \(the size cap\)\.$/);
    expect(result.error.message.fr).toMatch(/Seuls ses 20 premiers\u00a0Ko ont été lus/);
  });
});
