import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIStringSelectComponent } from 'discord.js';

/** Mentions Discord may turn into pings: none, ever. */
export interface NoMentions {
  parse: [];
}

/** A row of buttons or one string select menu. */
export type MessageRow = APIActionRowComponent<APIButtonComponent> | APIActionRowComponent<APIStringSelectComponent>;

/** A file sent with the message (a chart, a CSV export); an embed shows an image with `attachment://name`. */
export interface MessageFile {
  readonly name: string;
  readonly data: Buffer;
  readonly description?: string;
}

/** One Discord message as plain data; only the delivery code turns it into an API call. */
export interface MessagePayload {
  content?: string;
  embeds: APIEmbed[];
  components?: MessageRow[];
  files?: readonly MessageFile[];
  allowed_mentions: NoMentions;
  flags?: number;
}

/** A fresh "ping nobody" value for each payload, so payloads share no mutable state. */
export function noMentions(): NoMentions {
  return { parse: [] };
}
