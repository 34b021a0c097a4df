/** The shards once the count is known. */
export interface Shards {
  readonly count: number;
  readonly ids: readonly number[];
}

/** One process, one shard: the default. */
export const SINGLE_SHARD: Shards = Object.freeze({ count: 1, ids: Object.freeze([0]) });

/** The shard that receives a server's events: Discord's `(guild_id >> 22) % shard_count`. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

/** Whether the process running `shards` owns `guildId` (answers it and schedules its digest). */
export function ownsGuild(shards: Shards, guildId: string): boolean {
  return shards.count === 1 || shards.ids.includes(shardOf(guildId, shards.count));
}
