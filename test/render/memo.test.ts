import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import { blockToEmbeds, lastingBlock, layoutPages, PAGER_RESERVE, type EmbedBlock } from '../../src/render/layout.ts';
import { memoPerItem } from '../../src/render/memo.ts';
import { renderBalance } from '../../src/render/balance.ts';
import { renderCompany } from '../../src/render/company.ts';
import { renderRetreats } from '../../src/render/retreats.ts';
import { fixtureData, fixtureKb } from '../support/kb-fixture.ts';

const longBlock = (title: string): EmbedBlock => ({
  title,
  color: 0x123456,
  description: Array.from({ length: 60 }, (_, i) => `Fact ${i} ${'word '.repeat(30)}`),
  fields: [{ name: 'Field', lines: Array.from({ length: 8 }, (_, i) => `Line ${i} ${'x'.repeat(400)}`) }],
  footer: 'footer',
});

describe('lastingBlock', () => {
  it('lays a lasting block out exactly as an ordinary one, for every locale and reserve', () => {
    const lasting = lastingBlock(longBlock('Lasting'));
    for (const locale of ['en', 'fr'] as const) {
      for (const reserve of [0, PAGER_RESERVE, 500]) {
        const expected = JSON.stringify(layoutPages([longBlock('Lasting')], { locale, reserve }));
        expect(JSON.stringify(layoutPages([lasting], { locale, reserve }))).toBe(expected);
        expect(JSON.stringify(layoutPages([lasting], { locale, reserve }))).toBe(expected);
      }
    }
  });

  it('reuses the embeds of a lasting block, frozen so no caller can change them for the next answer', () => {
    const lasting = lastingBlock(longBlock('Lasting'));
    const first = layoutPages([lasting], { locale: 'en' });
    const second = layoutPages([lasting], { locale: 'en' });
    expect(second[0]?.embeds[0]).toBe(first[0]?.embeds[0]);
    const embed = first[0]?.embeds[0];
    expect(embed).toBeDefined();
    expect(Object.isFrozen(embed)).toBe(true);
    expect(() => {
      if (embed !== undefined) embed.title = 'changed';
    }).toThrow(TypeError);
    expect(layoutPages([longBlock('Lasting')], { locale: 'en' })[0]?.embeds[0]?.title).toBe('Lasting');
  });

  it('leaves ordinary blocks fresh and mutable, as blockToEmbeds gives them', () => {
    const block = longBlock('Ordinary');
    const first = layoutPages([block], { locale: 'en' });
    const second = layoutPages([block], { locale: 'en' });
    expect(second[0]?.embeds[0]).not.toBe(first[0]?.embeds[0]);
    expect(Object.isFrozen(first[0]?.embeds[0])).toBe(false);
    expect(Object.isFrozen(blockToEmbeds(block, 'en', 6000 - PAGER_RESERVE)[0])).toBe(false);
  });
});

describe('memoPerItem', () => {
  it('renders an item once per knowledge base and locale', () => {
    const calls: string[] = [];
    const render = memoPerItem((_kb, item: { id: string }, locale) => {
      calls.push(`${item.id}:${locale}`);
      return `${item.id} in ${locale}`;
    });
    const [kbA, kbB] = [fixtureKb(), fixtureKb()];
    const item = { id: 'one' };
    expect(render(kbA, item, 'en')).toBe('one in en');
    expect(render(kbA, item, 'en')).toBe('one in en');
    expect(render(kbA, item, 'fr')).toBe('one in fr');
    expect(render(kbB, item, 'en')).toBe('one in en');
    expect(render(kbA, { id: 'one' }, 'en')).toBe('one in en');
    expect(calls).toEqual(['one:en', 'one:fr', 'one:en', 'one:en']);
  });

  it('keeps the renderings of two knowledge bases sharing the same event objects apart', () => {
    const data = fixtureData();
    const renamed = { ...data, companies: data.companies.map((c) => (c.id === 'aws' ? { ...c, name: 'Renamed Cloud' } : c)) };
    const [first, second] = [buildKnowledgeBase(data), buildKnowledgeBase(renamed)];
    expect(second.events[0]).toBe(first.events[0]);
    const text = (kb: typeof first) => JSON.stringify(renderRetreats(kb, kb.events, { locale: 'en', filters: {} }));
    expect(text(first)).toContain('Amazon Web Services');
    expect(text(second)).toContain('Renamed Cloud');
    expect(text(second)).not.toContain('Amazon Web Services');
    expect(text(first)).not.toContain('Renamed Cloud');
  });
});

describe('memoized answers', () => {
  it('give the same answer on every call, whatever the order of locales and commands', () => {
    const kb = fixtureKb();
    const aws = kb.companies.get('aws');
    if (aws === undefined) throw new Error('no aws');
    const answers = () =>
      JSON.stringify([
        ...(['en', 'fr'] as const).flatMap((locale) => [
          renderRetreats(kb, kb.events, { locale, filters: {} }),
          renderCompany(kb, aws, kb.events.filter((e) => e.actor === 'aws'), [], locale),
          renderBalance(kb, locale),
        ]),
      ]);
    const cold = answers();
    // Warm the memo in the other order, then compare.
    renderBalance(kb, 'fr');
    renderRetreats(kb, kb.events.slice(1), { locale: 'fr', filters: {} });
    expect(answers()).toBe(cold);
    expect(cold).toContain('Amazon Web Services');
  });
});
