import { isUtf8 } from 'node:buffer';

/**
 * Turning a feed's bytes into text. Pure.
 *
 * Order of authority: a byte order mark, then the charset of the Content-Type header, then the encoding of the
 * XML declaration, then UTF-8 — or windows-1252 when nothing is declared and the bytes are not UTF-8 but read
 * as Western text. Labels go through TextDecoder, so they follow the WHATWG Encoding Standard:
 * "iso-8859-1", "latin1" and "us-ascii" all decode as windows-1252. That is what we want for feeds, many of which
 * declare ISO-8859-1 while using Windows curly quotes and the euro sign (bytes 0x80–0x9F).
 */

/** A decoded feed body. */
export interface DecodedFeedBody {
  text: string;
  /** The WHATWG name of the encoding used, e.g. "utf-8", "windows-1252", "utf-16le". */
  charset: string;
  /** A charset label that was found but is unknown to TextDecoder and was therefore ignored. */
  ignoredLabel?: string;
}

type Utf16 = 'utf-16le' | 'utf-16be';

const SNIFF_BYTES = 1024;

function encodingFromBom(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function isAsciiMarkup(byte: number | undefined): boolean {
  return byte !== undefined && byte > 0x20 && byte < 0x7f;
}

/** "<?" (or "<rss", "<!--"…) written in UTF-16 without a byte order mark: "<" and an ASCII character, each paired with a NUL. */
function utf16FromPattern(bytes: Buffer): Utf16 | undefined {
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && isAsciiMarkup(bytes[2]) && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && isAsciiMarkup(bytes[3])) return 'utf-16be';
  return undefined;
}

/** True when a byte is the lead of a well-formed UTF-8 multi-byte sequence at `index`. */
function startsUtf8Sequence(bytes: Buffer, index: number): boolean {
  const lead = bytes[index] ?? 0;
  if (lead < 0xc2 || lead > 0xf4) return false;
  const length = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  for (let offset = 1; offset < length; offset++) {
    const byte = bytes[index + offset];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return false;
  }
  return true;
}

/**
 * True when bytes that are not UTF-8 read as Western text in windows-1252: no byte starts a valid UTF-8 sequence
 * (a UTF-8 feed with one stray byte stays UTF-8), and every byte above 0x7F is a defined windows-1252 character
 * other than þ and ÿ. Those two are almost never in Western text, while 0xFE and 0xFF are what binary data and
 * UTF-16 leftovers look like; such bodies stay UTF-8, with U+FFFD for what does not decode.
 */
function readsAsWindows1252(bytes: Buffer): boolean {
  if (isUtf8(bytes)) return false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] ?? 0;
    if (byte < 0x80) continue;
    if (byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d || byte >= 0xfe) return false;
    if (startsUtf8Sequence(bytes, index)) return false;
  }
  return true;
}

function labelFromContentType(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1];
}

function labelFromXmlDeclaration(bytes: Buffer, utf16: Utf16 | undefined): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const prolog = utf16 ? new TextDecoder(utf16).decode(head) : head.toString('latin1');
  const match = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(prolog);
  return match?.[1];
}

/** The WHATWG encoding name for a label, or undefined when TextDecoder does not know it. */
function encodingForLabel(label: string): string | undefined {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return undefined;
  }
}

// Node 20's TextDecoder has a fast path that decodes windows-1252 as ISO-8859-1, turning “ ” € into C1 control
// characters (nodejs/node#56542). The 32 bytes where the two differ are mapped here instead.
const WINDOWS_1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_HIGH[char.charCodeAt(0) - 0x80] ?? char);
}

function decode(bytes: Buffer, charset: string): string {
  return charset === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(charset).decode(bytes);
}

function isUtf16(encoding: string): encoding is Utf16 {
  return encoding === 'utf-16le' || encoding === 'utf-16be';
}

/**
 * Decodes a feed body to text, choosing the encoding from the BOM, the Content-Type charset, the XML declaration
 * (UTF-16 without BOM recognised by its `<?` byte pattern), else UTF-8, or windows-1252 for undeclared bytes that
 * are not UTF-8 but read as Western text (a Latin-1 feed that names no charset). A leading BOM is removed from the text.
 * An unknown label is skipped (reported in `ignoredLabel`) and the next source is used, ending at UTF-8.
 * Invalid byte sequences become U+FFFD rather than failing.
 */
export function decodeFeedBody(bytes: Buffer, contentType?: string): DecodedFeedBody {
  const utf16 = utf16FromPattern(bytes);
  let ignoredLabel: string | undefined;
  const resolve = (label: string | undefined): string | undefined => {
    if (label === undefined) return undefined;
    const encoding = encodingForLabel(label);
    if (encoding === undefined) ignoredLabel ??= label;
    return encoding;
  };

  const fromHeader = resolve(labelFromContentType(contentType));
  const fromDeclaration = fromHeader === undefined ? resolve(labelFromXmlDeclaration(bytes, utf16)) : undefined;
  const declared = fromHeader ?? fromDeclaration;
  let charset = encodingFromBom(bytes) ?? declared ?? utf16 ?? (readsAsWindows1252(bytes) ? 'windows-1252' : 'utf-8');
  // A UTF-16 label on a document whose bytes are not UTF-16 is a leftover of a conversion: the bytes win.
  if (isUtf16(charset) && encodingFromBom(bytes) === undefined) charset = utf16 ?? (fromHeader ? charset : 'utf-8');

  const text = decode(bytes, charset);
  return ignoredLabel === undefined ? { text, charset } : { text, charset, ignoredLabel };
}
