import type { GatewayReadyDispatchData } from 'discord.js';
import { applicationPayload, botUserPayload, type World } from '../world.ts';

/** Gateway opcodes used by the double. */
export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

/** Gateway close codes the double uses (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const Close = {
  UnknownError: 4000,
  UnknownOpcode: 4001,
  DecodeError: 4002,
  NotAuthenticated: 4003,
  AuthenticationFailed: 4004,
  AlreadyAuthenticated: 4005,
  InvalidSeq: 4007,
  InvalidShard: 4010,
  ShardingRequired: 4011,
  InvalidApiVersion: 4012,
  InvalidIntents: 4013,
  DisallowedIntents: 4014,
} as const;

export const GUILDS_INTENT = 1 << 0;
export const GUILD_MESSAGES_INTENT = 1 << 9;
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);
export const ALL_INTENTS = (1 << 26) - 1;

export function helloPayload(heartbeatIntervalMs: number): object {
  return { op: Op.Hello, d: { heartbeat_interval: heartbeatIntervalMs, _trace: ['["discord-double",{"micros":0}]'] }, s: null, t: null };
}

/** READY for shard `shard` ([i, n]): the guild only when it lives on that shard. */
export function readyData(world: World, sessionId: string, resumeGatewayUrl: string, shard: readonly [number, number] = [0, 1]): GatewayReadyDispatchData {
  const application = applicationPayload(world);
  return {
    v: 10,
    user: botUserPayload(world),
    guilds: guildShard(world.guildId, shard[1]) === shard[0] ? [{ id: world.guildId, unavailable: true }] : [],
    session_id: sessionId,
    resume_gateway_url: resumeGatewayUrl,
    shard: [shard[0], shard[1]],
    application: { id: application.id, flags: application.flags, flags_new: String(application.flags) },
  };
}

/** The shard that gets a guild's events: `(guild_id >> 22) % shard_count`. */
export function guildShard(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
