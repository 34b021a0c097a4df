import { Routes, type APIMessage, type REST } from 'discord.js';
import { safeMentions, type MessagePayload } from '../../render/payload.ts';

/** A message to post in a channel, with Discord's idempotency key when the caller has one. */
export interface PostBody extends MessagePayload {
  /** At most 25 characters; with `enforce_nonce`, Discord returns the earlier message for a repeated nonce. */
  nonce?: string;
  enforce_nonce?: boolean;
}

/** What delivery needs to know about a message already in the channel. */
export interface RecentMessage {
  readonly id: string;
  readonly embeds: readonly { readonly footer?: { readonly text: string } }[];
}

/** The two Discord calls digest delivery makes. Errors are @discordjs/rest's (after its own retries). */
export interface DiscordPoster {
  /** Posts `body` in the channel; resolves with the id Discord gave the message. */
  postMessage(channelId: string, body: PostBody): Promise<{ id: string }>;
  /** The channel's latest messages, newest first (`limit` 1 to 100). */
  recentMessages(channelId: string, limit: number): Promise<RecentMessage[]>;
}

/**
 * A poster over @discordjs/rest (the bot passes `client.rest`). Whatever the body says, every message is sent
 * with `allowed_mentions: { parse: [] }`, or with the server's alert role alone (`safeMentions`): a digest pings
 * nobody else, ever.
 */
export function restPoster(rest: REST): DiscordPoster {
  return {
    async postMessage(channelId, body) {
      const message = (await rest.post(Routes.channelMessages(channelId), { body: { ...body, allowed_mentions: safeMentions(body.allowed_mentions) } })) as APIMessage;
      return { id: message.id };
    },
    async recentMessages(channelId, limit) {
      const query = new URLSearchParams({ limit: String(Math.min(100, Math.max(1, Math.trunc(limit)))) });
      const messages = (await rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[];
      return messages.map((message) => ({
        id: message.id,
        embeds: message.embeds.map((embed) => (embed.footer === undefined ? {} : { footer: { text: embed.footer.text } })),
      }));
    },
  };
}
