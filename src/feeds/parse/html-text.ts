import { decodeEntities } from './html-entities.ts';

/** Tags that separate words: removing them leaves a space. Inline tags (b, a, span) leave nothing. */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption',
  'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Elements whose content is not text a reader sees; everything up to their closing tag is dropped. */
const HIDDEN_CONTENT: ReadonlyMap<string, RegExp> = new Map(
  ['script', 'style', 'noscript', 'template'].map((name) => [name, new RegExp(`</${name}\\s*>`, 'gi')]),
);

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function startsTag(html: string, at: number): boolean {
  const next = html.charCodeAt(at + 1);
  if (isAsciiLetter(next) || next === BANG || next === QUESTION) return true;
  return next === SLASH && isAsciiLetter(html.charCodeAt(at + 2));
}

/**
 * Index of the `>` ending the tag opened before `from`, skipping quoted attribute values
 * (`<img alt="a > b">`). -1 when no such `>` exists.
 */
function quotedTagEnd(html: string, from: number): number {
  let quote = 0;
  let afterEquals = false;
  for (let i = from; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === GT) {
      return i;
    } else if (code === EQUALS) {
      afterEquals = true;
    } else if (afterEquals && (code === 34 || code === 39)) {
      quote = code;
      afterEquals = false;
    } else if (code !== 32 && code !== 9 && code !== 10 && code !== 13) {
      afterEquals = false;
    }
  }
  return -1;
}

function tagName(html: string, from: number): string {
  let end = from;
  while (end < html.length) {
    const code = html.charCodeAt(end);
    if (!isAsciiLetter(code) && !(code >= 48 && code <= 57)) break;
    end++;
  }
  return html.slice(from, end).toLowerCase();
}

/**
 * Removes tags, comments and the content of script/style elements, in one left-to-right pass (no
 * backtracking regex: linear in the input, whatever markup it holds). Entities are not decoded here.
 *
 * With `end`, only the HTML before `end` is read: a tag, comment or hidden element that starts before it is still
 * removed whole, so the result is always the start of what the whole HTML gives.
 */
export function stripTags(html: string, end = html.length): string {
  if (!html.includes('<')) return end < html.length ? html.slice(0, end) : html;
  const parts: string[] = [];
  let quoteAware = true;
  let i = 0;
  while (i < end) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt >= end) {
      parts.push(html.slice(i, end));
      break;
    }
    parts.push(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (html.startsWith('<![CDATA[', lt)) {
      const close = html.indexOf(']]>', lt + 9);
      const contentEnd = close === -1 ? html.length : close;
      // Its content is text: a section that runs past the end is cut there, like text outside one (and the loop ends).
      parts.push(html.slice(lt + 9, Math.min(contentEnd, Math.max(end, lt + 9))));
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (!startsTag(html, lt)) {
      parts.push('<');
      i = lt + 1;
      continue;
    }
    let gt = quoteAware ? quotedTagEnd(html, lt + 1) : -1;
    if (gt === -1) {
      // An unbalanced quote: from here on, tags end at the next `>` so the pass stays linear.
      quoteAware = false;
      gt = html.indexOf('>', lt + 1);
    }
    if (gt === -1) {
      // No `>` anywhere after this point, so nothing left is a tag.
      parts.push(html.slice(lt, end));
      break;
    }
    const closing = html.charCodeAt(lt + 1) === SLASH;
    const name = tagName(html, closing ? lt + 2 : lt + 1);
    i = gt + 1;
    if (BLOCK_TAGS.has(name)) parts.push(' ');
    const hiddenUntil = closing || html.charCodeAt(gt - 1) === SLASH ? undefined : HIDDEN_CONTENT.get(name);
    if (hiddenUntil) {
      hiddenUntil.lastIndex = i;
      const closer = hiddenUntil.exec(html);
      i = closer ? closer.index + closer[0].length : html.length;
      parts.push(' ');
    }
  }
  return parts.join('');
}

/** Single spaces, no control or zero-width characters, trimmed. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B\u2060\uFEFF]/g, '')
    .replace(WHITESPACE_TO_COLLAPSE, ' ')
    .trim();
}

/**
 * Each run of white space that is not already one plain space: two or more white-space characters (greedy, so the
 * whole run), or a single one other than a space. Single spaces, most of them, are left alone rather than rewritten.
 */
const WHITESPACE_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/**
 * HTML (or text that may hold some) as plain text: tags stripped, entities decoded, whitespace collapsed.
 *
 * With `enough`, the conversion may stop early, for callers that keep only the start of the text (a summary cut to
 * 500 characters out of a 6 KB description): the result is then exactly the first `enough` characters or more of
 * the whole text. The HTML is read in growing windows until one gives that much.
 */
export function htmlToText(html: string, enough = Infinity): string {
  for (let window = enough * FIRST_WINDOW_PER_CHARACTER; window < html.length; window *= 2) {
    const start = textOfHtmlStart(html, window);
    if (start.length >= enough) return start;
  }
  return collapseWhitespace(decodeEntities(stripTags(html)));
}

/** HTML read per character of text wanted, in the first window: enough unless markup takes more than half the HTML. */
const FIRST_WINDOW_PER_CHARACTER = 2;

/** The plain text of the HTML's first `end` characters, cut where the whole HTML's text could differ. */
function textOfHtmlStart(html: string, end: number): string {
  const stripped = stripTags(html, end);
  // Collapsing a start gives the start of the collapsed whole (a white-space run cut short still becomes one space,
  // and a trailing one is trimmed), so only a character reference cut by the end needs care.
  return collapseWhitespace(decodeEntities(stripped.slice(0, endOutsideReferences(stripped))));
}

const AMPERSAND = 38;
const HASH = 35;
const SEMICOLON = 59;

function canBelongToReference(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === AMPERSAND || code === HASH || code === SEMICOLON;
}

/**
 * Where to cut text so that no character reference (`&amp;`, `&copy`, `&#x2019;`) is cut: just after its last
 * character that no reference can contain. Decoding the text up to there gives the start of the whole text's decoding.
 */
function endOutsideReferences(text: string): number {
  let end = text.length;
  while (end > 0 && canBelongToReference(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Text cut to at most `max` characters at a word boundary, with an ellipsis when cut.
 * A single word longer than the limit is cut inside the word.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.5) cut = cut.slice(0, space);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${withoutDanglingEnd(cut)}…`;
}

/** White space, and punctuation that would dangle before an ellipsis. */
const DANGLING_BEFORE_ELLIPSIS = /[\s,;:.\-–—]/;

/** The text without the white space and punctuation it ends with; looked for from the end, not at every position. */
function withoutDanglingEnd(text: string): string {
  let end = text.length;
  while (end > 0 && DANGLING_BEFORE_ELLIPSIS.test(text.charAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}
