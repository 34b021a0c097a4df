import { loadRealKb } from '../support/real-kb.ts';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locale.ts';
import { safeUrl } from '../../src/render/markdown.ts';
import { withPager } from '../../src/render/pager.ts';
import { renderRetreats } from '../../src/render/retreats.ts';
import { payloadToText } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { renderEverything } from './render-all.ts';


describe('the real knowledge base in data/', () => {
  it('renders every answer in both languages within every Discord limit', async () => {
    const kb = await loadRealKb();
    for (const locale of LOCALES) {
      for (const { what, pages } of renderEverything(kb, locale)) {
        pages.forEach((page, index) => {
          try {
            assertWithinDiscordLimits(page);
            assertWithinDiscordLimits(withPager(page, { index, total: pages.length, locale, customIdFor: (n) => `${what.slice(0, 30)}:${n}:-:-:-:-:123456789012345678` }));
          } catch (error) {
            throw new Error(`${locale} ${what}, page ${index + 1}/${pages.length}: ${(error as Error).message}`);
          }
        });
      }
    }
  });

  it('shows every event title and every source URL of the timeline', async () => {
    const kb = await loadRealKb();
    for (const locale of LOCALES) {
      const pages = renderRetreats(kb, kb.events, { locale, filters: {} });
      const shown = pages.map(payloadToText).join('\n');
      const raw = JSON.stringify(pages);
      for (const event of kb.events) {
        expect(shown, event.id).toContain(event.title[locale].replace(/\s+/g, ' ').trim());
        for (const id of event.sources) {
          const url = kb.sources.get(id)?.url;
          if (url !== undefined) expect(raw, `${event.id} → ${id}`).toContain(safeUrl(url));
        }
      }
    }
  });
});
