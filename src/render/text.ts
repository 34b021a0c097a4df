import type { APIEmbed } from 'discord.js';
import type { MessagePayload } from './payload.ts';

/** A masked link whose label may hold escapes: `[label](url)`. */
const MASKED_LINK = /\[((?:\\.|[^\]\\])*)\]\((https?:\/\/[^)\s]+)\)/y;
const ESCAPABLE = /[!-/:-@[-`{-~]/;
/** Unescaped characters that only format text in Discord. */
const FORMATTING = new Set(['*', '_', '~', '|', '`']);

/** Discord markdown as plain text: formatting dropped, escapes resolved, masked links as "label <url>". */
export function markdownToPlain(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const char = markdown[i] ?? '';
    const next = markdown[i + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      out += next;
      i += 2;
      continue;
    }
    if (char === '[') {
      MASKED_LINK.lastIndex = i;
      const link = MASKED_LINK.exec(markdown);
      if (link) {
        out += `${markdownToPlain(link[1] ?? '')} <${link[2] ?? ''}>`;
        i += link[0].length;
        continue;
      }
    }
    if (!FORMATTING.has(char) && char !== '\u200b') out += char;
    i += 1;
  }
  return out;
}

function underline(title: string, mark: string): string {
  return `${title}\n${mark.repeat(Math.max(3, [...title].length))}`;
}

function embedToText(embed: APIEmbed): string {
  const parts: string[] = [];
  if (embed.author?.name) parts.push(embed.author.name);
  if (embed.title) parts.push(underline(markdownToPlain(embed.title), '='));
  if (embed.url) parts.push(`<${embed.url}>`);
  if (embed.description) parts.push(markdownToPlain(embed.description));
  for (const field of embed.fields ?? []) {
    const name = markdownToPlain(field.name).trim();
    const value = markdownToPlain(field.value);
    parts.push(name === '' ? value : value.includes('\n') ? `${name}:\n${value.replace(/^/gm, '  ')}` : `${name}: ${value}`);
  }
  if (embed.footer?.text) parts.push(`— ${embed.footer.text}`);
  return parts.join('\n\n');
}

/** A payload as readable plain text for the terminal: titles underlined, fields as "Name: value", no buttons. */
export function payloadToText(payload: MessagePayload): string {
  const parts = payload.content ? [markdownToPlain(payload.content)] : [];
  parts.push(...payload.embeds.map(embedToText));
  return parts.join('\n\n');
}
