import { escapeMarkdown } from './markdown.ts';
import { truncateAtWord } from './split.ts';

/** Line breaks and tabs written as other characters: read as whitespace rather than dropped. */
const WHITESPACE_CONTROLS = /[\t\v\f\r\u0085\u2028\u2029]/g;
/** C0 and C1 controls (newline and the whitespace above aside) and DEL. */
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/g;
/** Bidi embeddings, overrides, isolates and marks: they reorder the text around them. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Zero-width and invisible formatting characters, and Unicode tag characters (invisible "smuggled" text). */
const INVISIBLE = /[\u00ad\u180e\u200b\u200c\u2060-\u2064\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/gu;
/** A zero-width joiner not inside an emoji sequence such as 👩‍💻: invisible, and it can hide words from filters. */
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
/** Timestamps, custom emoji and other "<x:…>" syntax Discord would render from feed text. */
const ANGLE_SYNTAX = /<(?=[a-z]?:)/gi;
const ZERO_WIDTH_SPACE = '\u200b';

/** Feed text without the characters that hide text, reorder it or break the layout; line breaks kept. */
export function stripInvisible(text: string): string {
  return text
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(INVISIBLE, '')
    .replace(STRAY_JOINER, '');
}

/** Feed text as one plain line of at most `max` characters, cut at a word boundary: no markdown escaping yet. */
export function plainFeedLine(text: string, max: number): string {
  return truncateAtWord(stripInvisible(text).replace(/\s+/g, ' ').trim(), max);
}

/**
 * Untrusted feed text as one inert line of Discord markdown: invisible characters stripped, line breaks
 * folded, cut to `max` characters (before escaping, so an escape is never cut), formatting escaped,
 * mentions, timestamps and custom emoji neutralised.
 */
export function feedLine(text: string, max: number): string {
  return escapeMarkdown(plainFeedLine(text, max)).replace(ANGLE_SYNTAX, `<${ZERO_WIDTH_SPACE}`);
}
