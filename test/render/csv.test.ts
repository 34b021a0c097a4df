import { describe, expect, it } from 'vitest';
import { csvFile, toCsv } from '../../src/render/export/csv.ts';
import { retreatsCsv } from '../../src/render/export/retreats-csv.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

describe('CSV export', () => {
  it('quotes as RFC 4180 says: only fields with a comma, a quote or a line break, quotes doubled, CRLF rows', () => {
    expect(toCsv([['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', '']])).toBe('plain,"a,b","say ""hi""","two\nlines","cr\r",\r\n');
  });

  it('starts with a UTF-8 byte-order mark and keeps accents', () => {
    const bytes = csvFile([['Écart', 'déjà']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('Écart,déjà\r\n');
  });

  it('gives one row per event, in order, with its sources’ URLs, in the reader’s language', () => {
    const kb = fixtureKb();
    const events = kb.events.filter((e) => e.actor === 'ibm' || e.actor === 'aws');
    for (const locale of ['en', 'fr'] as const) {
      const rows = retreatsCsv(kb, events, locale).toString('utf8').slice(1).split('\r\n');
      expect(rows).toHaveLength(events.length + 2);
      expect(rows.at(-1)).toBe('');
      events.forEach((event, i) => {
        const row = rows[i + 1]!;
        expect(row.startsWith(`${event.date},`)).toBe(true);
        expect(row).toContain(event.title[locale]);
        for (const id of event.sources) {
          const url = kb.sources.get(id)?.url;
          if (url !== undefined) expect(row).toContain(url);
        }
      });
      const ibm = rows.find((row) => row.includes('ibm-rd'))!;
      expect(ibm).toContain(locale === 'en' ? 'Lab closure; Layoffs' : 'Fermeture de laboratoire; Licenciements');
      expect(ibm).toContain(locale === 'en' ? 'more than 1,000' : 'plus de 1\u202f000');
    }
  });
});
