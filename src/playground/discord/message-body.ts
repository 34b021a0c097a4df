import { MessageFlags, type APIEmbed, type APIMessageTopLevelComponent } from 'discord.js';
import type { PlayAttachment, PlayMessage } from '../messages.ts';
import type { PlaygroundWorld } from '../world.ts';
import type { UploadedFile } from './body.ts';

/** The message fields of a REST body (create, edit, interaction callback), as Discord reads them. */
export interface MessageBody {
  readonly content?: unknown;
  readonly embeds?: unknown;
  readonly components?: unknown;
  readonly attachments?: unknown;
  readonly flags?: unknown;
}

export function isEphemeral(body: MessageBody): boolean {
  return typeof body.flags === 'number' && (body.flags & MessageFlags.Ephemeral) !== 0;
}

/**
 * The message after `body` is applied: fields present replace, fields absent stay. With an `attachments` list, the
 * message keeps the listed attachments it had and gains the uploaded files the list names (Discord's rule); without
 * one, new uploads are added.
 */
export function applyBody(message: PlayMessage, body: MessageBody, files: readonly UploadedFile[], newId: () => string): PlayMessage {
  return {
    ...message,
    ...(typeof body.content === 'string' ? { content: body.content } : body.content === null ? { content: '' } : {}),
    ...(Array.isArray(body.embeds) ? { embeds: body.embeds as APIEmbed[] } : {}),
    ...(Array.isArray(body.components) ? { components: body.components as APIMessageTopLevelComponent[] } : {}),
    attachments: nextAttachments(message.attachments, body.attachments, files, newId),
  };
}

function nextAttachments(current: readonly PlayAttachment[], listed: unknown, files: readonly UploadedFile[], newId: () => string): PlayAttachment[] {
  const upload = (file: UploadedFile, description?: string): PlayAttachment => ({ id: newId(), filename: file.filename, contentType: file.contentType, data: file.data, description });
  if (!Array.isArray(listed)) return [...current, ...files.map((file) => upload(file))];
  const next: PlayAttachment[] = [];
  for (const entry of listed as { id?: unknown; filename?: unknown; description?: unknown }[]) {
    const id = String(entry.id);
    const kept = current.find((attachment) => attachment.id === id);
    const file = files.find((f) => String(f.index) === id);
    if (kept !== undefined) next.push(kept);
    else if (file !== undefined) next.push(upload({ ...file, filename: typeof entry.filename === 'string' ? entry.filename : file.filename }, typeof entry.description === 'string' ? entry.description : undefined));
  }
  return next;
}

export function attachmentUrl(attachment: PlayAttachment): string {
  return `/play/attachments/${attachment.id}/${encodeURIComponent(attachment.filename)}`;
}

/** The message as the REST API returns it, enough for discord.js to build its Message. */
export function toApiMessage(world: PlaygroundWorld, message: PlayMessage) {
  return {
    id: message.id, channel_id: message.channelId, guild_id: world.guildId, type: message.command === undefined ? 0 : 20,
    author: message.author === 'bot' ? world.bot : world.user, content: message.content, embeds: message.embeds,
    components: message.components, attachments: message.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.data.length, url: attachmentUrl(a), proxy_url: attachmentUrl(a), content_type: a.contentType, ...(a.description === undefined ? {} : { description: a.description }) })),
    timestamp: new Date(message.createdAt).toISOString(), edited_timestamp: message.editedAt === undefined ? null : new Date(message.editedAt).toISOString(),
    flags: message.ephemeral ? MessageFlags.Ephemeral : 0, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false,
  };
}
