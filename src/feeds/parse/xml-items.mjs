// @ts-check
/**
 * Items found in feed XML as text, before (or instead of) a parser: the complete ones and the end tags that close a
 * document's head (those that nest too deep: see xml-depth.mjs). Linear passes only. Plain JavaScript: it runs
 * inside the parse worker.
 */
import { elementEnd } from './xml-guard.mjs';

/**
 * The element that holds one item: `entry` in Atom, `item` in RSS 0.9x, 1.0 and 2.0.
 * @param {string} root the root element: rss, feed or rdf:RDF
 */
export function itemElement(root) {
  return root === 'feed' ? 'entry' : 'item';
}

/**
 * Whether `char`, just after a tag's name, ends it.
 * @param {string} char
 */
export function endsName(char) {
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
