import type { APIButtonComponent } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { layoutPages } from '../../src/render/layout.ts';
import { withPager } from '../../src/render/pager.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';

const customIdFor = (page: number) => `retreats:${page}:microsoft:-:2023:-:123456789012345678`;

function buttons(payload: MessagePayload): APIButtonComponent[] {
  const rows = payload.components ?? [];
  expect(rows).toHaveLength(1);
  return (rows[0]?.components ?? []).filter((component): component is APIButtonComponent => component.type === 2);
}

function state(button: APIButtonComponent | undefined) {
  if (button === undefined || !('custom_id' in button)) throw new Error('expected a button with a custom id');
  return { label: button.label, id: button.custom_id, disabled: button.disabled === true };
}

const page: MessagePayload = { embeds: [{ title: 'Timeline', description: 'facts', footer: { text: 'Sources checked' } }], allowed_mentions: { parse: [] } };

describe('withPager', () => {
  it('disables Previous on the first page and Next on the last, the indicator always', () => {
    const first = buttons(withPager(page, { index: 0, total: 5, customIdFor, locale: 'en' })).map(state);
    expect(first.map((b) => [b.label, b.disabled])).toEqual([['◀ Previous', true], ['1 / 5', true], ['Next ▶', false]]);
    const middle = buttons(withPager(page, { index: 2, total: 5, customIdFor, locale: 'en' })).map(state);
    expect(middle.map((b) => [b.label, b.disabled])).toEqual([['◀ Previous', false], ['3 / 5', true], ['Next ▶', false]]);
    const last = buttons(withPager(page, { index: 4, total: 5, customIdFor, locale: 'en' })).map(state);
    expect(last.map((b) => [b.label, b.disabled])).toEqual([['◀ Previous', false], ['5 / 5', true], ['Next ▶', true]]);
  });

  it('takes the custom ids from the caller: the arrows point at the neighbouring pages', () => {
    const [previous, indicator, next] = buttons(withPager(page, { index: 2, total: 5, customIdFor, locale: 'fr' })).map(state);
    expect(previous?.id).toBe(customIdFor(1));
    expect(indicator?.id).toBe(customIdFor(2));
    expect(next?.id).toBe(customIdFor(3));
    expect([previous?.label, next?.label]).toEqual(['◀ Précédent', 'Suivant ▶']);
  });

  it('adds the page to the footer, keeps the payload within limits and leaves the original untouched', () => {
    const paged = withPager(page, { index: 1, total: 3, customIdFor, locale: 'en' });
    expect(paged.embeds.at(-1)?.footer?.text).toBe('Sources checked · Page 2 / 3');
    expect(page.embeds[0]?.footer?.text).toBe('Sources checked');
    expect(page.components).toBeUndefined();
    assertWithinDiscordLimits(paged);
  });

  it('fits on pages the layout filled to the brim', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Fact ${i}: ${'word '.repeat(20 + (i % 30))}`);
    const pages = layoutPages([{ title: 'Full', description: lines, footer: 'footer' }], { locale: 'en' });
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((p, index) => {
      const paged = withPager(p, { index, total: pages.length, customIdFor, locale: 'en' });
      assertWithinDiscordLimits(paged);
      expect(paged.embeds.at(-1)?.footer?.text).toMatch(new RegExp(`Page ${index + 1} / ${pages.length}$`));
    });
  });

  it('refuses custom ids Discord would reject', () => {
    expect(() => withPager(page, { index: 0, total: 2, customIdFor: (n) => `x${n}`.padEnd(101, 'x'), locale: 'en' })).toThrow(/custom id/);
    expect(() => withPager(page, { index: 0, total: 2, customIdFor: () => 'same', locale: 'en' })).toThrow(/own custom id/);
  });
});
