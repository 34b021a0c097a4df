import { escapeHtml, safeHttpUrl } from './escape.ts';

/** Names for the mentions a text may hold; unknown ids show as Discord shows them. */
export interface MentionNames {
  readonly channels: ReadonlyMap<string, string>;
  readonly users: ReadonlyMap<string, string>;
}

const TOKEN = /\u0000(\d+)\u0000/g;

/**
 * Discord's Markdown as HTML: code, bold, italics, underline, strike-through, spoilers, links, headings, sub-text,
 * quotes, lists, mentions and timestamps (`<t:…>` become <time> elements the page formats in the reader's locale).
 * The text is escaped first, and every element this adds is built from escaped text, so no input can add HTML.
 * Finished pieces (code, links, mentions) are set aside as numbered tokens so later rules cannot reach into them.
 */
export function renderMarkdown(text: string, names: MentionNames, options: { readonly blocks?: boolean } = {}): string {
  const pieces: string[] = [];
  const keep = (html: string) => `\u0000${pieces.push(html) - 1}\u0000`;
  let out = text.replace(/\u0000/g, '');
  out = out.replace(/```(?:[\w+-]*\n)?([\s\S]*?)```/g, (_m, code: string) => keep(`<pre class="code-block"><code>${escapeHtml(code.replace(/\n$/, ''))}</code></pre>`));
  out = out.replace(/`([^`\n]+)`/g, (_m, code: string) => keep(`<code>${escapeHtml(code)}</code>`));
  out = out.replace(/\\([*_~|`\\[\]()#>-])/g, (_m, char: string) => keep(escapeHtml(char)));
  out = escapeHtml(out);
  out = out.replace(/\[([^\]\n]+)\]\(&lt;(https?:\/\/[^\s)]+?)&gt;\)|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g, (whole, t1?: string, u1?: string, t2?: string, u2?: string) => {
    const href = safeHttpUrl(unescape(u1 ?? u2 ?? ''));
    return href === undefined ? whole : keep(`<a href="${href}" target="_blank" rel="noopener noreferrer">${inline(t1 ?? t2 ?? '')}</a>`);
  });
  out = out.replace(/&lt;(https?:\/\/(?:(?!&gt;)\S)+)&gt;|https?:\/\/(?:(?!&lt;|&gt;|&quot;|&#39;)\S)+/g, (whole, bracketed?: string) => {
    const url = (bracketed ?? whole).replace(/[.,;:!?)]+$/, '');
    const href = safeHttpUrl(unescape(url));
    if (href === undefined) return whole;
    return keep(`<a href="${href}" target="_blank" rel="noopener noreferrer">${url}</a>`) + (bracketed === undefined ? whole.slice(url.length) : '');
  });
  out = out.replace(/&lt;t:(-?\d{1,13})(?::([tTdDfFR]))?&gt;/g, (_m, seconds: string, style?: string) => keep(timestamp(Number(seconds), style ?? 'f')));
  out = out.replace(/&lt;#(\d{1,20})&gt;/g, (_m, id: string) => keep(mention(`#${names.channels.get(id) ?? 'unknown-channel'}`)));
  out = out.replace(/&lt;@!?(\d{1,20})&gt;/g, (_m, id: string) => keep(mention(`@${names.users.get(id) ?? 'unknown-user'}`)));
  out = out.replace(/&lt;@&amp;(\d{1,20})&gt;/g, () => keep(mention('@role')));
  out = out.replace(/&lt;\/([\w -]{1,100}):(\d{1,20})&gt;/g, (_m, command: string) => keep(mention(`/${escapeHtml(command)}`)));
  out = options.blocks === false ? inline(out) : blocks(out);
  for (let depth = 0; depth < 4 && TOKEN.test(out); depth += 1) out = out.replace(TOKEN, (_m, index: string) => pieces[Number(index)] ?? '');
  return out;
}

/** Back from escaped text to the URL it holds (the URL is escaped again once parsed). */
function unescape(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function mention(label: string): string {
  return `<span class="mention">${escapeHtml(label)}</span>`;
}

function timestamp(seconds: number, style: string): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return '<span class="ts">Invalid Date</span>';
  return `<time class="ts" datetime="${date.toISOString()}" data-style="${style}">${date.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`;
}

/** Inline styles over escaped text. */
function inline(text: string): string {
  return text
    .replace(/\*\*\*(?=\S)([\s\S]*?\S)\*\*\*/g, '<strong><em>$1</em></strong>')
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)([\s\S]*?\S)__/g, '<u>$1</u>')
    .replace(/(^|[^\w*])\*(?=\S)([^*]*?\S)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w])_(?=\S)([^_]*?\S)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<s>$1</s>')
    .replace(/\|\|(?=\S)([\s\S]*?\S)\|\|/g, '<span class="spoiler">$1</span>');
}

/** Line-level Markdown: headings, sub-text, quotes, list items; other lines joined with <br>. */
function blocks(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let quoteRest = false;
  for (const line of lines) {
    let html: string;
    let match: RegExpExecArray | null;
    if (quoteRest || (match = /^&gt;&gt;&gt; ([\s\S]*)$/.exec(line)) !== null) {
      const body = quoteRest ? line : (/^&gt;&gt;&gt; ([\s\S]*)$/.exec(line)?.[1] ?? '');
      quoteRest = true;
      html = `<blockquote>${inline(body)}</blockquote>`;
    } else if ((match = /^(#{1,3}) (.+)$/.exec(line)) !== null) {
      const level = match[1]?.length ?? 1;
      html = `<h${level + 2} class="md-h">${inline(match[2] ?? '')}</h${level + 2}>`;
    } else if ((match = /^-# (.+)$/.exec(line)) !== null) {
      html = `<small class="subtext">${inline(match[1] ?? '')}</small>`;
    } else if ((match = /^&gt; (.*)$/.exec(line)) !== null) {
      html = `<blockquote>${inline(match[1] ?? '')}</blockquote>`;
    } else if ((match = /^(\s*)[-*] (.+)$/.exec(line)) !== null) {
      html = `<div class="li${(match[1]?.length ?? 0) > 0 ? ' li-nested' : ''}">${inline(match[2] ?? '')}</div>`;
    } else {
      html = inline(line);
    }
    out.push(html);
  }
  return out.reduce((joined, html, index) => {
    if (index === 0) return html;
    const previous = out[index - 1] ?? '';
    const blockish = (h: string) => /^<(h\d|blockquote|div|small|pre)/.test(h);
    return joined + (blockish(previous) || blockish(html) ? '' : '<br>') + html;
  }, '');
}
