import { describe, expect, it } from 'vitest';
import { escapeLine, escapeMarkdown, maskedLink, safeUrl } from '../../src/render/markdown.ts';
import { markdownToPlain } from '../../src/render/text.ts';

const ZWSP = '\u200b';

describe('escapeMarkdown', () => {
  it('escapes inline formatting, brackets, parentheses and backslashes', () => {
    expect(escapeMarkdown('**bold** _it_ ~~s~~ `code` ||spoiler|| [x](y) a\\b')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[x\\]\\(y\\) a\\\\b',
    );
  });

  it('escapes headings, quotes, lists and subtext only at line starts', () => {
    expect(escapeMarkdown('# Title\n> quote\n- item\n  -# small\n1. first\nC# and a-b > c 2.5')).toBe(
      '\\# Title\n\\> quote\n\\- item\n  \\-# small\n1\\. first\nC# and a-b > c 2.5',
    );
  });

  it('neutralises @everyone, @here and every mention syntax with a zero-width space', () => {
    const escaped = escapeMarkdown('@everyone @Here <@123> <@!456> <@&789> <#42> </ping:1>');
    expect(escaped).toBe(`@${ZWSP}everyone @${ZWSP}Here <${ZWSP}@123> <${ZWSP}@!456> <${ZWSP}@&789> <${ZWSP}#42> <${ZWSP}/ping:1>`);
    expect(escaped).not.toMatch(/@everyone|@here|<@|<#|<\//i);
  });

  it('reads back as the original text once Discord resolves the escapes', () => {
    const samples = ['a*b_c~d`e|f[g]h(i)j\\k', '# not a heading', '> not a quote', '1. not a list', 'AT&T <3 50% off!'];
    for (const sample of samples) expect(markdownToPlain(escapeMarkdown(sample))).toBe(sample);
  });

  it('escapeLine folds line breaks so a fact stays on one line', () => {
    expect(escapeLine('  # first\n\n# second\tthird  ')).toBe('\\# first # second third');
  });
});

describe('maskedLink', () => {
  it('links http and https URLs with an escaped label', () => {
    expect(maskedLink('Example Times', 'https://example.com/a')).toBe('[Example Times](https://example.com/a)');
    expect(maskedLink('Le *Journal*', 'http://example.fr/b?x=1')).toBe('[Le \\*Journal\\*](http://example.fr/b?x=1)');
  });

  it('refuses javascript:, data:, other schemes and malformed URLs, keeping the label as plain text', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/x', 'example.com/x', '//example.com', '']) {
      const result = maskedLink('Click [me]', url);
      expect(result, url).toBe('Click \\[me\\]');
      expect(result).not.toContain('](');
    }
    expect(maskedLink('No link', undefined)).toBe('No link');
  });

  it('escapes brackets in labels and parentheses and spaces in URLs, so the link cannot end early', () => {
    const link = maskedLink('a ] b ) c', 'https://en.wikipedia.org/wiki/Foo_(bar) x');
    expect(link).toBe('[a \\] b \\) c](https://en.wikipedia.org/wiki/Foo_%28bar%29%20x)');
    expect(markdownToPlain(link)).toBe('a ] b ) c <https://en.wikipedia.org/wiki/Foo_%28bar%29%20x>');
  });

  it('cannot be turned into a ping or a second link by its label', () => {
    const link = maskedLink('@everyone [evil](https://evil.example)', 'https://example.com');
    expect(link).toBe(`[@${ZWSP}everyone \\[evil\\]\\(https://evil.example\\)](https://example.com)`);
  });

  it('falls back to the host for an empty label', () => {
    expect(maskedLink('  ', 'https://news.example.org/a')).toBe('[news.example.org](https://news.example.org/a)');
  });

  it('safeUrl keeps an http(s) URL as written and rejects the rest', () => {
    expect(safeUrl('https://example.com/a?b=c#d')).toBe('https://example.com/a?b=c#d');
    expect(safeUrl('https://example.com/a\\b<c>\u00a0d')).toBe('https://example.com/a%5Cb%3Cc%3E%C2%A0d');
    expect(safeUrl('mailto:a@example.com')).toBeUndefined();
    expect(safeUrl('javascript://example.com/%0Aalert(1)')).toBeUndefined();
  });
});
