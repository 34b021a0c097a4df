import type { APIEmbed } from 'discord.js';
import { cssColor, escapeHtml, safeHttpUrl } from './escape.ts';
import { renderMarkdown, type MentionNames } from './markdown.ts';

/** How an embed reaches its images: `attachment://name` is the message's file of that name. */
export interface EmbedContext extends MentionNames {
  attachmentUrl(filename: string): string | undefined;
}

/**
 * An image the page may load: a file of the message (served by the playground), never an outside address: the page
 * makes no request beyond the playground. An outside image becomes a link the reader may follow.
 */
function image(url: unknown, className: string, ctx: EmbedContext): string {
  if (typeof url !== 'string') return '';
  const attachment = /^attachment:\/\/(.+)$/.exec(url)?.[1];
  if (attachment !== undefined) {
    const src = ctx.attachmentUrl(attachment);
    return src === undefined ? '' : `<img class="${className}" src="${escapeHtml(src)}" alt="${escapeHtml(attachment)}" loading="lazy">`;
  }
  const href = safeHttpUrl(url);
  return href === undefined ? '' : `<a class="${className}-link" href="${href}" target="_blank" rel="noopener noreferrer">🖼 ${href}</a>`;
}

function linked(html: string, url: unknown): string {
  const href = safeHttpUrl(url);
  return href === undefined ? html : `<a href="${href}" target="_blank" rel="noopener noreferrer">${html}</a>`;
}

/** One embed as Discord lays it out: colour bar, author, title, description, fields (inline ones side by side), images, footer. */
export function renderEmbed(embed: APIEmbed, ctx: EmbedContext): string {
  const color = cssColor(embed.color);
  const parts: string[] = [];
  if (embed.author?.name !== undefined) parts.push(`<div class="embed-author">${linked(escapeHtml(embed.author.name), embed.author.url)}</div>`);
  if (embed.title !== undefined) parts.push(`<div class="embed-title">${linked(renderMarkdown(embed.title, ctx, { blocks: false }), embed.url)}</div>`);
  if (embed.description !== undefined) parts.push(`<div class="embed-description">${renderMarkdown(embed.description, ctx)}</div>`);
  if (embed.fields !== undefined && embed.fields.length > 0) {
    const fields = embed.fields.map((field) =>
      `<div class="embed-field${field.inline === true ? ' inline' : ''}"><div class="embed-field-name">${renderMarkdown(field.name, ctx, { blocks: false })}</div><div class="embed-field-value">${renderMarkdown(field.value, ctx)}</div></div>`);
    parts.push(`<div class="embed-fields">${fields.join('')}</div>`);
  }
  parts.push(image(embed.image?.url, 'embed-image', ctx));
  const footer: string[] = [];
  if (embed.footer?.text !== undefined) footer.push(`<span>${escapeHtml(embed.footer.text)}</span>`);
  const when = embed.timestamp === undefined ? NaN : Date.parse(embed.timestamp);
  if (Number.isFinite(when)) footer.push(`<time class="ts" datetime="${new Date(when).toISOString()}" data-style="f">${new Date(when).toISOString().slice(0, 16).replace('T', ' ')} UTC</time>`);
  if (footer.length > 0) parts.push(`<div class="embed-footer">${footer.join('<span class="dot"> • </span>')}</div>`);
  const thumbnail = image(embed.thumbnail?.url, 'embed-thumbnail', ctx);
  return `<div class="embed"${color === undefined ? '' : ` data-color="${color}"`}><div class="embed-main">${parts.join('')}</div>${thumbnail}</div>`;
}
