import { describe, expect, it } from 'vitest';
import { layoutPages } from '../../src/render/layout.ts';
import { escapeMarkdown, maskedLink } from '../../src/render/markdown.ts';
import { withPager } from '../../src/render/pager.ts';
import { markdownToPlain, payloadToText } from '../../src/render/text.ts';

describe('payloadToText', () => {
  it('underlines titles, shows fields as "Name: value", links as "label <url>", and omits buttons', () => {
    const [page] = layoutPages(
      [{
        title: 'IBM *China*',
        description: [`Closed. ${maskedLink('Example Times', 'https://example.com/a')}`, `**Bold** and _italic_ ${escapeMarkdown('a_b*c')}`],
        fields: [{ name: 'Country', lines: ['🇺🇸 United States'] }, { name: 'Dimensions', lines: ['one', 'two'] }],
        footer: 'Footer',
      }],
      { locale: 'en', content: 'Heading' },
    );
    if (page === undefined) throw new Error('no page');
    const text = payloadToText(withPager(page, { index: 0, total: 2, locale: 'en', customIdFor: (n) => `p:${n}` }));
    expect(text).toBe(
      [
        'Heading',
        'IBM China\n=========',
        'Closed. Example Times <https://example.com/a>\nBold and italic a_b*c',
        'Country: 🇺🇸 United States',
        'Dimensions:\n  one\n  two',
        '— Footer · Page 1 / 2',
      ].join('\n\n'),
    );
    expect(text).not.toContain('Next');
  });

  it('reads escaped link labels and leaves non-links alone', () => {
    expect(markdownToPlain(maskedLink('A [b] (c)', 'https://x.example/(y)'))).toBe('A [b] (c) <https://x.example/%28y%29>');
    expect(markdownToPlain('[not a link](javascript:alert)')).toBe('[not a link](javascript:alert)');
    expect(markdownToPlain(escapeMarkdown('@everyone <@1>'))).toBe('@everyone <@1>');
  });
});
