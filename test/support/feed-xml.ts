/**
 * Builds RSS 0.91, RSS 1.0 (RDF), RSS 2.0 and Atom documents from item lists, for feed tests.
 * Text is escaped unless given as `{ raw }` (inserted as written, to test broken or hostile markup)
 * or `{ cdata }` (wrapped in a CDATA section, as feeds carry HTML).
 */

export type XmlText = string | { readonly raw: string } | { readonly cdata: string };

export interface XmlItem {
  readonly title?: XmlText;
  readonly link?: XmlText;
  /** RSS description, Atom summary. */
  readonly description?: XmlText;
  /** RSS guid, RSS 1.0 rdf:about, Atom id. */
  readonly guid?: string;
  readonly guidIsPermaLink?: boolean;
  /** RSS pubDate, RSS 1.0 dc:date, Atom published; written as given. */
  readonly date?: string;
  /** Raw XML added inside the item or entry. */
  readonly extra?: string;
}

export interface XmlFeed {
  readonly title?: XmlText;
  readonly link?: string;
  readonly description?: XmlText;
  readonly items: readonly XmlItem[];
  /** Raw XML added inside the channel (RSS) or feed (Atom), before the items. */
  readonly extra?: string;
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function xmlText(text: XmlText): string {
  if (typeof text === 'string') return escapeXml(text);
  if ('raw' in text) return text.raw;
  return `<![CDATA[${text.cdata.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function element(name: string, text: XmlText | undefined, attributes = ''): string {
  return text === undefined ? '' : `<${name}${attributes}>${xmlText(text)}</${name}>`;
}

function channelHead(feed: XmlFeed): string {
  return [
    element('title', feed.title ?? 'Test feed'),
    element('link', feed.link ?? 'https://news.example.com/'),
    element('description', feed.description ?? 'A feed for tests'),
    feed.extra ?? '',
  ].join('');
}

function linkValue(link: XmlText | undefined): string | undefined {
  return typeof link === 'string' ? link : undefined;
}

/** An RSS 2.0 document. */
export function rss20(feed: XmlFeed): string {
  const items = feed.items.map((item) => {
    const permaLink = item.guidIsPermaLink === undefined ? '' : ` isPermaLink="${item.guidIsPermaLink}"`;
    return [
      '<item>',
      element('title', item.title),
      element('link', item.link),
      element('description', item.description),
      item.guid === undefined ? '' : element('guid', item.guid, permaLink),
      element('pubDate', item.date),
      item.extra ?? '',
      '</item>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>${channelHead(feed)}${items.join('\n')}</channel></rss>\n`;
}

/** An RSS 0.91 document, with the Netscape DOCTYPE old feeds carry. Items have no guid or date in 0.91. */
export function rss091(feed: XmlFeed): string {
  const items = feed.items.map((item) =>
    ['<item>', element('title', item.title), element('link', item.link), element('description', item.description), item.extra ?? '', '</item>'].join(''),
  );
  return [
    '<?xml version="1.0" encoding="ISO-8859-1"?>',
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">',
    `<rss version="0.91"><channel>${channelHead(feed)}<language>en-us</language>${items.join('\n')}</channel></rss>`,
    '',
  ].join('\n');
}

/** An RSS 1.0 (RDF) document; an item's guid becomes its rdf:about, its date dc:date. */
export function rss10(feed: XmlFeed): string {
  const about = (item: XmlItem, index: number) => escapeXml(item.guid ?? linkValue(item.link) ?? `urn:item:${index}`);
  const sequence = feed.items.map((item, index) => `<rdf:li rdf:resource="${about(item, index)}"/>`).join('');
  const items = feed.items.map((item, index) =>
    [
      `<item rdf:about="${about(item, index)}">`,
      element('title', item.title),
      element('link', item.link),
      element('description', item.description),
      element('dc:date', item.date),
      item.extra ?? '',
      '</item>',
    ].join(''),
  );
  const channelAbout = escapeXml(feed.link ?? 'https://news.example.com/');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    `<channel rdf:about="${channelAbout}">${channelHead(feed)}<items><rdf:Seq>${sequence}</rdf:Seq></items></channel>`,
    items.join('\n'),
    '</rdf:RDF>',
    '',
  ].join('\n');
}

/** An Atom 1.0 document; links are `<link rel="alternate" href>` unless given raw. */
export function atom(feed: XmlFeed): string {
  const entries = feed.items.map((item, index) => {
    const link = item.link === undefined ? '' : typeof item.link === 'string' ? `<link rel="alternate" href="${escapeXml(item.link)}"/>` : xmlText(item.link);
    return [
      '<entry>',
      element('title', item.title),
      link,
      element('id', item.guid ?? `urn:entry:${index}`),
      element('published', item.date),
      element('summary', item.description, ' type="html"'),
      item.extra ?? '',
      '</entry>',
    ].join('');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('title', feed.title ?? 'Test feed'),
    `<link rel="alternate" href="${escapeXml(feed.link ?? 'https://news.example.com/')}"/>`,
    '<id>urn:test-feed</id><updated>2025-07-23T00:00:00Z</updated>',
    feed.extra ?? '',
    entries.join('\n'),
    '</feed>',
    '',
  ].join('\n');
}

/** `count` items numbered from 1, for size tests: distinct titles, links and guids, dates a day apart. */
export function numberedItems(count: number, base = 'https://news.example.com/story'): XmlItem[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    return {
      title: `Story number ${n} about trade`,
      link: `${base}/${n}`,
      description: `Summary of story ${n}.`,
      guid: `${base}/${n}`,
      date: new Date(Date.UTC(2025, 0, 1) + index * 86_400_000).toUTCString(),
    };
  });
}
