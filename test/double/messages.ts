import type { APIAttachment, APIEmbed, APIMessage, APIMessageTopLevelComponent, APIUser } from 'discord.js';
import { resolvePings, type Pings } from './mentions.ts';
import { isRecord } from './validate/form.ts';

/** A file part of a multipart request. */
export interface UploadedFile {
  readonly field: string;
  readonly name: string;
  readonly size: number;
  readonly contentType: string;
  /** The file's bytes, so tests can read what the bot attached. */
  readonly data: Buffer;
}

/** Where a stored message came from. */
export type MessageSource = 'channel' | 'interaction-response' | 'follow-up' | 'seeded';

/** A message as the double keeps it: what was posted plus bookkeeping for assertions. */
export interface StoredMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly author: APIUser;
  readonly source: MessageSource;
  /** MessageType: 0 default, 19 reply, 20 chat-input command response. */
  readonly type: number;
  /** The interaction this message answers, if any. */
  readonly interaction: MessageInteraction | null;
  readonly webhookId: string | null;
  readonly nonce: string | number | null;
  readonly tts: boolean;
  readonly createdAt: number;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  flags: number;
  attachments: APIAttachment[];
  allowedMentions: unknown;
  /** Who the message notifies, given its content and allowed_mentions. */
  pings: Pings;
  editedAt: number | null;
  /** Every JSON body that created or edited the message, oldest first. */
  readonly bodies: unknown[];
}

/** The interaction a response or follow-up belongs to. */
export interface MessageInteraction {
  readonly id: string;
  readonly type: number;
  readonly user: APIUser;
  readonly guildId: string;
}

export const EPHEMERAL = 1 << 6;
export const LOADING = 1 << 7;

export interface NewMessage {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string;
  readonly author: APIUser;
  readonly source: MessageSource;
  readonly type?: number;
  readonly interaction?: MessageInteraction;
  readonly webhookId?: string;
  readonly body: unknown;
  readonly files?: readonly UploadedFile[];
  readonly extraFlags?: number;
  readonly now: number;
}

export function createStoredMessage(input: NewMessage): StoredMessage {
  const body = isRecord(input.body) ? input.body : {};
  const content = typeof body['content'] === 'string' ? body['content'] : '';
  const nonce = body['nonce'];
  const message: StoredMessage = {
    id: input.id,
    channelId: input.channelId,
    guildId: input.guildId,
    author: input.author,
    source: input.source,
    type: input.type ?? 0,
    interaction: input.interaction ?? null,
    webhookId: input.webhookId ?? null,
    nonce: typeof nonce === 'string' || typeof nonce === 'number' ? nonce : null,
    tts: body['tts'] === true,
    createdAt: input.now,
    content,
    embeds: Array.isArray(body['embeds']) ? (body['embeds'] as APIEmbed[]) : [],
    components: Array.isArray(body['components']) ? (body['components'] as APIMessageTopLevelComponent[]) : [],
    flags: (typeof body['flags'] === 'number' ? body['flags'] : 0) | (input.extraFlags ?? 0),
    attachments: attachmentsFor(input.id, input.files ?? []),
    allowedMentions: body['allowed_mentions'] ?? null,
    pings: resolvePings(content, body['allowed_mentions']),
    editedAt: null,
    bodies: [input.body],
  };
  return message;
}

/** Applies a PATCH body: present fields replace the stored ones; a deferred (loading) message stops loading. */
export function applyMessageEdit(message: StoredMessage, body: unknown, files: readonly UploadedFile[], now: number): void {
  const edit = isRecord(body) ? body : {};
  if ('content' in edit) message.content = typeof edit['content'] === 'string' ? edit['content'] : '';
  if ('embeds' in edit) message.embeds = Array.isArray(edit['embeds']) ? (edit['embeds'] as APIEmbed[]) : [];
  if ('components' in edit) message.components = Array.isArray(edit['components']) ? (edit['components'] as APIMessageTopLevelComponent[]) : [];
  if ('allowed_mentions' in edit) message.allowedMentions = edit['allowed_mentions'];
  if (typeof edit['flags'] === 'number') message.flags = (message.flags & EPHEMERAL) | (edit['flags'] & ~EPHEMERAL);
  if (files.length > 0) message.attachments = [...message.attachments, ...attachmentsFor(message.id, files)];
  message.flags &= ~LOADING;
  message.pings = resolvePings(message.content, message.allowedMentions);
  message.editedAt = now;
  message.bodies.push(body);
}

/** The Discord API representation of a stored message. */
export function toApiMessage(message: StoredMessage, knownUsers: readonly APIUser[]): APIMessage {
  return {
    id: message.id,
    channel_id: message.channelId,
    author: message.author,
    content: message.content,
    timestamp: new Date(message.createdAt).toISOString(),
    edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
    tts: message.tts,
    mention_everyone: message.pings.everyone,
    mentions: knownUsers.filter((user) => message.pings.users.includes(user.id)),
    mention_roles: [...message.pings.roles],
    attachments: message.attachments,
    embeds: message.embeds,
    pinned: false,
    type: message.type,
    flags: message.flags,
    components: message.components,
    ...(message.nonce === null ? {} : { nonce: message.nonce }),
    ...(message.webhookId === null ? {} : { webhook_id: message.webhookId, application_id: message.webhookId }),
    ...(message.interaction === null ? {} : {
      interaction_metadata: {
        id: message.interaction.id,
        type: message.interaction.type,
        user: message.interaction.user,
        authorizing_integration_owners: { 0: message.interaction.guildId },
      },
    }),
  };
}

function attachmentsFor(messageId: string, files: readonly UploadedFile[]): APIAttachment[] {
  return files.map((file, index) => ({
    id: `${messageId}${index}`,
    filename: file.name,
    size: file.size,
    content_type: file.contentType,
    url: `http://127.0.0.1/attachments/${messageId}/${file.name}`,
    proxy_url: `http://127.0.0.1/attachments/${messageId}/${file.name}`,
  }));
}
