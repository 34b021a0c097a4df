import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import { dataFiles } from '../../src/kb/schema.ts';
import { LOCALES } from '../../src/i18n/locale.ts';
import { safeUrl } from '../../src/render/markdown.ts';
import { withPager } from '../../src/render/pager.ts';
import { renderRetreats } from '../../src/render/retreats.ts';
import { payloadToText } from '../../src/render/text.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { renderEverything } from './render-all.ts';

const dataDir = fileURLToPath(new URL('../../data', import.meta.url));

function read<Name extends keyof typeof dataFiles>(name: Name) {
  return dataFiles[name].parse(JSON.parse(readFileSync(`${dataDir}/${name}`, 'utf8'))) as ReturnType<(typeof dataFiles)[Name]['parse']>;
}

function loadRealKb() {
  return buildKnowledgeBase({
    sources: read('sources.json'),
    companies: read('companies.json'),
    events: read('events.json'),
    dimensions: read('dimensions.json'),
    balance: read('balance.json'),
  });
}

describe('the real knowledge base in data/', () => {
  it.skipIf(!existsSync(`${dataDir}/events.json`))('renders every answer in both languages within every Discord limit', () => {
    const kb = loadRealKb();
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

  it.skipIf(!existsSync(`${dataDir}/events.json`))('shows every event title and every source URL of the timeline', () => {
    const kb = loadRealKb();
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
