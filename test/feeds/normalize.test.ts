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

describe('htmlToText of only the start', () => {
  /**
   * Asks for every length up to the whole text's, so that the windows read end at every place in the HTML: inside
   * tags, references, hidden elements and white-space runs. Each answer must be the whole text or a start of it at
   * least as long as asked for.
   */
  function expectExactStarts(html: string): void {
    for (const padded of [html, `x${html}`]) {
      const whole = htmlToText(padded);
      for (let enough = 1; enough <= whole.length + 1; enough++) {
        const start = htmlToText(padded, enough);
        expect(whole.slice(0, start.length), `enough ${enough} of ${JSON.stringify(padded)}`).toBe(start);
        if (start !== whole) expect(start.length).toBeGreaterThanOrEqual(enough);
      }
    }
  }

  it('removes a tag cut by the window whole, quoted ">" included', () => {
    expectExactStarts('Some words <img alt="a > b" src="x.png"> after <a title=\'q">\' href="/x">the link</a> and <p>more</p> words');
  });

  it('decodes a character reference cut by the window as the whole HTML does', () => {
    expectExactStarts('Caf&eacute; &amp; cr&egrave;me &#8212; &#x4E2D;&#22269; &copy 2024 &notit; x&amp;y R&am<b>p;</b>D &CounterClockwiseContourIntegral; end');
  });

  it('drops a script, style or comment that the window cuts, up to its closing tag', () => {
    expectExactStarts('Before <script>var s = "<p>not text</p> &amp; more";</script> after <style>p { color: red }</style> end <!-- a <b>comment</b> --> tail <noscript><img src="t.gif"></noscript> last');
  });

  it('keeps the text of a CDATA section the window cuts, markup and references in it included', () => {
    const html = 'Intro <![CDATA[ literal <b>bold</b> &amp; R&am<i>p;D text ]]>, middle <![CDATA[unclosed section &copy 2024 with words';
    expect(htmlToText(html)).toBe('Intro literal <b>bold</b> & R&am<i>p;D text , middle unclosed section © 2024 with words');
    expectExactStarts(html);
  });

  it('collapses white space cut by the window as the whole HTML does', () => {
    expectExactStarts('one \n\t two&nbsp; &#32;three\u200b \u0000 four    <p> </p>  \n five<br>\n\n  <br>six');
  });

  it('keeps summaries around the limit exactly as cutting the whole text does', () => {
    const context = { feedUrl: 'https://news.example.com/feed' };
    for (const length of [298, 299, 300, 301, 302, 499, 500, 501, 502, 503, 1_000]) {
      for (const filler of ['word ', 'x', '😀', 'a, ']) {
        const text = filler.repeat(Math.ceil(length / filler.length)).slice(0, length);
        const html = `<p>${text.replace(/&/g, '&amp;')}</p>${'<p>more text</p>'.repeat(200)}`;
        const whole = htmlToText(html);
        for (const title of [undefined, whole, whole.slice(0, 300)]) {
          const item = normalizeItem({ title, content: html }, context);
          const expectedTitle = truncateText(title === undefined ? whole : htmlToText(title), title === undefined ? 120 : 300);
          expect(item?.title).toBe(expectedTitle);
          expect(item?.summary, `${length} ${filler}`).toBe(whole === expectedTitle ? '' : truncateText(whole, 500));
        }
        const plain = htmlToText(text);
        expect(normalizeItem({ title: text, content: text }, context)?.summary).toBe(plain.length <= 300 ? '' : truncateText(plain, 500));
      }
    }
  });

  it('cuts a summary whose converted start ends right at the limit as it cuts the whole', () => {
    const context = { feedUrl: 'https://news.example.com/feed' };
    // Markup of every length before the text, so that some window read ends exactly 500 characters into the text.
    for (let markup = 0; markup < 2_000; markup++) {
      const item = normalizeItem({ title: 'Title', content: `<i title="${'-'.repeat(markup)}"></i>${'é'.repeat(600)}` }, context);
      expect(item?.summary, `${markup} characters of markup`).toBe(`${'é'.repeat(499)}…`);
    }
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

  it('drops the white space and punctuation before the ellipsis as the former end-anchored regex did', () => {
    const reference = (text: string, max: number) => {
      let cut = text.slice(0, max - 1);
      const space = cut.lastIndexOf(' ');
      if (space > max * 0.5) cut = cut.slice(0, space);
      if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
      return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
    };
    for (const ending of [',', ';', ':', '.', '-', '–', '—', '\u00a0', '\u3000', '\t', '!', '?', '…', 'é', ', —', '.;:', '😀', 'x']) {
      for (let repeat = 1; repeat < 4; repeat++) {
        const text = `${'word '.repeat(5)}${'y'.repeat(8)}${ending.repeat(repeat)}z${' tail'.repeat(20)}`;
        for (let max = 30; max < 50; max++) expect(truncateText(text, max), JSON.stringify([ending, max])).toBe(reference(text, max));
      }
    }
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
