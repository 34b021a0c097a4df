import type { OutgoingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { compress, encodeUtf16be, encodeWindows1252, respond } from '../support/feed-server.ts';
import { fixture, type HostileCase } from './case-types.ts';

/** Accented text in every encoding feeds arrive in: declared by the header, by the XML declaration, or not at all. */

const ACCENTS = fixture('accents.xml');
const TITLES = [
  'Pékin accélère : “Made in China” coûte 5 €',
  'Zürich, Genève : la façade très élevée',
  'Ça bouge à Shenzhen – l’été des puces',
] as const;

/** The accents feed with another XML declaration. */
function declared(declaration: string): string {
  return ACCENTS.replace('<?xml version="1.0"?>', declaration);
}

function serving(body: Buffer, headers: OutgoingHttpHeaders): HostileCase['serve'] {
  return (server, base) => {
    server.route(`${base}/accents`, respond({ body, headers }));
    return `${base}/accents`;
  };
}

function accented(name: string, expected: string, charset: string, serve: HostileCase['serve']): HostileCase {
  return {
    name,
    expected,
    serve,
    outcome: {
      ok: true,
      titles: TITLES,
      charset,
      check(items) {
        expect(items[0]?.summary).toBe('Le déséquilibre s’accroît.');
      },
    },
  };
}

const UTF16_DECLARATION = '<?xml version="1.0" encoding="UTF-16"?>';
const BOM_LE = Buffer.from([0xff, 0xfe]);
const BOM_BE = Buffer.from([0xfe, 0xff]);
const RSS_NO_CHARSET = { 'content-type': 'application/rss+xml' };

/** The accents feed in UTF-8, with one byte of windows-1252 (0xE9, "é") left in the first description. */
function utf8WithStrayByte(): Buffer {
  const [before = '', after = ''] = ACCENTS.split('Le déséquilibre');
  return Buffer.concat([Buffer.from(`${before}Le d`), Buffer.from([0xe9]), Buffer.from(`séquilibre${after}`)]);
}

export const ENCODING_CASES: readonly HostileCase[] = [
  accented(
    'ISO-8859-1 named in the Content-Type header',
    'ok: 3 items, é è ç ü € “ ” intact (read as windows-1252)',
    'windows-1252',
    serving(encodeWindows1252(ACCENTS), { 'content-type': 'application/rss+xml; charset=ISO-8859-1' }),
  ),
  accented(
    'Windows-1252 named only in the XML declaration',
    'ok: 3 items, accents intact',
    'windows-1252',
    serving(encodeWindows1252(declared('<?xml version="1.0" encoding="windows-1252"?>')), { 'content-type': 'text/xml' }),
  ),
  accented(
    'ISO-8859-1 named only in the XML declaration',
    'ok: 3 items, accents intact',
    'windows-1252',
    serving(encodeWindows1252(declared("<?xml version='1.0' encoding='iso-8859-1'?>")), RSS_NO_CHARSET),
  ),
  accented(
    'Windows-1252 declared nowhere (sniffed)',
    'ok: 3 items, accents intact: bytes that are not UTF-8 are read as windows-1252',
    'windows-1252',
    serving(encodeWindows1252(ACCENTS), RSS_NO_CHARSET),
  ),
  accented(
    'UTF-16LE with a BOM',
    'ok: 3 items, accents intact',
    'utf-16le',
    serving(Buffer.concat([BOM_LE, Buffer.from(ACCENTS, 'utf16le')]), RSS_NO_CHARSET),
  ),
  accented(
    'UTF-16BE with a BOM',
    'ok: 3 items, accents intact',
    'utf-16be',
    serving(Buffer.concat([BOM_BE, encodeUtf16be(ACCENTS)]), RSS_NO_CHARSET),
  ),
  accented(
    'UTF-16LE without a BOM (XML declaration)',
    'ok: 3 items, accents intact',
    'utf-16le',
    serving(Buffer.from(declared(UTF16_DECLARATION), 'utf16le'), RSS_NO_CHARSET),
  ),
  accented(
    'UTF-16BE without a BOM (XML declaration)',
    'ok: 3 items, accents intact',
    'utf-16be',
    serving(encodeUtf16be(declared(UTF16_DECLARATION)), { 'content-type': 'text/xml' }),
  ),
  accented(
    'UTF-16LE without a BOM or declaration (sniffed)',
    'ok: 3 items, accents intact',
    'utf-16le',
    serving(Buffer.from(ACCENTS.slice(ACCENTS.indexOf('<rss')), 'utf16le'), RSS_NO_CHARSET),
  ),
  accented(
    'UTF-8, gzip-compressed, quoted charset',
    'ok: 3 items, accents intact',
    'utf-8',
    serving(compress(ACCENTS, 'gzip'), { 'content-type': 'application/xml; charset="utf-8"', 'content-encoding': 'gzip' }),
  ),
  {
    name: 'UTF-8 with one stray windows-1252 byte',
    expected: 'ok: 3 items, still read as UTF-8: accents intact, the stray byte alone replaced',
    serve: serving(utf8WithStrayByte(), RSS_NO_CHARSET),
    outcome: {
      ok: true,
      titles: TITLES,
      charset: 'utf-8',
      check(items) {
        expect(items[0]?.summary).toBe('Le d\uFFFDséquilibre s’accroît.');
      },
    },
  },
];
