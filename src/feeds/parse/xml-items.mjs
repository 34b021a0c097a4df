// @ts-check
/**
 * Items found in feed XML as text, before (or instead of) a parser: the complete ones, those that nest too deep,
 * the end tags that close a document's head. Linear passes only. Plain JavaScript: it runs inside the parse worker.
 */
import { elementEnd } from './xml-guard.mjs';

/**
 * The element that holds one item: `entry` in Atom, `item` in RSS 0.9x, 1.0 and 2.0.
 * @param {string} root the root element: rss, feed or rdf:RDF
 */
export function itemElement(root) {
  return root === 'feed' ? 'entry' : 'item';
}

/** @param {string} char */
function endsName(char) {
  return char === '>' || char === '/' || /\s/.test(char);
}

/**
 * The complete `<name …>…</name>` elements of a document that may be cut or broken elsewhere, in order,
 * and how many `<name` start tags were seen in all. CDATA sections and comments are skipped; an element
 * whose end never comes (a cut document, a start tag inside a broken one) is left out. One linear pass.
 * @param {string} xml
 * @param {number} from
 * @param {string} name
 * @returns {{ elements: { start: number; end: number }[]; starts: number }}
 */
export function completeElements(xml, from, name) {
  const open = `<${name}`;
  const close = `</${name}`;
  /** @type {{ start: number; end: number }[]} */
  const elements = [];
  let starts = 0;
  let current = -1;
  let i = from;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if (lt === -1) break;
    /** @type {number} */
    let next;
    if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt + 9);
      next = end === -1 ? -1 : end + 3;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt + 4);
      next = end === -1 ? -1 : end + 3;
    } else if (xml.startsWith(open, lt) && endsName(xml.charAt(lt + open.length))) {
      starts++;
      current = lt;
      next = lt + open.length;
    } else if (current !== -1 && xml.startsWith(close, lt) && endsName(xml.charAt(lt + close.length))) {
      const end = xml.indexOf('>', lt);
      if (end !== -1) elements.push({ start: current, end: end + 1 });
      current = -1;
      next = end === -1 ? -1 : end + 1;
    } else {
      next = lt + 1;
    }
    if (next === -1) break;
    i = next;
  }
  return { elements, starts };
}

/**
 * The closing tags for the elements still open at the end of `xml[from, to)` (e.g. `</channel></rss>`), or
 * undefined when that stretch is not well nested. Used to close the head of a document around salvaged items.
 * @param {string} xml
 * @param {number} from
 * @param {number} to
 */
export function closingTagsAt(xml, from, to) {
  /** @type {string[]} */
  const open = [];
  let i = from;
  while (i < to) {
    const lt = xml.indexOf('<', i);
    if (lt === -1 || lt >= to) break;
    /** @type {string} */
    let terminator;
    if (xml.startsWith('<![CDATA[', lt)) terminator = ']]>';
    else if (xml.startsWith('<!--', lt)) terminator = '-->';
    else if (xml.startsWith('<?', lt)) terminator = '?>';
    else terminator = '';
    if (terminator) {
      const end = xml.indexOf(terminator, lt);
      if (end === -1 || end >= to) return undefined;
      i = end + terminator.length;
      continue;
    }
    const end = xml.charAt(lt + 1) === '/' ? xml.indexOf('>', lt) : elementEnd(xml, lt + 1);
    if (end === -1 || end >= to) return undefined;
    const name = /^<\/?([A-Za-z_][\w.:-]*)/.exec(xml.slice(lt, Math.min(end + 1, lt + 200)))?.[1];
    if (!name) return undefined;
    if (xml.charAt(lt + 1) === '/') {
      if (open.pop() !== name) return undefined;
    } else if (xml.charAt(end - 1) !== '/') {
      open.push(name);
    }
    i = end + 1;
  }
  return open.reverse().map((name) => `</${name}>`).join('');
}

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
