import { ChannelType, PermissionFlagsBits, PermissionsBitField, type APIUser } from 'discord.js';

/**
 * The one server the playground shows: the bot, one member (the person at the page, an admin so /digest and /feeds
 * work), a channel for commands and one for the digest. Fixed ids, so a page reload finds the same world.
 */
export interface PlaygroundWorld {
  readonly applicationId: string;
  readonly bot: APIUser;
  readonly user: APIUser;
  readonly guildId: string;
  readonly guildName: string;
  readonly channels: readonly PlaygroundChannel[];
  /** The member's permissions string, as interactions carry it. */
  readonly memberPermissions: string;
}

export interface PlaygroundChannel {
  readonly id: string;
  readonly name: string;
  readonly purpose: 'commands' | 'digest';
}

export function createWorld(): PlaygroundWorld {
  return {
    applicationId: '1300000000000000001',
    bot: { id: '1300000000000000001', username: 'Decoupling Watch', discriminator: '0', global_name: null, avatar: null, bot: true },
    user: { id: '1300000000000000005', username: 'you', discriminator: '0', global_name: 'You', avatar: null },
    guildId: '1300000000000000002',
    guildName: 'Playground',
    channels: [
      { id: '1300000000000000003', name: 'general', purpose: 'commands' },
      { id: '1300000000000000004', name: 'digest', purpose: 'digest' },
    ],
    memberPermissions: PermissionsBitField.resolve([PermissionFlagsBits.Administrator, PermissionFlagsBits.ManageGuild]).toString(),
  };
}

export function channelOf(world: PlaygroundWorld, purpose: PlaygroundChannel['purpose']): PlaygroundChannel {
  const channel = world.channels.find((c) => c.purpose === purpose);
  if (channel === undefined) throw new Error(`the playground has no ${purpose} channel`);
  return channel;
}

export function textChannelPayload(world: PlaygroundWorld, channel: PlaygroundChannel, position = 0) {
  return {
    id: channel.id, type: ChannelType.GuildText, name: channel.name, guild_id: world.guildId, position,
    permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0,
  };
}

/**
 * The server as GUILD_CREATE describes it. The bot owns it, so it holds every permission in every channel, as a
 * bot invited with the permissions the README lists does.
 */
export function guildPayload(world: PlaygroundWorld) {
  const joinedAt = new Date(0).toISOString();
  return {
    id: world.guildId, name: world.guildName, icon: null, splash: null, discovery_splash: null, owner_id: world.bot.id,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0, explicit_content_filter: 0,
    roles: [{ id: world.guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: PermissionsBitField.resolve([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.ReadMessageHistory, PermissionFlagsBits.EmbedLinks]).toString(), managed: false, mentionable: false, flags: 0 }],
    emojis: [], stickers: [], features: [], mfa_level: 0, application_id: null, system_channel_id: null, system_channel_flags: 0,
    rules_channel_id: null, vanity_url_code: null, description: null, banner: null, premium_tier: 0, preferred_locale: 'en-US',
    public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
    joined_at: joinedAt, large: false, unavailable: false, member_count: 2,
    channels: world.channels.map((channel, index) => textChannelPayload(world, channel, index)),
    members: [world.bot, world.user].map((user) => ({ user, roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0 })),
    threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

/** The invoking member, as an interaction carries it. */
export function memberPayload(world: PlaygroundWorld) {
  return { user: world.user, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0, permissions: world.memberPermissions };
}
