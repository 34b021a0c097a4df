import type { APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { blockToEmbeds, layoutPages, PAGER_RESERVE, type EmbedBlock } from '../../src/render/layout.ts';
import { measureEmbed } from '../../src/render/limits.ts';
import { DISCORD_LIMITS } from '../../src/render/limits.ts';
import { packLines, splitLongLine } from '../../src/render/split.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';

/** Deterministic filler: "Fact 7: lorem ipsum …" of about `length` characters, with sentences and spaces. */
function fact(n: number, length: number): string {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
  let text = `Fact ${n}:`;
  for (let i = 0; text.length < length; i += 1) text += ` ${words[(n + i) % words.length]}${i % 9 === 8 ? '.' : ''}`;
  return text.slice(0, length);
}

function allText(embeds: readonly APIEmbed[]): string {
  return embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text].join('\n')).join('\n');
}

describe('measureEmbed', () => {
  it('counts title, description, field names and values, footer and author, and nothing else', () => {
    const embed: APIEmbed = {
      title: 'abc', description: 'defg', url: 'https://example.com/not-counted', color: 0xffffff,
      fields: [{ name: 'hi', value: 'there' }, { name: 'x', value: 'y', inline: true }],
      footer: { text: 'foot', icon_url: 'https://example.com/icon' }, author: { name: 'me' },
    };
    expect(measureEmbed(embed)).toBe(3 + 4 + 2 + 5 + 1 + 1 + 4 + 2);
    expect(measureEmbed({})).toBe(0);
  });
});

describe('splitLongLine and packLines', () => {
  it('packs whole lines and never breaks one that fits', () => {
    const lines = Array.from({ length: 60 }, (_, i) => fact(i, 40 + ((i * 37) % 300)));
    const chunks = packLines(lines, 1024);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1024);
    expect(chunks.flatMap((chunk) => chunk.split('\n'))).toEqual(lines);
  });

  it('splits an overlong line at a sentence end, marking the cut with "…"', () => {
    const line = `${'First sentence is here. '.repeat(30)}Last words without end`;
    const pieces = splitLongLine(line, 200);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(200);
    expect(pieces[0]).toMatch(/here\. …$/);
    expect(pieces[1]).toMatch(/^… First/);
    expect(pieces.join(' ').replace(/ ?… ?/g, ' ').replace(/\s+/g, ' ')).toBe(line);
  });

  it('falls back to a space when no sentence ends in reach, and to a hard cut only without spaces', () => {
    const words = splitLongLine('word '.repeat(100).trim(), 50);
    for (const piece of words) expect(piece.replace(/^… | …$/g, '')).toMatch(/^(word ?)+$/);
    const solid = 'x'.repeat(130);
    const pieces = splitLongLine(solid, 50);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(50);
    expect(pieces.join('').replace(/ ?… ?/g, '')).toBe(solid);
  });

  it('does not cut inside a masked link or between a backslash and what it escapes', () => {
    const link = '[Example Times report](https://example.com/a/long/path)';
    const line = `${'Some words and more words '.repeat(4)}${link} tail ${'\\*'.repeat(40)}`;
    const pieces = splitLongLine(line, 120);
    expect(pieces.some((piece) => piece.includes(link))).toBe(true);
    const solidEscapes = splitLongLine('\\*'.repeat(100), 51);
    for (const piece of solidEscapes) expect(piece.replace(/^… | …$/g, '')).toMatch(/^(\\\*)+$/);
  });

  it('splits a multi-line item between its own lines first', () => {
    const item = ['> quote line one '.repeat(20), '> — Speaker', '> original '.repeat(20)].join('\n');
    const pieces = splitLongLine(item, 400);
    expect(pieces.flatMap((p) => p.split('\n'))).toEqual(item.split('\n'));
  });
});

