import { loadRealKb } from '../support/real-kb.ts';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/i18n/locale.ts';
import { frenchSpacing } from '../../src/i18n/typography.ts';
import { safeUrl } from '../../src/render/markdown.ts';
import { withPager } from '../../src/render/pager.ts';
import { renderRetreats } from '../../src/render/retreats.ts';
import { payloadToText } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { answerLeads } from '../../src/digest/views/leads-answer.ts';
import type { LeadRecord } from '../../src/digest/deliver/leads.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { renderEverything } from './render-all.ts';

/** Each URL linked in a message and how many times, in its markdown and in its link fields. */
function linkCounts(page: MessagePayload): Map<string, number> {
  const counts = new Map<string, number>();
  const raw = JSON.stringify(page);
  for (const match of raw.matchAll(/\]\((https?:[^)\s"]+)\)|"url":"(https?:[^"]+)"/g)) {
    const url = match[1] ?? match[2] ?? '';
    counts.set(url, (counts.get(url) ?? 0) + 1);
  }
  return counts;
}

/** Two leads of the same story from two outlets, as the digest records them. */
function leadRecords(): LeadRecord[] {
  const outlets = [
    { feedUrl: 'https://a.example/feed', feedLabel: 'Outlet A', link: 'https://a.example/story' },
    { feedUrl: 'https://b.example/feed', feedLabel: 'Outlet B', link: 'https://b.example/story' },
  ];
  return [
    { id: 'l1', title: 'Acme closes its Shanghai lab', link: 'https://a.example/story', deliveredAt: '2025-11-19T08:00:00Z', outlets, companies: [], subject: 'Acme', words: ['closes', 'shanghai'] },
    { id: 'l2', title: 'Acme leaves China', link: 'https://c.example/story', deliveredAt: '2025-11-18T08:00:00Z', outlets: [outlets[1]!], companies: [], subject: 'Acme', words: ['leaves', 'china'] },
  ];
}


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
        const title = event.title[locale].replace(/\s+/g, ' ').trim();
        expect(shown, event.id).toContain(locale === 'fr' ? frenchSpacing(title) : title);
        for (const id of event.sources) {
          const url = kb.sources.get(id)?.url;
          if (url !== undefined) expect(raw, `${event.id} → ${id}`).toContain(safeUrl(url));
        }
      }
    }
  });

  it('links no URL more than twice in one message, in every answer and both languages', async () => {
    const kb = await loadRealKb();
    for (const locale of LOCALES) {
      const leads = answerLeads(kb, { records: leadRecords(), tracked: new Set(), now: new Date('2025-11-20T08:00:00Z'), days: 30 }, locale);
      const answers = [...renderEverything(kb, locale), { what: 'leads', pages: leads.pages.map((page) => page.payload) }];
      for (const { what, pages } of answers) {
        pages.forEach((page, index) => {
          const repeated = [...linkCounts(page)].filter(([, count]) => count > 2);
          expect(repeated, `${locale} ${what}, page ${index + 1}`).toEqual([]);
        });
      }
    }
  });
});
