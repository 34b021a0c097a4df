import type { APIGuildChannel } from 'discord.js';

/** Options of {@link startDiscordDouble}; every field has a Discord-like default. */
export interface DoubleOptions {
  /** The bot token the double accepts (default: a random, realistic-looking token). */
  readonly token?: string;
  /** How long after dispatch an interaction may be acknowledged (Discord: 3000 ms). */
  readonly ackWindowMs?: number;
  /** How long an interaction token stays valid for edits and follow-ups (Discord: 15 minutes). */
  readonly tokenLifetimeMs?: number;
  /** The heartbeat interval announced in HELLO (Discord: about 41 250 ms). */
  readonly heartbeatIntervalMs?: number;
  /** How long `enforce_nonce` deduplicates channel messages (default 3 minutes). */
  readonly nonceWindowMs?: number;
  /** Size of every REST rate-limit bucket: `limit` requests per `windowMs` (default 50 per 1000 ms). */
  readonly rateLimit?: { readonly limit?: number; readonly windowMs?: number };
  /** Privileged intents enabled for the application (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15); others close with 4014. */
  readonly privilegedIntents?: number;
  /** Permissions string of the member who invokes interactions (default: a regular member). */
  readonly memberPermissions?: string;
  readonly guildName?: string;
  readonly channelName?: string;
  /**
   * More channels of the guild, beside the text channel (voice, category, one with permission overwrites…). An
   * overwrite whose id is '@everyone' applies to the guild's @everyone role.
   */
  readonly extraChannels?: readonly APIGuildChannel[];
  /**
   * How many shards the bot must run (default 1), as GET /gateway/bot reports it. With more than one, IDENTIFY must
   * carry `shard: [i, n]` with this n (4011 without, 4010 otherwise), and only the guild's shard gets the guild and
   * its events, interactions included.
   */
  readonly shardCount?: number;
}

/** {@link DoubleOptions} with every default applied. */
export interface ResolvedOptions {
  readonly token: string;
  readonly ackWindowMs: number;
  readonly tokenLifetimeMs: number;
  readonly heartbeatIntervalMs: number;
  readonly nonceWindowMs: number;
  readonly rateLimit: { readonly limit: number; readonly windowMs: number };
  readonly privilegedIntents: number;
  readonly memberPermissions: string;
  readonly guildName: string;
  readonly channelName: string;
  readonly extraChannels: readonly APIGuildChannel[];
  readonly shardCount: number;
}

/** View, send, embed, attach, read history, external emojis, add reactions, use application commands. */
export const MEMBER_PERMISSIONS = (
  (1n << 6n) | (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 18n) | (1n << 31n)
).toString();

export function resolveOptions(options: DoubleOptions, makeToken: () => string): ResolvedOptions {
  return {
    token: options.token ?? makeToken(),
    ackWindowMs: options.ackWindowMs ?? 3000,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    nonceWindowMs: options.nonceWindowMs ?? 3 * 60_000,
    rateLimit: { limit: options.rateLimit?.limit ?? 50, windowMs: options.rateLimit?.windowMs ?? 1000 },
    privilegedIntents: options.privilegedIntents ?? 0,
    memberPermissions: options.memberPermissions ?? MEMBER_PERMISSIONS,
    guildName: options.guildName ?? 'Decoupling Watch test guild',
    channelName: options.channelName ?? 'veille',
    extraChannels: options.extraChannels ?? [],
    shardCount: options.shardCount ?? 1,
  };
}
