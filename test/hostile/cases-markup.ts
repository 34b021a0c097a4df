import type { OutgoingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { respond } from '../support/feed-server.ts';
import { numberedItems, rss20, type XmlItem } from '../support/feed-xml.ts';
import { ATOM_XML, RSS_XML, fixture, type HostileCase } from './case-types.ts';

/** Markup rss-parser gets wrong or that attacks parsers: odd Atom, bare "&", deep nesting, HTML soup, bad items. */

function serving(body: string, headers: OutgoingHttpHeaders = RSS_XML): HostileCase['serve'] {
  return (server, base) => {
    server.route(`${base}/feed`, respond({ body, headers }));
    return `${base}/feed`;
  };
}

const FIFTY = numberedItems(50);
const FIFTY_TITLES = FIFTY.map((item) => String(item.title));

/** The 50 numbered items with the 25th replaced by `bad`. */
function mostlyGood(bad: XmlItem): string {
  return rss20({ items: FIFTY.map((item, index) => (index === 24 ? bad : item)) });
}

function titlesWith(title: string | undefined): string[] {
  return FIFTY_TITLES.flatMap((kept, index) => (index !== 24 ? [kept] : title === undefined ? [] : [title]));
}

const SOUP_LEAD = 'Lead text before the soup.';

export const MARKUP_CASES: readonly HostileCase[] = [
  {
    name: 'Atom: one unparseable date among good entries',
    expected: 'ok: all 3 entries, that one without a date',
    serve: serving(fixture('atom-bad-date.xml'), ATOM_XML),
    outcome: {
      ok: true,
      titles: ['Huawei opens a lab in Munich', 'A date nobody can read', 'SMIC expands in Shanghai'],
      check(items) {
        expect(items.map((item) => item.published)).toEqual(['2025-07-21T09:00:00.000Z', undefined, '2025-07-22T08:30:00.000Z']);
      },
    },
  },
  {
    name: 'Atom: <link> given as text content instead of href',
    expected: 'ok: 3 entries, text links read (relative ones resolved)',
    serve: serving(fixture('atom-link-text.xml'), ATOM_XML),
    outcome: {
      ok: true,
      titles: ['Link as text content', 'Relative link as text content', 'Link as an attribute'],
      check(items) {
        expect(items[0]?.link).toBe('https://links.example.org/posts/text-link');
        expect(items[1]?.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/posts\/relative$/);
        expect(items[2]?.link).toBe('https://links.example.org/posts/attribute');
      },
    },
  },
  {
    name: 'Atom: xhtml-typed titles (a div) and empty typed titles',
    expected: 'ok: 4 entries, every title a plain string, never an object',
    serve: serving(fixture('atom-typed-titles.xml'), ATOM_XML),
    outcome: {
      ok: true,
      titles: ['Export controls tighten on EDA tools', 'Entry whose typed title is empty.', 'Rare earths & magnets', 'Only content here.'],
      check(items) {
        expect(items[0]?.summary).toBe('Synopsys and Cadence affected.');
        expect(items[1]?.link).toBe('https://typed.example.org/untitled');
      },
    },
  },
  {
    name: 'a bare "&" in a title and in a URL query string',
    expected: 'ok with a warning: 2 items, "&" kept as text, query string intact',
    serve: serving(fixture('ampersands.xml')),
    outcome: {
      ok: true,
      titles: ['AT&T & Verizon rally on 5G news', 'Properly escaped: R&D budgets'],
      warning: /unescaped "&"/,
      check(items) {
        expect(items[0]?.link).toBe('https://amp.example.com/story?id=42&ref=rss&lang=fr');
        expect(items[1]?.link).toBe('https://amp.example.com/story?id=43&ref=rss');
      },
    },
  },
  {
    name: '<rss> without a version attribute',
    expected: 'ok: 2 items, read as RSS 2.0',
    serve: serving(fixture('rss-no-version.xml')),
    outcome: {
      ok: true,
      titles: ['Versionless feeds still count', 'Second versionless story'],
      check(items) {
        expect(items[0]?.published).toBe('2025-07-22T10:00:00.000Z');
      },
    },
  },
  {
    name: 'deep nesting: 50 000 nested elements in the only item',
    expected: 'failed: too-deep (no item left once it is dropped), quickly, before any tree is built',
    serve: serving(rss20({ items: [{ title: 'Deep', extra: `${'<div>'.repeat(50_000)}x${'</div>'.repeat(50_000)}` }] })),
    outcome: { ok: false, code: 'too-deep', message: /nest more than 100 levels deep in every item/ },
    slackMs: 300,
  },
  {
    name: 'deep nesting: 50 000 nested elements in the channel, outside any item',
    expected: 'failed: too-deep, quickly, before any tree is built',
    serve: serving(rss20({ extra: `${'<div>'.repeat(50_000)}x${'</div>'.repeat(50_000)}`, items: FIFTY })),
    outcome: { ok: false, code: 'too-deep', message: /nest more than 100 levels deep outside any item/ },
    slackMs: 300,
  },
  {
    name: 'mostly good: 1 of 50 items whose description nests 10 000 elements',
    expected: 'ok with a warning: 49 items, the deep one dropped, quickly',
    serve: serving(mostlyGood({ title: 'Deep description', extra: `<description>${'<b>'.repeat(10_000)}x${'</b>'.repeat(10_000)}</description>` })),
    outcome: { ok: true, titles: titlesWith(undefined), warning: /dropped 1 item whose elements nest more than 100 levels deep/ },
    slackMs: 300,
  },
  {
    name: 'description with 20 000 unclosed "<a" (regex-stripper bait)',
    expected: 'ok: 1 item, fast, text extracted',
    serve: serving(rss20({ items: [{ title: 'Unclosed anchors', description: { cdata: `<p>${SOUP_LEAD}</p>${'<a href="x '.repeat(20_000)}` } }] })),
    outcome: {
      ok: true,
      titles: ['Unclosed anchors'],
      check(items) {
        expect(items[0]?.summary.startsWith(SOUP_LEAD)).toBe(true);
      },
    },
    slackMs: 400,
  },
  {
    name: 'description with "<" and 20 000 attributes of soup, escaped',
    expected: 'ok: 1 item, fast, text extracted',
    serve: serving(rss20({ items: [{ title: 'Attribute soup', description: `${SOUP_LEAD} <${' a="<b c=\'<i d=x'.repeat(20_000)}` }] })),
    outcome: {
      ok: true,
      titles: ['Attribute soup'],
      check(items) {
        expect(items[0]?.summary.startsWith(SOUP_LEAD)).toBe(true);
      },
    },
    slackMs: 400,
  },
  {
    name: 'mostly good: 1 of 50 items with broken HTML inside its CDATA',
    expected: 'ok: all 50 items (the XML is fine; the HTML is stripped)',
    serve: serving(mostlyGood({ title: 'Broken HTML, fine XML', description: { cdata: '<p>Unclosed <b>bold <i><a href="x>text</div></span>' } })),
    outcome: {
      ok: true,
      titles: titlesWith('Broken HTML, fine XML'),
      check(items) {
        expect(items[24]?.summary).not.toMatch(/<(p|b|i|div|span)\b/);
      },
    },
  },
  {
    name: 'mostly good: 1 of 50 items whose CDATA closes early and leaves a bare "<"',
    expected: 'ok with a warning: 49 items recovered, the broken one dropped',
    serve: serving(mostlyGood({ title: 'Broken XML', description: { raw: '<![CDATA[<p>Closed ]]> too early < here</p>]]>' } })),
    outcome: { ok: true, titles: titlesWith(undefined), warning: /recovered 49 of 50 items/ },
  },
  {
    name: 'mostly good: 1 of 50 items with the invalid character reference "&#0;"',
    expected: 'ok with a warning: all 50 items, the reference removed',
    serve: serving(mostlyGood({ title: { raw: 'Invalid reference &#0; removed' } })),
    outcome: { ok: true, titles: titlesWith('Invalid reference removed'), warning: /characters XML forbids/ },
  },
  {
    name: 'mostly good: 1 of 50 items with the control character U+0001',
    expected: 'ok: all 50 items, the control character dropped',
    serve: serving(mostlyGood({ title: 'Control \u0001 character' })),
    outcome: { ok: true, titles: titlesWith('Control character') },
  },
  {
    name: '5 000 items (within the size cap)',
    expected: 'ok: 5 000 items, within bounds',
    serve: serving(rss20({ items: numberedItems(5_000) })),
    outcome: { ok: true, titles: numberedItems(5_000).map((item) => String(item.title)) },
    slackMs: 2_000,
  },
  {
    name: '5 000 items, one of them broken XML in the middle',
    expected: 'ok with a warning: 4 999 items recovered, within bounds',
    serve: serving(
      rss20({
        items: numberedItems(5_000).map((item, index) =>
          index === 2_500 ? { title: 'Broken', description: { raw: '<![CDATA[x]]> < y' } } : item,
        ),
      }),
    ),
    outcome: {
      ok: true,
      titles: numberedItems(5_000).flatMap((item, index) => (index === 2_500 ? [] : [String(item.title)])),
      warning: /recovered 4999 of 5000 items/,
    },
    slackMs: 2_000,
  },
  {
    name: 'titles with @everyone, <@123> and ](javascript:alert(1)), script links',
    expected: 'ok: 3 items, titles kept as plain text, no link other than http(s)',
    serve: serving(fixture('hostile-titles.xml')),
    outcome: {
      ok: true,
      titles: [
        '@everyone ping <@123> and [click](javascript:alert(1))',
        '@here <@&456> ](javascript:alert(1)) done',
        'data: and vbscript: links are dropped',
      ],
      check(items) {
        expect(items.map((item) => item.link)).toEqual([undefined, 'https://hostile.example.com/ok', undefined]);
      },
    },
  },
];
