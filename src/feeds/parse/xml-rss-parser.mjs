// @ts-check
/**
 * rss-parser as the parse worker uses it: its crashes worked around, and what it returns reduced to raw fields.
 * Plain JavaScript: it runs inside the parse worker.
 */
import Parser from 'rss-parser';
// @ts-ignore -- rss-parser ships no types for its internal helpers
import rssUtils from 'rss-parser/lib/utils.js';

// rss-parser builds text snippets with a regex that is quadratic on unclosed tags; the main thread makes
// its own plain text, so the snippets are not needed.
rssUtils.getSnippet = () => '';

/**
 * @typedef {{ title?: unknown; link?: unknown; guid?: unknown; about?: unknown; summary?: unknown;
 *   content?: unknown; contentEncoded?: unknown; date?: unknown; updated?: unknown; base?: unknown }} RawItem
 */
/** @typedef {{ title?: unknown; link?: unknown; feedUrl?: unknown; base?: unknown }} RawFeed */

/**
 * Atom links as rss-parser expects them ({ $: { href, rel } }), whatever form the feed used.
 * @param {unknown} links
 */
function repairAtomLinks(links) {
  if (!Array.isArray(links)) return undefined;
  return links.map((link) => {
    if (typeof link === 'string') return { $: { href: link.trim() } };
    if (link && typeof link === 'object') {
      const attributes = '$' in link && link.$ && typeof link.$ === 'object' ? link.$ : {};
      const text = '_' in link && typeof link._ === 'string' ? link._.trim() : undefined;
      return { ...link, $: { ...(text ? { href: text } : {}), ...attributes } };
    }
    return { $: {} };
  });
}

/** @param {unknown} value */
function firstOf(value) {
  return Array.isArray(value) ? value[0] : undefined;
}

/**
 * @param {unknown} node
 * @returns {unknown}
 */
function xmlBase(node) {
  if (!node || typeof node !== 'object' || !('$' in node)) return undefined;
  const attributes = /** @type {Record<string, unknown>} */ (node.$);
  return attributes && typeof attributes === 'object' ? attributes['xml:base'] : undefined;
}

/**
 * An rss-parser instance with its crashes worked around: a bad Atom date, an Atom link given as text,
 * an `<rss>` without version, dates it cannot read (the main thread reads them).
 */
function createParser() {
  const parser = /** @type {any} */ (new Parser({ defaultRSS: 2 }));
  parser.setISODate = () => {};
  const buildAtomFeed = parser.buildAtomFeed.bind(parser);
  parser.buildAtomFeed = (/** @type {any} */ xmlObj) => {
    if (xmlObj.feed.link) xmlObj.feed.link = repairAtomLinks(xmlObj.feed.link);
    const feed = buildAtomFeed(xmlObj);
    feed.base = xmlBase(xmlObj.feed);
    return feed;
  };
  const parseItemAtom = parser.parseItemAtom.bind(parser);
  parser.parseItemAtom = (/** @type {any} */ entry) => {
    const { published, updated, ...rest } = entry;
    if (rest.link) rest.link = repairAtomLinks(rest.link);
    const item = parseItemAtom(rest);
    item.rawDate = firstOf(published) ?? firstOf(updated);
    item.rawUpdated = firstOf(updated);
    item.base = xmlBase(entry);
    return item;
  };
  return parser;
}

/**
 * @param {any} item
 * @returns {RawItem}
 */
export function rawItem(item) {
  return {
    title: item.title,
    link: item.link,
    guid: item.guid ?? item.id,
    about: item['rdf:about'],
    summary: item.summary,
    content: item.content,
    contentEncoded: item['content:encoded'],
    date: item.rawDate ?? item.pubDate ?? item.date,
    updated: item.rawUpdated,
    base: item.base,
  };
}

/**
 * @param {string} xml
 * @returns {Promise<any>}
 */
export function parseWithRssParser(xml) {
  return createParser().parseString(xml);
}
