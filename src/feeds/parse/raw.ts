/**
 * A feed as the parse worker returns it: rss-parser's fields, untouched. Any of them may be missing, a
 * string, or an object (an xhtml title, an empty element with attributes), so all are `unknown` here
 * and only the normaliser turns them into text.
 */
export interface RawFeed {
  readonly title?: unknown;
  readonly link?: unknown;
  /** The feed's own address (Atom `rel="self"`, RSS `atom:link`). */
  readonly feedUrl?: unknown;
  /** Atom `xml:base`. */
  readonly base?: unknown;
}

/** One item or entry as the parse worker returns it. */
export interface RawFeedItem {
  readonly title?: unknown;
  readonly link?: unknown;
  /** RSS `guid` or Atom `id`. */
  readonly guid?: unknown;
  /** RSS 1.0 `rdf:about`. */
  readonly about?: unknown;
  /** Atom `summary`. */
  readonly summary?: unknown;
  /** RSS `description` or Atom `content`. */
  readonly content?: unknown;
  readonly contentEncoded?: unknown;
  /** The date as written: `pubDate`, `dc:date`, Atom `published` or `updated`. */
  readonly date?: unknown;
  /** Atom `updated`: the date to use when `date` cannot be read. */
  readonly updated?: unknown;
  /** Atom `xml:base` of the entry. */
  readonly base?: unknown;
}
