import type { APIEmbed, APIMessageTopLevelComponent } from 'discord.js';

/** A file a message carries (a chart, an export), kept in memory and served to the page. */
export interface PlayAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
  readonly description?: string | undefined;
}

/** One message of a playground channel, in the fields the page shows. */
export interface PlayMessage {
  readonly id: string;
  readonly channelId: string;
  readonly author: 'bot' | 'user';
  /** Only the asker sees it (the page marks it and offers to dismiss it). */
  readonly ephemeral: boolean;
  /** A deferred reply: "is thinking…" until it is edited. */
  readonly thinking: boolean;
  readonly content: string;
  readonly embeds: readonly APIEmbed[];
  readonly components: readonly APIMessageTopLevelComponent[];
  readonly attachments: readonly PlayAttachment[];
  /** The command that led to this answer, shown above it as Discord does ("You used /retreats"). */
  readonly command?: string | undefined;
  readonly createdAt: number;
  readonly editedAt?: number | undefined;
}

export type MessageChange = { readonly kind: 'upsert'; readonly message: PlayMessage } | { readonly kind: 'delete'; readonly id: string; readonly channelId: string };

/** The channels' messages, in posting order, with a feed of changes for the page. */
export interface MessageBoard {
  add(message: PlayMessage): PlayMessage;
  update(id: string, change: (message: PlayMessage) => PlayMessage): PlayMessage | undefined;
  remove(id: string): boolean;
  get(id: string): PlayMessage | undefined;
  /** A channel's messages, oldest first. */
  list(channelId?: string): PlayMessage[];
  attachment(id: string): PlayAttachment | undefined;
  subscribe(listener: (change: MessageChange) => void): () => void;
}

/** Older messages beyond this are forgotten, so a playground left open for days keeps a bounded memory. */
const MAX_MESSAGES = 500;

export function createMessageBoard(): MessageBoard {
  const messages = new Map<string, PlayMessage>();
  const listeners = new Set<(change: MessageChange) => void>();
  const emit = (change: MessageChange) => {
    for (const listener of listeners) listener(change);
  };
  const remove = (id: string) => {
    const message = messages.get(id);
    if (message === undefined) return false;
    messages.delete(id);
    emit({ kind: 'delete', id, channelId: message.channelId });
    return true;
  };
  return {
    add(message) {
      messages.set(message.id, message);
      emit({ kind: 'upsert', message });
      while (messages.size > MAX_MESSAGES) remove(messages.keys().next().value as string);
      return message;
    },
    update(id, change) {
      const current = messages.get(id);
      if (current === undefined) return undefined;
      const next = change(current);
      messages.set(id, next);
      emit({ kind: 'upsert', message: next });
      return next;
    },
    remove,
    get: (id) => messages.get(id),
    list: (channelId) => [...messages.values()].filter((message) => channelId === undefined || message.channelId === channelId),
    attachment(id) {
      for (const message of messages.values()) {
        const found = message.attachments.find((attachment) => attachment.id === id);
        if (found !== undefined) return found;
      }
      return undefined;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
