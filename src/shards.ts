import { ConfigError, type ShardPlan } from './config.ts';
import type { Shards } from './digest/schedule/ownership.ts';
import { parseStoreUrl } from './store/url.ts';

/**
 * The plan made concrete: `auto` takes Discord's recommended count (`recommended`, from GET /gateway/bot). Throws a
 * ConfigError for shard ids outside the count, and for several shards on a SQLite store: a file cannot be shared
 * between machines, and two processes must share their locks and state.
 */
export async function resolveShards(plan: ShardPlan, storeUrl: string, recommended: () => Promise<number>): Promise<Shards> {
  const count = plan.count === 'auto' ? await recommended() : plan.count;
  const ids = plan.ids ?? Array.from({ length: count }, (_, i) => i);
  const problems: string[] = [];
  const outside = ids.filter((id) => id >= count);
  if (outside.length > 0) problems.push(`SHARD_IDS: ${outside.join(', ')} not below SHARD_COUNT (${count}); shards are numbered 0 to ${count - 1}`);
  if (count > 1 && parseStoreUrl(storeUrl).kind === 'sqlite') {
    problems.push(
      `SHARD_COUNT is ${count} but STORE_URL is a SQLite file: several shards (one or more processes, on one or several machines) must share a Redis store. Set STORE_URL=redis://host:6379, or SHARD_COUNT=1.`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ count, ids: Object.freeze([...ids]) });
}
