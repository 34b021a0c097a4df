const DISCORD_EPOCH = 1_420_070_400_000n;

/** Discord-style ids: the time in the high bits, so they sort by creation like Discord's. */
export function createSnowflakes(now: () => number = Date.now): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    return (((BigInt(now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
  };
}
