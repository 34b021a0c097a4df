import { describe, expect, it } from 'vitest';
import { decodeFeedBody } from '../../src/feeds/fetch/charset.ts';
import { encodeUtf16be as utf16be, encodeWindows1252 as windows1252 } from '../support/feed-server.ts';

const ACCENTS = 'Pékin, café, Zürich';

function rss(title: string, declaration = '<?xml version="1.0"?>'): string {
  return `${declaration}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
}

describe('decodeFeedBody', () => {
  it('decodes UTF-8 by default', () => {
    const result = decodeFeedBody(Buffer.from(rss(ACCENTS)));
    expect(result).toEqual({ text: rss(ACCENTS), charset: 'utf-8' });
  });

  it('strips a UTF-8 byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(ACCENTS))]);
    const result = decodeFeedBody(bytes);
    expect(result.text).toBe(rss(ACCENTS));
    expect(result.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(result.charset).toBe('utf-8');
  });

  it('uses the charset of the Content-Type header (ISO-8859-1 read as windows-1252)', () => {
    const result = decodeFeedBody(windows1252(rss(ACCENTS)), 'application/rss+xml; charset=ISO-8859-1');
    expect(result.text).toBe(rss(ACCENTS));
    expect(result.charset).toBe('windows-1252');
  });

  it('accepts a quoted charset parameter', () => {
    const result = decodeFeedBody(windows1252(rss(ACCENTS)), 'text/xml; charset="iso-8859-1"');
    expect(result.text).toBe(rss(ACCENTS));
  });

  it('falls back to the XML declaration: windows-1252 keeps curly quotes and the euro sign', () => {
    const title = '“Zürich” – 5 € ‘café’';
    const declaration = '<?xml version="1.0" encoding="windows-1252"?>';
    const result = decodeFeedBody(windows1252(rss(title, declaration)), 'application/xml');
    expect(result.text).toBe(rss(title, declaration));
    expect(result.charset).toBe('windows-1252');
  });

  it('decodes every windows-1252 byte as ICU does (not as ISO-8859-1)', () => {
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, byte) => byte));
    // ICU's streaming path is correct in Node 20; the one-shot path decodes 0x80–0x9F as C1 controls.
    const icu = new TextDecoder('windows-1252');
    const expected = icu.decode(bytes, { stream: true }) + icu.decode();
    const result = decodeFeedBody(bytes, 'text/plain; charset=windows-1252');
    expect(result.text).toBe(expected);
    expect(result.text[0x80]).toBe('€');
    expect(result.text[0x93]).toBe('“');
  });

  it('lets the header win over the XML declaration', () => {
    const declaration = "<?xml version='1.0' encoding='iso-8859-1'?>";
    const result = decodeFeedBody(Buffer.from(rss(ACCENTS, declaration)), 'text/xml; charset=utf-8');
    expect(result.text).toBe(rss(ACCENTS, declaration));
    expect(result.charset).toBe('utf-8');
  });

  it('lets the byte order mark win over the header', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss(ACCENTS))]);
    const result = decodeFeedBody(bytes, 'text/xml; charset=iso-8859-1');
    expect(result.text).toBe(rss(ACCENTS));
    expect(result.charset).toBe('utf-8');
  });

  it('decodes UTF-16LE with a byte order mark and strips it', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss(ACCENTS), 'utf16le')]);
    const result = decodeFeedBody(bytes);
    expect(result.text).toBe(rss(ACCENTS));
    expect(result.charset).toBe('utf-16le');
  });

  it('decodes UTF-16BE with a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(rss(ACCENTS))]);
    const result = decodeFeedBody(bytes);
    expect(result.text).toBe(rss(ACCENTS));
    expect(result.charset).toBe('utf-16be');
  });

  it('recognises UTF-16 without a byte order mark from the "<?" byte pattern, in both byte orders', () => {
    const declaration = '<?xml version="1.0" encoding="UTF-16"?>';
    const little = decodeFeedBody(Buffer.from(rss(ACCENTS, declaration), 'utf16le'));
    const big = decodeFeedBody(utf16be(rss(ACCENTS, declaration)));
    expect(little).toEqual({ text: rss(ACCENTS, declaration), charset: 'utf-16le' });
    expect(big).toEqual({ text: rss(ACCENTS, declaration), charset: 'utf-16be' });
  });

  it('ignores a UTF-16 declaration on bytes that are not UTF-16', () => {
    const declaration = '<?xml version="1.0" encoding="utf-16"?>';
    const result = decodeFeedBody(Buffer.from(rss(ACCENTS, declaration)));
    expect(result.text).toBe(rss(ACCENTS, declaration));
    expect(result.charset).toBe('utf-8');
  });

  it('decodes other encodings TextDecoder knows (Shift_JIS via the declaration)', () => {
    const declaration = '<?xml version="1.0" encoding="Shift_JIS"?>';
    // "日本" in Shift_JIS is 93 FA 96 7B.
    const bytes = Buffer.concat([
      Buffer.from(`${declaration}<rss><channel><title>`),
      Buffer.from([0x93, 0xfa, 0x96, 0x7b]),
      Buffer.from('</title></channel></rss>'),
    ]);
    const result = decodeFeedBody(bytes);
    expect(result.text).toContain('<title>日本</title>');
    expect(result.charset).toBe('shift_jis');
  });

  it('falls back to UTF-8 on an unknown label and reports it', () => {
    const result = decodeFeedBody(Buffer.from(rss(ACCENTS)), 'text/xml; charset=klingon-8');
    expect(result).toEqual({ text: rss(ACCENTS), charset: 'utf-8', ignoredLabel: 'klingon-8' });
  });

  it('uses the XML declaration when the header label is unknown', () => {
    const declaration = '<?xml version="1.0" encoding="ISO-8859-1"?>';
    const result = decodeFeedBody(windows1252(rss(ACCENTS, declaration)), 'text/xml; charset=bogus');
    expect(result.text).toBe(rss(ACCENTS, declaration));
    expect(result.ignoredLabel).toBe('bogus');
  });

  it('replaces invalid bytes instead of failing', () => {
    const result = decodeFeedBody(Buffer.from([0x3c, 0x61, 0xff, 0x3e]));
    expect(result.text).toBe('<a\uFFFD>');
  });
});
