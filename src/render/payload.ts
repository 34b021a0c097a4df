import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

/** Mentions Discord may turn into pings: none, ever. */
export interface NoMentions {
  parse: [];
}

/** One Discord message as plain data; only the delivery code turns it into an API call. */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: NoMentions;
  flags?: number;
}

/** A fresh "ping nobody" value for each payload, so payloads share no mutable state. */
export function noMentions(): NoMentions {
  return { parse: [] };
}
