const DISCORD_EPOCH = 1_420_070_400_000n;

/** Returns a function producing unique, increasing Discord snowflakes (timestamp << 22 | counter). */
export function createSnowflakeFactory(clock: () => number = Date.now): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    return (((BigInt(clock()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
  };
}

/** The creation time (ms since the Unix epoch) encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}
