// @ts-check
/**
 * How deep elements nest in feed XML, found as text before any parser builds a tree: the items that nest too deep,
 * to be dropped, or a document that does so outside any item. Linear passes only. Plain JavaScript: it runs inside
 * the parse worker.
 */
import { elementEnd } from './xml-guard.mjs';
import { endsName } from './xml-items.mjs';

/**
 * Where `<![CDATA[`, `<!--` or `<?` at `lt` ends (after its terminator); undefined when nothing starts there, -1
 * when it never ends.
 * @param {string} xml
 * @param {number} lt
 */
function skipUnparsed(xml, lt) {
  /** @type {string} */
  let terminator;
  if (xml.startsWith('<![CDATA[', lt)) terminator = ']]>';
  else if (xml.startsWith('<!--', lt)) terminator = '-->';
  else if (xml.startsWith('<?', lt) || xml.startsWith('<!', lt)) terminator = '>';
  else return undefined;
  const end = xml.indexOf(terminator, lt + 2);
  return end === -1 ? -1 : end + terminator.length;
}

/**
 * Index just past the first `</name…>` at or after `from`, CDATA sections and comments skipped; -1 when none.
 * @param {string} xml
 * @param {number} from
 * @param {string} name
 */
function closingTagEnd(xml, from, name) {
  const close = `</${name}`;
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) return -1;
    const skipped = skipUnparsed(xml, lt);
    if (skipped === -1) return -1;
    if (skipped !== undefined) {
      i = skipped;
    } else if (xml.startsWith(close, lt) && endsName(xml.charAt(lt + close.length))) {
      const end = xml.indexOf('>', lt);
      return end === -1 ? -1 : end + 1;
    } else {
      i = lt + 1;
    }
  }
}

/**
 * Where elements nest deeper than `limit`, counted from `from` (the root element). Nesting that goes too deep inside
 * an item makes that item one of `items` (its span, to be dropped; scanning goes on after it); anywhere else it sets
 * `outside` and scanning stops. An item whose deep content never closes ends at the next `</name>` (items do not
 * nest), or at the end of the document. Whatever is left once the spans are removed nests at most `limit` deep.
 * One linear pass, before any parser builds a tree.
 * @param {string} xml
 * @param {number} from
 * @param {number} limit
 * @param {string} name the item element (see itemElement)
 * @returns {{ outside: boolean; items: { start: number; end: number }[] }}
 */
export function tooDeep(xml, from, limit, name) {
  const open = `<${name}`;
  /** @type {{ start: number; end: number }[]} */
  const items = [];
  let depth = 0;
  /** Where the item being read starts (-1: none), and the depth around it. */
  let item = -1;
  let itemDepth = 0;
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) break;
    /** @type {number} */
    let next;
    const skipped = skipUnparsed(xml, lt);
    if (skipped !== undefined) {
      next = skipped;
    } else if (xml.charAt(lt + 1) === '/') {
      depth--;
      if (item !== -1 && depth <= itemDepth) item = -1;
      const end = xml.indexOf('>', lt);
      next = end === -1 ? -1 : end + 1;
    } else {
      const end = elementEnd(xml, lt + 1);
      next = end === -1 ? -1 : end + 1;
      if (end !== -1 && xml.charAt(end - 1) !== '/') {
        if (item === -1 && xml.startsWith(open, lt) && endsName(xml.charAt(lt + open.length))) {
          item = lt;
          itemDepth = depth;
        }
        if (++depth > limit) {
          if (item === -1) return { outside: true, items };
          const itemEnd = closingTagEnd(xml, next, name);
          items.push({ start: item, end: itemEnd === -1 ? xml.length : itemEnd });
          depth = itemDepth;
          item = -1;
          next = itemEnd;
        }
      }
    }
    if (next === -1) break;
    i = next;
  }
  return { outside: false, items };
}

/**
 * `xml` without the given spans (in order, not overlapping).
 * @param {string} xml
 * @param {readonly { start: number; end: number }[]} spans
 */
export function withoutSpans(xml, spans) {
  if (spans.length === 0) return xml;
  /** @type {string[]} */
  const parts = [];
  let copied = 0;
  for (const { start, end } of spans) {
    parts.push(xml.slice(copied, start));
    copied = end;
  }
  parts.push(xml.slice(copied));
  return parts.join('');
}
