import type { PlayAttachment, PlayMessage } from '../messages.ts';
import { renderComponents } from './components.ts';
import { renderEmbed, type EmbedContext } from './embed.ts';
import { escapeHtml } from './escape.ts';
import { renderMarkdown, type MentionNames } from './markdown.ts';

export interface MessageContext extends MentionNames {
  readonly botName: string;
  readonly userName: string;
  attachmentUrl(attachment: PlayAttachment): string;
}

function attachmentsNotShown(message: PlayMessage): PlayAttachment[] {
  const shown = JSON.stringify(message.embeds);
  return message.attachments.filter((attachment) => !shown.includes(`attachment://${attachment.filename}`));
}

function renderAttachment(attachment: PlayAttachment, url: string): string {
  const src = escapeHtml(url);
  if (/^image\/(png|jpeg|gif|webp)$/.test(attachment.contentType)) return `<img class="attachment-image" src="${src}" alt="${escapeHtml(attachment.description ?? attachment.filename)}">`;
  return `<a class="attachment-file" href="${src}" download>📄 ${escapeHtml(attachment.filename)} <small>(${attachment.data.length} B)</small></a>`;
}

/**
 * One message as the page shows it. Texts the page translates carry `data-i18n`; the English here is the fallback.
 * Every string of the payload goes through the escaping Markdown renderer or `escapeHtml`.
 */
export function renderMessage(message: PlayMessage, ctx: MessageContext): string {
  const embedContext: EmbedContext = {
    ...ctx,
    channels: ctx.channels,
    users: ctx.users,
    attachmentUrl: (filename) => {
      const found = message.attachments.find((attachment) => attachment.filename === filename);
      return found === undefined ? undefined : ctx.attachmentUrl(found);
    },
  };
  const bot = message.author === 'bot';
  const classes = ['message', message.ephemeral ? 'ephemeral' : '', message.thinking ? 'thinking' : ''].filter(Boolean).join(' ');
  const parts: string[] = [];
  if (message.command !== undefined) {
    parts.push(`<div class="used-command"><span class="mention">@${escapeHtml(ctx.userName)}</span> <span data-i18n="used">used</span> <span class="command-name">${escapeHtml(message.command)}</span></div>`);
  }
  parts.push(`<div class="avatar${bot ? ' bot' : ''}" aria-hidden="true">${bot ? 'DW' : escapeHtml(ctx.userName.slice(0, 1).toUpperCase())}</div>`);
  const body: string[] = [];
  body.push(`<header><span class="author">${escapeHtml(bot ? ctx.botName : ctx.userName)}</span>${bot ? '<span class="app-tag">APP</span>' : ''}<time class="ts" datetime="${new Date(message.createdAt).toISOString()}" data-style="t"></time>${message.editedAt === undefined ? '' : '<span class="edited" data-i18n="edited">(edited)</span>'}</header>`);
  if (message.thinking) body.push(`<div class="thinking-note"><span data-i18n="thinking">${escapeHtml(ctx.botName)} is thinking…</span></div>`);
  if (message.content !== '') body.push(`<div class="content">${renderMarkdown(message.content, ctx)}</div>`);
  if (message.embeds.length > 0) body.push(`<div class="embeds">${message.embeds.map((embed) => renderEmbed(embed, embedContext)).join('')}</div>`);
  const loose = attachmentsNotShown(message);
  if (loose.length > 0) body.push(`<div class="attachments">${loose.map((a) => renderAttachment(a, ctx.attachmentUrl(a))).join('')}</div>`);
  if (message.components.length > 0) body.push(`<div class="components">${renderComponents(message.components)}</div>`);
  if (message.ephemeral) body.push('<div class="ephemeral-note">👁 <span data-i18n="onlyYou">Only you can see this</span> · <button type="button" class="dismiss" data-i18n="dismiss">Dismiss message</button></div>');
  parts.push(`<div class="message-body">${body.join('')}</div>`);
  return `<article class="${classes}" data-message-id="${escapeHtml(message.id)}">${parts.join('')}</article>`;
}
