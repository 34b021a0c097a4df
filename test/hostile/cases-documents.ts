import type { OutgoingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { respond } from '../support/feed-server.ts';
import { escapeXml, rss10, rss20 } from '../support/feed-xml.ts';
import { ATOM_XML, RSS_XML, fixture, type HostileCase } from './case-types.ts';

/** Documents that are not feeds, feeds cut short, and entity tricks (XXE, billion laughs, quadratic blowup). */

function serving(body: string | Buffer, headers: OutgoingHttpHeaders): HostileCase['serve'] {
  return (server, base) => {
    server.route(`${base}/document`, respond({ body, headers }));
    return `${base}/document`;
  };
}

/** One entity of 50 000 characters referenced 50 000 times: 2.5 GB if anything expanded it. */
function quadraticBlowup(): string {
  return [
    '<?xml version="1.0"?>',
    `<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(50_000)}">]>`,
    '<rss version="2.0"><channel><title>Blowup</title><link>https://blowup.example.com/</link>',
    '<item><title>Quadratic blowup defused</title><link>https://blowup.example.com/1</link>',
    `<description>${'&a;'.repeat(50_000)}</description></item></channel></rss>`,
  ].join('\n');
}

/** An RSS 1.0 document cut inside its third item. */
function truncatedRdf(): string {
  const xml = rss10({
    items: [
      { title: 'RDF item one – Göttingen', link: 'https://rdf.example.net/1', date: '2025-07-20T08:00:00Z' },
      { title: 'RDF item two', link: 'https://rdf.example.net/2' },
      { title: 'RDF item three, cut', link: 'https://rdf.example.net/3' },
    ],
  });
  return xml.slice(0, xml.indexOf('RDF item three'));
}

/** The byte cap of the oversized case: small, so that the case stays cheap; the default cap works the same way. */
const CAP = 1024 * 1024;

/**
 * A 3 MB feed of 1 000 items of about 3 KB, and the titles of the items that end within its first megabyte (the
 * case's cap): what a reader must keep of it.
 */
function threeMegabytes(): { body: string; kept: string[] } {
  const filler = escapeXml('Export controls, chips & supply chains. '.repeat(75));
  const items = Array.from(
    { length: 1_000 },
    (_, i) => `<item><title>Big feed story ${i + 1}</title><link>https://big.example.com/${i + 1}</link><description>${filler}</description></item>\n`,
  );
  const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title>${items.join('')}</channel></rss>`;
  const withinCap = body.slice(0, CAP);
  const kept = [...withinCap.matchAll(/<title>(Big feed story \d+)<\/title>[^]*?<\/item>/g)].map((match) => match[1] ?? '');
  return { body, kept };
}
const BIG = threeMegabytes();

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
  Buffer.from(Array.from({ length: 512 }, (_, index) => (index * 37) % 256)),
]);

export const DOCUMENT_CASES: readonly HostileCase[] = [
  {
    name: 'empty body (200, 0 bytes)',
    expected: 'failed: not-a-feed, "the document is empty"',
    serve: serving('', RSS_XML),
    outcome: { ok: false, code: 'not-a-feed', message: /empty/ },
  },
  {
    name: 'whitespace-only body',
    expected: 'failed: not-a-feed, "the document is empty"',
    serve: serving(' \r\n\t \n  ', RSS_XML),
    outcome: { ok: false, code: 'not-a-feed', message: /empty/ },
  },
  {
    name: 'HTML page served as text/html',
    expected: 'failed: not-a-feed, "an HTML page"',
    serve: serving(fixture('html-page.html'), { 'content-type': 'text/html; charset=utf-8' }),
    outcome: { ok: false, code: 'not-a-feed', message: /HTML page/ },
  },
  {
    name: 'HTML page served as application/rss+xml',
    expected: 'failed: not-a-feed, "an HTML page"',
    serve: serving(fixture('html-page.html'), RSS_XML),
    outcome: { ok: false, code: 'not-a-feed', message: /HTML page/ },
  },
  {
    name: 'JSON Feed (application/feed+json)',
    expected: 'failed: not-a-feed, "JSON Feed, which is not supported"',
    serve: serving(fixture('json-feed.json'), { 'content-type': 'application/feed+json' }),
    outcome: { ok: false, code: 'not-a-feed', message: /JSON Feed, which is not supported/ },
  },
  {
    name: 'a PNG image served as a feed',
    expected: 'failed: not-a-feed, "not XML"',
    serve: serving(PNG, RSS_XML),
    outcome: { ok: false, code: 'not-a-feed', message: /not XML/ },
  },
  {
    name: 'RSS cut in the middle of an item',
    expected: 'ok with a warning: 2 items recovered, the complete ones before the cut',
    serve: serving(fixture('truncated-rss.xml'), RSS_XML),
    outcome: {
      ok: true,
      titles: ['Première dépêche : TSMC à Dresde', 'Second story: Nexperia’s split'],
      warning: /recovered 2 of 3 items .*not well-formed/,
      check(items) {
        expect(items[0]).toMatchObject({ summary: 'Complete item, kept.', published: '2025-07-22T10:00:00.000Z' });
        expect(items[1]?.link).toBe('https://cut.example.com/2');
      },
    },
  },
  {
    name: 'Atom cut in the middle of an entry',
    expected: 'ok with a warning: 1 entry recovered, xml:base still applied',
    serve: serving(fixture('truncated-atom.xml'), ATOM_XML),
    outcome: {
      ok: true,
      titles: ['Entrée complète : l’usine de Grenoble'],
      warning: /recovered 1 of 2 items/,
      check(items) {
        expect(items[0]?.link).toBe('https://cut.example.org/posts/grenoble');
      },
    },
  },
  {
    name: 'RSS 1.0 (RDF) cut in the middle of an item',
    expected: 'ok with a warning: 2 items recovered',
    serve: serving(truncatedRdf(), { 'content-type': 'application/rdf+xml' }),
    outcome: {
      ok: true,
      titles: ['RDF item one – Göttingen', 'RDF item two'],
      warning: /recovered 2 of 3 items/,
      check(items) {
        expect(items[0]).toMatchObject({ link: 'https://rdf.example.net/1', published: '2025-07-20T08:00:00.000Z' });
      },
    },
  },
  {
    name: 'RSS with a mis-nested channel head, cut in an item',
    expected: 'ok with a warning: 2 items recovered inside a minimal envelope',
    serve: serving(fixture('broken-head.xml'), RSS_XML),
    outcome: { ok: true, titles: ['Recovered despite a broken head', 'Also recovered'], warning: /recovered 2 of 3 items/ },
  },
  {
    name: 'a PHP warning before the XML and an HTML footer after it',
    expected: 'ok with a warning: 2 items, the warning skipped, the footer ignored',
    serve: serving(fixture('junk-around.xml'), RSS_XML),
    outcome: {
      ok: true,
      titles: ['Feed after a PHP warning', 'Second item, then a footer'],
      warning: /skipped 132 characters before the XML/,
    },
  },
  {
    name: 'not well-formed anywhere: every item broken',
    expected: 'failed: parse, naming the XML error',
    serve: serving(rss20({ items: ['one', 'two', 'three'].map((title) => ({ title: { raw: `${title} <<` } })) }), RSS_XML),
    outcome: { ok: false, code: 'parse', message: /Invalid character|Unencoded|Unexpected/ },
  },
  {
    name: 'XXE: external entity SYSTEM "file:///etc/passwd"',
    expected: 'ok with a warning: 1 item, entity never resolved, no file content anywhere',
    serve: serving(fixture('xxe.xml'), RSS_XML),
    outcome: {
      ok: true,
      titles: ['XXE attempt defused'],
      warning: /entities; they were not expanded/,
      check(items) {
        expect(items[0]?.summary).toBe('Secret: &xxe;');
      },
    },
    forbidden: [/root:/, /\/bin\/(ba)?sh/, /nologin/],
  },
  {
    name: 'billion laughs (nested entity expansion)',
    expected: 'ok with a warning: 1 item, nothing expanded, memory bounded',
    serve: serving(fixture('billion-laughs.xml'), ATOM_XML),
    outcome: {
      ok: true,
      titles: ['Billion laughs defused'],
      warning: /10 entities; they were not expanded/,
      check(items) {
        expect(items[0]?.summary).toBe('&lol9;&lol9;&lol9;');
      },
    },
    maxRssGrowthMb: 100,
  },
  {
    name: 'quadratic blowup (one 50 KB entity used 50 000 times)',
    expected: 'ok with a warning: 1 item, nothing expanded, memory bounded',
    serve: serving(quadraticBlowup(), RSS_XML),
    outcome: {
      ok: true,
      titles: ['Quadratic blowup defused'],
      warning: /1 entity; they were not expanded/,
      check(items) {
        expect(items[0]?.summary).not.toContain('xxxxxxxxxx');
        expect(items[0]?.summary.length).toBeLessThanOrEqual(500);
      },
    },
    maxRssGrowthMb: 100,
  },
  {
    name: 'a 3 MB feed, its Content-Length above a 1 MB cap',
    expected: `ok with a warning: the ${BIG.kept.length} items complete within the cap read, the rest left unread`,
    serve: serving(BIG.body, RSS_XML),
    outcome: { ok: true, titles: BIG.kept, warning: /cut at the byte cap/, truncated: true },
    maxBytes: CAP,
  },
];
