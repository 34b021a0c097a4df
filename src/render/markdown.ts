/**
 * Discord markdown for text we do not control (knowledge-base text, feed titles): escaped so it shows as
 * written, and unable to ping anyone or to forge a link.
 */

const ZERO_WIDTH_SPACE = '\u200b';

/** Characters that format text wherever they appear; escaping all of them is harmless. */
const INLINE_SPECIALS = /[\\*_~`|[\]()]/g;
/** Headings, quotes, lists and "-#" subtext only take effect at the start of a line. */
const LINE_START_SPECIALS = /^([ \t]*)([>#+-])/gm;
const NUMBERED_LIST = /^([ \t]*\d+)\./gm;
const MASS_MENTION = /@(everyone|here)/gi;
/** User, role, channel and slash-command mentions: <@…>, <@!…>, <@&…>, <#…>, </…>. */
const MENTION_OPENING = /<(?=[@#/])/g;

/** Escapes Discord markdown and neutralises every mention syntax, keeping the text readable. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(INLINE_SPECIALS, '\\$&')
    .replace(LINE_START_SPECIALS, '$1\\$2')
    .replace(NUMBERED_LIST, '$1\\.')
    .replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(MENTION_OPENING, `<${ZERO_WIDTH_SPACE}`);
}

/** The URL as a masked-link target, or undefined unless it is an absolute http(s) URL. */
export function safeUrl(url: string): string | undefined {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // Keep the URL as written (tests and readers recognise it) but encode what would end the link early.
  return trimmed.replace(/[()<>\\\s]/g, (char) => (char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char)));
}

/**
 * `[label](url)` for an http(s) URL; the escaped label alone for any other scheme (javascript:, data:…)
 * or a malformed URL. An empty label falls back to the URL's host.
 */
export function maskedLink(label: string, url: string | undefined): string {
  const target = url === undefined ? undefined : safeUrl(url);
  const text = label.trim() !== '' ? label.trim() : target === undefined ? '' : new URL(target).host;
  const escaped = escapeMarkdown(text.replace(/\s+/g, ' '));
  return target === undefined ? escaped : `[${escaped}](${target})`;
}

/** One line of escaped text: runs of whitespace, line breaks included, become one space. */
export function escapeLine(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}
