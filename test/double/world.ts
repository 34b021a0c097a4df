import { randomBytes } from 'node:crypto';
import type {
  APIGuildChannel,
  APIApplication,
  ApplicationFlags,
  APIGuildMember,
  APIInteractionGuildMember,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  Locale,
  RoleFlags,
} from 'discord.js';
import type { ResolvedOptions } from './options.ts';

/** The fixed cast of the double: one application and its bot user, one guild with one text channel, one member. */
export interface World {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The member who invokes interactions. */
  readonly user: APIUser;
  readonly guildId: string;
  readonly guildName: string;
  readonly channelId: string;
  readonly channelName: string;
  readonly memberPermissions: string;
  readonly createdAt: string;
  /** The guild's other channels (see DoubleOptions.extraChannels). */
  readonly extraChannels: readonly APIGuildChannel[];
}

/** A token shaped like Discord's: base64(user id).timestamp.hmac. */
export function makeBotToken(botUserId: string): string {
  const part = (n: number) => randomBytes(n).toString('base64url');
  return `${Buffer.from(botUserId).toString('base64url')}.${part(4)}.${part(27)}`;
}

export function createWorld(ids: { readonly applicationId: string; readonly guildId: string; readonly channelId: string; readonly userId: string }, options: ResolvedOptions, createdAt: string): World {
  return {
    token: options.token,
    applicationId: ids.applicationId,
    botUser: { id: ids.applicationId, username: 'decoupling-watch', discriminator: '0', global_name: 'Decoupling Watch', avatar: null, bot: true },
    user: { id: ids.userId, username: 'tester', discriminator: '0', global_name: 'Test User', avatar: null },
    guildId: ids.guildId,
    guildName: options.guildName,
    channelId: ids.channelId,
    channelName: options.channelName,
    memberPermissions: options.memberPermissions,
    createdAt,
    extraChannels: options.extraChannels.map((channel) => ({
      ...channel,
      guild_id: ids.guildId,
      // An overwrite for "@everyone" is keyed by the guild's id, unknown until the double starts.
      permission_overwrites: (channel.permission_overwrites ?? []).map((overwrite) => (overwrite.id === '@everyone' ? { ...overwrite, id: ids.guildId } : overwrite)),
    })),
  };
}

/** READY's `user`, `GET /users/@me`. */
export function botUserPayload(world: World): APIUser {
  return { ...world.botUser, verified: true, mfa_enabled: false, bot: true };
}

export function applicationPayload(world: World): Partial<APIApplication> & Pick<APIApplication, 'id' | 'name' | 'flags'> {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: 'Discord double application',
    bot_public: false,
    bot_require_code_grant: false,
    verify_key: 'a'.repeat(64),
    flags: 0 as ApplicationFlags,
    bot: world.botUser,
    team: null,
    summary: '',
  };
}

export function everyoneRole(world: World): APIRole {
  return {
    id: world.guildId, name: '@everyone', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false, position: 0, permissions: world.memberPermissions, managed: false, mentionable: false, flags: 0 as RoleFlags,
  };
}

export function textChannelPayload(world: World, lastMessageId: string | null): APITextChannel {
  return {
    id: world.channelId, type: 0, guild_id: world.guildId, name: world.channelName, position: 0,
    permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: lastMessageId,
    rate_limit_per_user: 0, default_auto_archive_duration: 1440,
  };
}

function memberBase(user: APIUser, joinedAt: string): APIGuildMember {
  return {
    user, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0 as GuildMemberFlags, nick: null, avatar: null,
    premium_since: null, pending: false, communication_disabled_until: null, banner: null,
  };
}

/** The invoking member as interactions carry it: with the computed permissions string. */
export function interactionMember(world: World, permissions = world.memberPermissions): APIInteractionGuildMember {
  return { ...memberBase(world.user, world.createdAt), user: world.user, permissions };
}

export function guildCreatePayload(world: World, lastMessageId: string | null): GatewayGuildCreateDispatchData {
  return {
    id: world.guildId, name: world.guildName, icon: null, splash: null, discovery_splash: null, owner_id: world.user.id,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 1,
    explicit_content_filter: 0, roles: [everyoneRole(world)], emojis: [], features: [], mfa_level: 0, application_id: null,
    system_channel_id: null, system_channel_flags: 0 as GuildSystemChannelFlags, rules_channel_id: null, vanity_url_code: null, description: null,
    banner: null, premium_tier: 0, preferred_locale: 'en-US' as Locale, public_updates_channel_id: null, nsfw_level: 0,
    stickers: [], premium_progress_bar_enabled: false, hub_type: null, safety_alerts_channel_id: null, incidents_data: null,
    joined_at: world.createdAt, large: false, unavailable: false, member_count: 2, voice_states: [],
    members: [memberBase(botUserPayload(world), world.createdAt), memberBase(world.user, world.createdAt)],
    channels: [textChannelPayload(world, lastMessageId), ...world.extraChannels] as GatewayGuildCreateDispatchData['channels'], threads: [], presences: [], stage_instances: [],
    guild_scheduled_events: [], soundboard_sounds: [],
  };
}
