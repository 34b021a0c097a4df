// @ts-check
/**
 * Checks and repairs on feed XML as text, before any parser builds a tree from it: what the root element
 * is, DOCTYPE entities, stray ampersands, xhtml text (how deep elements nest: see xml-depth.mjs). Linear passes only.
 * Plain JavaScript: it runs inside the parse worker.
 */

/** @typedef {'parse' | 'not-a-feed' | 'too-deep'} XmlErrorCode */
/** @typedef {{ ok: false; error: { code: XmlErrorCode; message: string } }} XmlFailure */

/**
 * @param {XmlErrorCode} code
 * @param {string} message
 * @returns {XmlFailure}
 */
export function fail(code, message) {
  return { ok: false, error: { code, message } };
}

/**
 * @param {string} text
 * @param {number} from
 */
export function skipSpace(text, from) {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

/**
 * End (exclusive) of a DOCTYPE starting at `from`, honouring quotes and an internal subset in brackets.
 * @param {string} xml
 * @param {number} from
 */
function doctypeEnd(xml, from) {
  let quote = '';
  let brackets = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml.charAt(i);
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') brackets++;
    else if (c === ']') brackets--;
    else if (c === '>' && brackets <= 0) return i + 1;
  }
  return -1;
}

/**
 * Reads what precedes the root element: declarations, comments, a DOCTYPE.
 * @param {string} xml
 * @param {number} from
 * @returns {{ root: string; rootAt: number; doctype?: { start: number; end: number } } | XmlFailure}
 */
export function readProlog(xml, from) {
  let i = from;
  /** @type {{ start: number; end: number } | undefined} */
  let doctype;
  for (;;) {
    i = skipSpace(xml, i);
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) return fail('parse', 'unterminated XML declaration');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return fail('parse', 'unterminated comment');
      i = end + 3;
    } else if (/^<!doctype/i.test(xml.slice(i, i + 9))) {
      const end = doctypeEnd(xml, i + 9);
      if (end === -1) return fail('parse', 'unterminated DOCTYPE');
      doctype = { start: i, end };
      i = end;
    } else if (xml.charAt(i) === '<') {
      const match = /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(i, i + 200));
      if (!match) return fail('not-a-feed', 'the document does not start with an XML element');
      return { root: match[1] ?? '', rootAt: i, ...(doctype ? { doctype } : {}) };
    } else {
      return fail('not-a-feed', 'the document is not XML');
    }
  }
}

/**
 * Index of the `>` closing a start tag, skipping quoted attribute values.
 * @param {string} xml
 * @param {number} from
 */
export function elementEnd(xml, from) {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml.charAt(i);
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

/**
 * Escapes every `&` that does not start a numeric reference or one of XML's five entities. HTML entities
 * (`&nbsp;`) become literal text that the main thread decodes with the rest of the text.
 * @param {string} xml
 */
export function escapeStrayAmpersands(xml) {
  return xml.replace(/&(?!#\d{1,7};|#x[0-9a-fA-F]{1,6};|(?:amp|lt|gt|quot|apos);)/g, '&amp;');
}

/**
 * Removes the DOCTYPE. Entities it declares are never expanded (no "billion laughs"): their references
 * are escaped and stay as literal text.
 * @param {string} xml
 * @param {{ start: number; end: number }} doctype
 * @param {string[]} warnings
 */
export function dropDoctype(xml, doctype, warnings) {
  const declaration = xml.slice(doctype.start, doctype.end);
  const declared = new Set();
  for (const match of declaration.matchAll(/<!ENTITY\s+(?:%\s+)?([^\s"'>]+)/g)) declared.add(match[1]);
  const rest = xml.slice(0, doctype.start) + xml.slice(doctype.end);
  if (declared.size === 0) return rest;
  warnings.push(`the DOCTYPE declared ${declared.size} entit${declared.size === 1 ? 'y' : 'ies'}; they were not expanded`);
  return rest.replace(/&([A-Za-z_][\w.-]*);/g, (ref, name) => (declared.has(name) ? `&amp;${name};` : ref));
}

/**
 * Atom text constructs of type "xhtml" rewritten as type "html" (their markup escaped), so that the parser
 * returns them as one string in document order instead of an object that loses the order of mixed content.
 * @param {string} xml
 */
export function xhtmlAsHtml(xml) {
  if (!/type\s*=\s*["']xhtml["']/.test(xml)) return xml;
  const opening = /<(title|subtitle|summary|content|rights)(\s[^>]*)>/g;
  /** @type {string[]} */
  const parts = [];
  let copied = 0;
  for (let match = opening.exec(xml); match; match = opening.exec(xml)) {
    const [tag, name = '', attributes = ''] = match;
    if (attributes.endsWith('/') || !/\btype\s*=\s*["']xhtml["']/.test(attributes)) continue;
    const innerStart = match.index + tag.length;
    const close = xml.indexOf(`</${name}>`, innerStart);
    if (close === -1) break;
    const inner = xml.slice(innerStart, close).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    parts.push(xml.slice(copied, match.index), `<${name}${attributes.replace(/\btype\s*=\s*["']xhtml["']/, 'type="html"')}>`, inner);
    copied = close;
    opening.lastIndex = close;
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}

/** @param {number} code */
function isXmlChar(code) {
  return (
    code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * Removes numeric character references to characters XML forbids (`&#0;`, `&#xD800;`, `&#x110000;`), which
 * make the strict parser give up on the whole document.
 * @param {string} xml
 */
export function dropInvalidCharacterReferences(xml) {
  return xml.replace(/&#(?:(\d{1,8})|x([0-9a-fA-F]{1,7}));/g, (reference, decimal, hex) => {
    const code = decimal === undefined ? Number.parseInt(hex, 16) : Number.parseInt(decimal, 10);
    return isXmlChar(code) ? reference : '';
  });
}
