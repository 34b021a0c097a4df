// @ts-check
/**
 * Feed XML → raw items, run inside the parse worker (plain JavaScript so that Node can load it in a
 * worker thread under tsx and vitest alike). It guards the input before rss-parser sees it, works around
 * rss-parser's known crashes, repairs common mistakes and, when the strict parse still fails, recovers the
 * complete items; every field it returns is raw and is normalised on the main thread.
 */
import { endAfterItems, salvageItems } from './salvage.mjs';
import {
  dropDoctype, dropInvalidCharacterReferences, escapeStrayAmpersands, fail, readProlog, skipSpace, xhtmlAsHtml,
} from './xml-guard.mjs';
import { tooDeep, withoutSpans } from './xml-depth.mjs';
import { itemElement } from './xml-items.mjs';
import { parseWithRssParser, rawItem } from './xml-rss-parser.mjs';

/** @typedef {import('./xml-guard.mjs').XmlFailure} XmlFailure */
/** @typedef {import('./xml-rss-parser.mjs').RawItem} RawItem */
/** @typedef {import('./xml-rss-parser.mjs').RawFeed} RawFeed */
/**
 * `itemsCapped`: the document held more than `maxItems` items and only the first `maxItems` were read.
 * @typedef {{ ok: true; feed: RawFeed; items: RawItem[]; warnings: string[]; itemsCapped: boolean }} XmlSuccess
 */
/**
 * How far to read: the deepest nesting accepted, the most items read, and whether the text is only the start of a
 * longer body (cut at the byte cap, probably inside an item).
 * @typedef {{ maxDepth?: number; maxItems?: number; truncated?: boolean }} XmlLimits
 */

const DEFAULT_MAX_DEPTH = 100;
const DEFAULT_MAX_ITEMS = 10_000;

/** @param {unknown} error */
function messageOf(error) {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 300);
}