describe('layoutPages', () => {
  const longBlock = (title: string, lines: number, length: number): EmbedBlock => ({
    title, color: 0x123456, description: Array.from({ length: lines }, (_, i) => fact(i, length)), footer: 'footer',
  });

  it('continues a long description in further embeds titled "(cont.)" / « (suite) », at line boundaries', () => {
    const block = longBlock('Timeline', 80, 300);
    for (const [locale, suffix] of [['en', ' (cont.)'], ['fr', ' (suite)']] as const) {
      const embeds = blockToEmbeds(block, locale, 6000 - PAGER_RESERVE);
      expect(embeds.length).toBeGreaterThan(4);
      expect(embeds[0]?.title).toBe('Timeline');
      for (const embed of embeds.slice(1)) expect(embed.title).toBe(`Timeline${suffix}`);
      expect(embeds.flatMap((e) => e.description?.split('\n') ?? [])).toEqual(block.description);
      expect(embeds.filter((e) => e.footer !== undefined).map((e) => e.footer?.text)).toEqual(['footer']);
      expect(embeds.at(-1)?.footer?.text).toBe('footer');
    }
  });

  it('splits fields over 1,024 characters into continuation fields and starts a new embed past 25 fields', () => {
    const block: EmbedBlock = {
      title: 'Fields',
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `Field ${i}`, lines: Array.from({ length: 12 }, (_, j) => fact(i * 100 + j, 150)) })),
    };
    const pages = layoutPages([block], { locale: 'en' });
    const fields = pages.flatMap((p) => p.embeds.flatMap((e) => e.fields ?? []));
    expect(fields.some((f) => f.name === 'Field 0 (cont.)')).toBe(true);
    for (let i = 0; i < 30; i += 1) {
      const values = fields.filter((f) => f.name === `Field ${i}` || f.name === `Field ${i} (cont.)`).flatMap((f) => f.value.split('\n'));
      expect(values).toEqual(block.fields?.[i]?.lines);
    }
    for (const page of pages) assertWithinDiscordLimits(page);
  });

  it('packs embeds into messages of at most 10 embeds and 6,000 characters less the pager reserve', () => {
    const blocks = Array.from({ length: 40 }, (_, i) => longBlock(`Block ${i}`, 3 + (i % 5), 200 + i * 7));
    const pages = layoutPages(blocks, { locale: 'en' });
    expect(pages.length).toBeGreaterThan(4);
    for (const page of pages) {
      assertWithinDiscordLimits(page);
      expect(page.embeds.reduce((sum, e) => sum + measureEmbed(e), 0)).toBeLessThanOrEqual(6000 - PAGER_RESERVE);
    }
    expect(pages.some((p) => p.embeds.reduce((sum, e) => sum + measureEmbed(e), 0) > 5000)).toBe(true);
    expect(pages.flatMap((p) => p.embeds).filter((e) => !e.title?.endsWith('(cont.)')).map((e) => e.title)).toEqual(blocks.map((b) => b.title));
    const small = Array.from({ length: 25 }, (_, i) => longBlock(`Small ${i}`, 1, 100));
    const smallPages = layoutPages(small, { locale: 'en' });
    expect(smallPages.map((p) => p.embeds.length)).toEqual([DISCORD_LIMITS.embedsPerMessage, DISCORD_LIMITS.embedsPerMessage, 5]);
  });

  it('keeps an overlong title whole in the description and shortens the title at a word', () => {
    const title = `${'Very long event title '.repeat(20)}end`;
    const [page] = layoutPages([{ title, description: ['body'] }], { locale: 'en' });
    const embed = page?.embeds[0];
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    const shown = embed?.title?.replace(/…$/, '') ?? '';
    expect(embed?.title).toMatch(/…$/);
    expect(title.startsWith(shown)).toBe(true);
    expect(title[shown.length]).toBe(' ');
    expect(embed?.description).toBe(`**${title}**\nbody`);
  });

  it('survives inflated input: one 20,000-character line, 100 fields, a huge footer', () => {
    const block: EmbedBlock = {
      title: 'Inflated',
      author: 'A'.repeat(400),
      footer: 'F'.repeat(3000),
      description: [fact(1, 20_000), ...Array.from({ length: 50 }, (_, i) => fact(i, 3000))],
      fields: Array.from({ length: 100 }, (_, i) => ({ name: 'N'.repeat(300 + i), lines: [fact(i, 2500)] })),
    };
    for (const locale of ['en', 'fr'] as const) {
      const pages = layoutPages([block], { locale, content: 'C'.repeat(2500) });
      for (const page of pages) assertWithinDiscordLimits(page);
      expect(pages[0]?.content?.length).toBeLessThanOrEqual(2000);
      expect(pages.slice(1).every((p) => p.content === undefined)).toBe(true);
    }
  });

  it('is deterministic and always gives at least one page', () => {
    const blocks = [longBlock('A', 30, 500), longBlock('B', 5, 100)];
    expect(JSON.stringify(layoutPages(blocks, { locale: 'fr' }))).toBe(JSON.stringify(layoutPages(blocks, { locale: 'fr' })));
    expect(layoutPages([], { locale: 'en' })).toEqual([{ embeds: [], allowed_mentions: { parse: [] } }]);
  });

  it('leaves every fact line intact somewhere on the pages', () => {
    const block = longBlock('Facts', 200, 250);
    const text = allText(layoutPages([block], { locale: 'en' }).flatMap((p) => p.embeds));
    for (const line of block.description ?? []) expect(text).toContain(line);
  });
});
