// @ts-check
/**
 * Lenient recovery, run inside the parse worker: the complete items or entries are found as text and put back in a
 * minimal well-formed document (the original head when it is well nested, else a bare root). Used to end a document
 * cut at the byte cap or the item cap after its last complete item, and when the strict parser refuses a document,
 * to parse the items that can be parsed and leave the broken ones out. Plain JavaScript, like the rest of the worker.
 */
import { readProlog, skipSpace } from './xml-guard.mjs';
import { closingTagsAt, completeElements, itemElement } from './xml-items.mjs';

/** @typedef {(xml: string) => Promise<any>} Parse */

/**
 * The document around salvaged items: its own head (everything before the first item, closed again) when
 * that head is well nested, else a bare root element with an empty channel.
 * @param {string} xml
 * @param {string} root
 * @param {number} firstItem
 * @returns {{ head: string; tail: string; own: boolean }[]}
 */
function envelopes(xml, root, firstItem) {
  const prolog = readProlog(xml, skipSpace(xml, 0));
  if ('ok' in prolog) return [];
  /** @type {{ head: string; tail: string; own: boolean }[]} */
  const candidates = [];
  const closing = closingTagsAt(xml, prolog.rootAt, firstItem);
  if (closing) candidates.push({ head: xml.slice(0, firstItem), tail: closing, own: true });
  const rootTagEnd = xml.indexOf('>', prolog.rootAt);
  if (rootTagEnd !== -1 && rootTagEnd < firstItem && xml.charAt(rootTagEnd - 1) !== '/') {
    const rootTag = xml.slice(prolog.rootAt, rootTagEnd + 1);
    if (root === 'rss') candidates.push({ head: `${rootTag}<channel>`, tail: '</channel></rss>', own: false });
    else if (root === 'feed') candidates.push({ head: rootTag, tail: '</feed>', own: false });
    else candidates.push({ head: `${rootTag}<channel/>`, tail: `</${root}>`, own: false });
  }
  return candidates;
}

/**
 * The items of `bodies` that parse inside the envelope: all of them at once when they can, else each half
 * apart, so that a few broken items cost a few dozen parses, not one per item.
 * @param {Parse} parse
 * @param {{ head: string; tail: string }} envelope
 * @param {string[]} bodies
 * @returns {Promise<unknown[]>}
 */
async function parseInGroups(parse, envelope, bodies) {
  try {
    const parsed = await parse(`${envelope.head}${bodies.join('\n')}${envelope.tail}`);
    return Array.isArray(parsed?.items) ? parsed.items : [];
  } catch {
    if (bodies.length <= 1) return [];
    const middle = Math.ceil(bodies.length / 2);
    const first = await parseInGroups(parse, envelope, bodies.slice(0, middle));
    const second = await parseInGroups(parse, envelope, bodies.slice(middle));
    return [...first, ...second];
  }
}

/**
 * Lenient recovery for a document the strict parser refused (cut in the middle, one broken item): its complete
 * items are put back in a minimal well-formed document and parsed, broken ones left out. Undefined when nothing
 * could be recovered.
 * @param {string} xml
 * @param {string} root the root element: rss, feed or rdf:RDF
 * @param {Parse} parse the strict parser, XML to rss-parser's feed object; throws on XML it refuses
 * @returns {Promise<{ parsed: any; kept: number; seen: number } | undefined>}
 */
export async function salvageItems(xml, root, parse) {
  const { elements, starts } = completeElements(xml, 0, itemElement(root));
  const first = elements[0];
  if (!first) return undefined;
  const bodies = elements.map(({ start, end }) => xml.slice(start, end));
  for (const envelope of envelopes(xml, root, first.start)) {
    /** @type {any} */
    let feed;
    try {
      feed = await parse(`${envelope.head}${envelope.tail}`);
    } catch {
      continue;
    }
    const items = await parseInGroups(parse, envelope, bodies);
    if (items.length > 0) return { parsed: { ...feed, items }, kept: items.length, seen: starts };
  }
  return undefined;
}

/** The shortest item or entry element there is (`<item></item>`): a document shorter than this per item is within the cap. */
const SMALLEST_ITEM = '<item></item>'.length;

/**
 * The document ended after its last complete item, when it was cut at the byte cap (`truncated`), or after its
 * `maxItems`th item, when it holds more, and closed again with the end tags of its head: one strict parse then reads
 * it, instead of a failed parse of the whole and a salvage. Feeds list newest first, so the items kept are the newest.
 * Undefined when there is nothing to cut, or no complete item to end at (the strict parse and the salvage then
 * decide). `capped` says that items were left out because of `maxItems`.
 * @param {string} xml
 * @param {string} root the root element: rss, feed or rdf:RDF
 * @param {{ truncated: boolean; maxItems: number }} limits
 * @returns {{ xml: string; capped: boolean; seen: number } | undefined}
 */
export function endAfterItems(xml, root, limits) {
  if (!limits.truncated && xml.length < (limits.maxItems + 1) * SMALLEST_ITEM) return undefined;
  const { elements, starts } = completeElements(xml, 0, itemElement(root));
  const capped = elements.length > limits.maxItems;
  if (!capped && !limits.truncated) return undefined;
  const first = elements[0];
  const last = elements[Math.min(elements.length, limits.maxItems) - 1];
  if (!first || !last) return undefined;
  const [envelope] = envelopes(xml, root, first.start);
  if (!envelope) return undefined;
  const head = envelope.own ? xml.slice(0, last.end) : `${envelope.head}${xml.slice(first.start, last.end)}`;
  return { xml: `${head}${envelope.tail}`, capped, seen: starts };
}