/** @param {unknown} error */
function isStackOverflow(error) {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * @param {string} xml
 * @param {number} start
 */
function notAFeedJson(xml, start) {
  if (/"version"\s*:\s*"https?:\/\/jsonfeed\.org\/version\//.test(xml.slice(start, start + 2_000))) {
    return fail('not-a-feed', 'the document is a JSON Feed, which is not supported: use the site’s RSS or Atom feed');
  }
  return fail('not-a-feed', 'the document is JSON, not an RSS or Atom feed');
}

const FEED_ROOT = /^(rss|feed|[\w.-]+:RDF)$/;
/** Text that servers print before the feed (a PHP notice) is skipped when the feed starts soon after it. */
const JUNK_LIMIT = 2_000;

/**
 * Where the feed starts after text that is not XML, or -1 when no XML declaration or feed root follows soon.
 * @param {string} xml
 * @param {number} start
 */
function startAfterJunk(xml, start) {
  const found = /<\?xml\s|<(?:rss|feed|rdf:RDF)[\s>]/.exec(xml.slice(start, start + JUNK_LIMIT));
  return found ? start + found.index : -1;
}

/**
 * Repairs for the mistakes feeds commonly make: references to characters XML forbids, then bare `&`.
 * @param {string} xml
 * @param {string[]} warnings
 */
function repairText(xml, warnings) {
  const withoutBadReferences = dropInvalidCharacterReferences(xml);
  if (withoutBadReferences !== xml) warnings.push('removed references to characters XML forbids (such as "&#0;")');
  const escaped = escapeStrayAmpersands(withoutBadReferences);
  if (escaped !== withoutBadReferences) warnings.push('repaired unescaped "&" characters');
  return escaped;
}

/**
 * @param {number} count
 * @param {string} noun
 */
function counted(count, noun) {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Parses an already-decoded RSS 0.9x / 1.0 / 2.0 or Atom document. Never throws. An item that nests too deep is
 * dropped (the document fails only when nesting goes too deep outside items, or no item is left); a document cut at
 * the byte cap, or holding more than `maxItems` items, is ended after its last complete item, or its `maxItems`th.
 * @param {string} text
 * @param {XmlLimits} [limits]
 * @returns {Promise<XmlSuccess | XmlFailure>}
 */
export async function parseFeedXml(text, limits = {}) {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxItems = limits.maxItems ?? DEFAULT_MAX_ITEMS;
  /** @type {string[]} */
  const warnings = [];
  let xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const start = skipSpace(xml, 0);
  if (start === xml.length) return fail('not-a-feed', 'the document is empty');
  const first = xml.charAt(start);
  if (first === '{' || first === '[') return notAFeedJson(xml, start);
  let prolog = readProlog(xml, start);
  if ('ok' in prolog || !FEED_ROOT.test(prolog.root)) {
    const feedStart = /^html$/i.test('ok' in prolog ? '' : prolog.root) ? -1 : startAfterJunk(xml, start + 1);
    if (feedStart !== -1) {
      warnings.push(`skipped ${feedStart - start} characters before the XML (a server-side warning?)`);
      xml = xml.slice(feedStart);
      prolog = readProlog(xml, 0);
    }
  }
  if ('ok' in prolog) return prolog;
  const doctypeText = prolog.doctype ? xml.slice(prolog.doctype.start, prolog.doctype.start + 20) : '';
  if (/^html$/i.test(prolog.root) || /^<!doctype\s+html/i.test(doctypeText)) {
    return fail('not-a-feed', 'the document is an HTML page, not an RSS or Atom feed');
  }
  if (!FEED_ROOT.test(prolog.root)) {
    return fail('not-a-feed', `the root element <${prolog.root}> is not <rss>, <rdf:RDF> or <feed>`);
  }
  const deep = tooDeep(xml, prolog.rootAt, maxDepth, itemElement(prolog.root));
  if (deep.outside) return fail('too-deep', `elements nest more than ${maxDepth} levels deep outside any item`);
  if (deep.items.length > 0) {
    xml = withoutSpans(xml, deep.items);
    warnings.push(`dropped ${counted(deep.items.length, 'item')} whose elements nest more than ${maxDepth} levels deep`);
  }
  if (prolog.doctype) xml = dropDoctype(xml, prolog.doctype, warnings);
  if (prolog.root === 'feed') xml = xhtmlAsHtml(xml);
  const ended = endAfterItems(xml, prolog.root, { truncated: limits.truncated ?? false, maxItems });
  if (ended) {
    xml = ended.xml;
    if (ended.capped) warnings.push(`read the first ${maxItems} of ${counted(ended.seen, 'item')} (the item cap)`);
    else warnings.push('the body was cut at the byte cap: read up to its last complete item');
  }

  /** @type {any} */
  let parsed;
  try {
    parsed = await parseWithRssParser(xml);
  } catch (error) {
    if (isStackOverflow(error)) return fail('too-deep', 'the document nests too deeply to parse');
    /** @type {string[]} */
    const repairs = [];
    const repaired = repairText(xml, repairs);
    try {
      if (repaired === xml) throw error;
      parsed = await parseWithRssParser(repaired);
      warnings.push(...repairs);
    } catch (repairError) {
      const salvaged = await salvageItems(repaired, prolog.root, parseWithRssParser);
      if (!salvaged) return fail('parse', messageOf(isStackOverflow(repairError) ? error : repairError));
      parsed = salvaged.parsed;
      warnings.push(
        ...repairs,
        `recovered ${salvaged.kept} of ${salvaged.seen} item${salvaged.seen === 1 ? '' : 's'} from a document that is not well-formed XML (${messageOf(repairError)})`,
      );
    }
  }
  const items = Array.isArray(parsed?.items) ? parsed.items : [];
  if (items.length === 0 && deep.items.length > 0) {
    return fail('too-deep', `elements nest more than ${maxDepth} levels deep in every item`);
  }
  return {
    ok: true,
    feed: { title: parsed?.title, link: parsed?.link, feedUrl: parsed?.feedUrl, base: parsed?.base },
    items: items.map(rawItem),
    warnings,
    itemsCapped: ended?.capped ?? false,
  };
}
