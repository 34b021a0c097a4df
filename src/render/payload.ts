import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIStringSelectComponent } from 'discord.js';

/** Mentions Discord may turn into pings: none. */
export interface NoMentions {
  parse: [];
}

/**
 * The one ping a message may carry besides none: a single role, the server's digest alert (`GuildSettings.alertRoleId`),
 * named in the message's content. Nothing else can ever ping: no user, no other role, no @everyone.
 */
export interface RoleAlertMentions {
  parse: [];
  roles: [string];
}

export type AllowedMentions = NoMentions | RoleAlertMentions;

/** A Discord id: 17 to 20 digits. */
const SNOWFLAKE = /^\d{17,20}$/;

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
  allowed_mentions: AllowedMentions;
  flags?: number;
}

/** A fresh "ping nobody" value for each payload, so payloads share no mutable state. */
export function noMentions(): NoMentions {
  return { parse: [] };
}

/** Mentions that ping that role and nothing else; throws a RangeError unless `roleId` is a Discord id. */
export function roleAlertMentions(roleId: string): RoleAlertMentions {
  if (!SNOWFLAKE.test(roleId)) throw new RangeError(`not a role id: ${JSON.stringify(roleId)}`);
  return { parse: [], roles: [roleId] };
}

/**
 * The mentions a message is really sent with, whatever the value says (it may come back from the store): the alert of
 * one well-formed role id, else none.
 */
export function safeMentions(mentions: unknown): AllowedMentions {
  const roles = typeof mentions === 'object' && mentions !== null ? (mentions as { roles?: unknown }).roles : undefined;
  const [role] = Array.isArray(roles) && roles.length === 1 ? roles : [];
  return typeof role === 'string' && SNOWFLAKE.test(role) ? roleAlertMentions(role) : noMentions();
}
