import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/feeds/parse/feed-date.ts';
import { decodeEntities } from '../../src/feeds/parse/html-entities.ts';
import { htmlToText, truncateText } from '../../src/feeds/parse/html-text.ts';
import { normalizeFeed, normalizeItem, plainText, resolveLink, textOf } from '../../src/feeds/parse/normalize.ts';

describe('htmlToText', () => {
  it('strips tags, keeps words apart at block boundaries and joins inline ones', () => {
    expect(htmlToText('<p>First paragraph.</p><p>Second <b>bold</b> and <a href="/x">link</a>.</p>')).toBe(
      'First paragraph. Second bold and link.',
    );
    expect(htmlToText('line one<br/>line two<li>item</li>')).toBe('line one line two item');
    expect(htmlToText('Mic<b>ro</b>soft')).toBe('Microsoft');
  });

  it('drops script, style, noscript and template content, and comments', () => {
    const html = 'Before<script type="text/javascript">var secret = "<p>not text</p>";</script> after'
      + '<style>p { color: red }</style><!-- a comment <b>x</b> --><noscript><img src="t.gif"></noscript>'
      + '<SCRIPT>upper()</SCRIPT > end';
    expect(htmlToText(html)).toBe('Before after end');
  });

  it('decodes entities once, after stripping, so escaped markup stays as text', () => {
    expect(htmlToText('Caf&eacute; &amp; cr&egrave;me &#8212; &#x4E2D;&#22269; &lt;b&gt;')).toBe('Café & crème — 中国 <b>');
    expect(htmlToText('R&amp;D&nbsp;spending, AT&T, &unknown; stays')).toBe('R&D spending, AT&T, &unknown; stays');
  });

  it('keeps a lone "<" that opens no tag, and quoted ">" inside attributes', () => {
    expect(htmlToText('Profits < forecasts, 3<4')).toBe('Profits < forecasts, 3<4');
    expect(htmlToText('<img alt="a > b" src="x.png">Caption')).toBe('Caption');
    expect(htmlToText('text <unclosed tag at the end')).toBe('text <unclosed tag at the end');
  });

  it('runs in linear time on markup built to make regex strippers quadratic', () => {
    const hostile = [
      '<a'.repeat(300_000),
      '<a title="'.repeat(100_000),
      '<!--'.repeat(200_000),
      '<script>'.repeat(100_000),
      `${'<b x=">'.repeat(100_000)}`,
      '</a'.repeat(300_000),
    ];
    const started = performance.now();
    for (const html of hostile) expect(typeof htmlToText(html)).toBe('string');
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe('decodeEntities', () => {
  it('decodes numeric references, maps Windows-1252 ones and refuses invalid code points', () => {
    expect(decodeEntities('&#146;&#150;&#x2019;&#0;&#xD800;&#1114112;')).toBe('’–’\uFFFD\uFFFD\uFFFD');
  });

  it('decodes every named reference of HTML5, and the legacy ones written without a semicolon', () => {
    expect(decodeEntities('&check; done, x &le; 3, &copy 2024 Acme, &Eacute;tats-Unis')).toBe('✓ done, x ≤ 3, © 2024 Acme, États-Unis');
    expect(decodeEntities('AT&T, R&D, &unknown; and &amp;amp;')).toBe('AT&T, R&D, &unknown; and &amp;');
  });
});

describe('truncateText', () => {
  it('cuts at a word boundary with an ellipsis, within the limit', () => {
    const text = 'word '.repeat(200).trim();
    const cut = truncateText(text, 500);
    expect(cut.length).toBeLessThanOrEqual(500);
    expect(cut.endsWith('word…')).toBe(true);
    expect(truncateText('short', 500)).toBe('short');
    expect(truncateText('x'.repeat(600), 500)).toHaveLength(500);
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateText('😀'.repeat(300), 501);
    expect(cut.endsWith('😀…')).toBe(true);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 22 Jul 2025 18:04:00 GMT', '2025-07-22T18:04:00.000Z'],
    ['Tue, 22 Jul 2025 18:04:00 +0200', '2025-07-22T16:04:00.000Z'],
    ['22 Jul 2025 18:04 EDT', '2025-07-22T22:04:00.000Z'],
    ['Tue, 22 Jul 25 18:04:00 Z', '2025-07-22T18:04:00.000Z'],
    ['Tuesday, 22 July 2025 18:04:00 GMT+02:00', '2025-07-22T16:04:00.000Z'],
    ['July 22, 2025 6:04 PM', '2025-07-22T18:04:00.000Z'],
    ['Jul 22, 2025', '2025-07-22T00:00:00.000Z'],
    ['mar., 22 juil. 2025 10:00:00 +0200', '2025-07-22T08:00:00.000Z'],
    ['22 juillet 2025 à 10h30', '2025-07-22T10:30:00.000Z'],
    ['1er août 2025', '2025-08-01T00:00:00.000Z'],
    ['2025-07-22T18:04:00Z', '2025-07-22T18:04:00.000Z'],
    ['2025-07-22T18:04:00.123+08:00', '2025-07-22T10:04:00.000Z'],
    ['2025-07-22 18:04:00', '2025-07-22T18:04:00.000Z'],
    ['2025-07-22', '2025-07-22T00:00:00.000Z'],
    ['  Tue,  22 Jul 2025  18:04:00  GMT ', '2025-07-22T18:04:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(parseFeedDate(text)).toBe(iso);
  });

  it.each(['', 'sometime last week', '1', '31 Feb 2025', '2025-13-01', '2025-07-22T25:00:00Z', 'Foo, 22 Xyz 2025', 'x'.repeat(500)])(
    'gives up on %j',
    (text) => {
      expect(parseFeedDate(text)).toBeUndefined();
    },
  );
});

describe('resolveLink', () => {
  it('resolves relative links and keeps only http(s)', () => {
    expect(resolveLink('../b/c?x=1', 'https://example.com/a/feed.xml')).toBe('https://example.com/b/c?x=1');
    expect(resolveLink('//cdn.example.com/x', 'https://example.com/')).toBe('https://cdn.example.com/x');
    expect(resolveLink('https://other.example/x', 'https://example.com/')).toBe('https://other.example/x');
    for (const bad of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>', 'mailto:a@b.c', 'ftp://x/y', '']) {
      expect(resolveLink(bad, 'https://example.com/')).toBeUndefined();
    }
    expect(resolveLink('/relative/without/base')).toBeUndefined();
  });
});

describe('textOf and plainText', () => {
  it('reads the text out of XML parser objects, attributes left out', () => {
    expect(textOf({ $: { type: 'html' } })).toBe('');
    expect(plainText({ _: 'Hello', $: { lang: 'en' }, b: ['world'] })).toBe('Hello world');
    expect(plainText(['a', { _: 'b' }])).toBe('a b');
    expect(plainText(42)).toBe('42');
    expect(plainText(null)).toBe('');
  });
});

describe('normalizeItem', () => {
  const context = { feedUrl: 'https://news.example.com/feed', base: 'https://news.example.com/feed' };

  it('turns object-valued fields into plain strings', () => {
    const item = normalizeItem(
      { title: { $: { type: 'xhtml' }, div: [{ _: 'Title text', $: { xmlns: 'x' } }] }, summary: { $: { type: 'html' } }, content: '<p>Body</p>' },
      context,
    );
    expect(item).toMatchObject({ title: 'Title text', summary: 'Body' });
  });

  it('caps the summary near 500 characters and the title at 300', () => {
    const item = normalizeItem({ title: 'T '.repeat(400), content: `<p>${'lorem ipsum '.repeat(200)}</p>` }, context);
    expect(item?.summary.length).toBeLessThanOrEqual(500);
    expect(item?.summary.endsWith('…')).toBe(true);
    expect(item?.title.length).toBeLessThanOrEqual(300);
  });

  it('uses an item’s xml:base, and a permalink guid when there is no link', () => {
    expect(normalizeItem({ title: 'x', link: 'post', base: 'https://blog.example.org/2025/' }, context)?.link).toBe(
      'https://blog.example.org/2025/post',
    );
    expect(normalizeItem({ title: 'x', guid: 'https://news.example.com/p/1' }, context)?.link).toBe('https://news.example.com/p/1');
    expect(normalizeItem({ title: 'x', guid: 'urn:uuid:1' }, context)?.link).toBeUndefined();
  });

  it('drops only items with nothing to show; an unreadable date leaves published out', () => {
    expect(normalizeItem({ title: '  ', summary: '<p></p>' }, context)).toBeUndefined();
    const item = normalizeItem({ title: 'Kept', date: 'yesterday-ish' }, context);
    expect(item?.title).toBe('Kept');
    expect(item && 'published' in item).toBe(false);
  });
});

describe('normalizeFeed', () => {
  it('reports skipped empty items and tells apart items that share one link', () => {
    const result = normalizeFeed(
      { title: 'Feed' },
      [
        { title: 'First', link: '/' },
        { title: 'Second', link: '/' },
        {},
      ],
      'https://news.example.com/feed',
    );
    expect(result.items.map((item) => item.link)).toEqual(['https://news.example.com/', 'https://news.example.com/']);
    expect(new Set(result.items.map((item) => item.id)).size).toBe(2);
    expect(result.warnings).toEqual(['1 empty item skipped']);
    expect(result.items.every((item) => item.feedUrl === 'https://news.example.com/feed')).toBe(true);
  });
});
