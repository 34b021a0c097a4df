import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.ts';
import { ownsGuild, shardOf, type Shards } from '../../src/digest/schedule/ownership.ts';
import { createDigestService, type DigestService } from '../../src/digest/service/index.ts';
import { resolveShards } from '../../src/shards.ts';
import { silentLogger } from '../../src/log.ts';
import { createMemoryStore } from '../../src/store/memory.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

/** A snowflake whose shard, among `count`, is `shard` (the shard is read from bits 22 and up). */
const guildOfShard = (shard: number, count: number, salt: number): string => String(((1_000_000n * BigInt(count) + BigInt(shard)) << 22n) + BigInt(salt));
const never = () => Promise.reject(new Error('Discord was not to be asked'));

describe('SHARD_COUNT and SHARD_IDS', () => {
  it('default to one shard, every shard', () => {
    expect(parseConfig({}).shards).toEqual({ count: 1, ids: undefined });
  });

  it('read a count, auto, and a list of ids (sorted, each once)', () => {
    expect(parseConfig({ SHARD_COUNT: '4', SHARD_IDS: '3, 1,1' }).shards).toEqual({ count: 4, ids: [1, 3] });
    expect(parseConfig({ SHARD_COUNT: 'auto' }).shards).toEqual({ count: 'auto', ids: undefined });
  });

  it('refuse what is not a count or a list, naming the variable', () => {
    expect(() => parseConfig({ SHARD_COUNT: '0' })).toThrow(/SHARD_COUNT: must be a whole number from 1, or auto/);
    expect(() => parseConfig({ SHARD_COUNT: 'many' })).toThrow(/SHARD_COUNT/);
    expect(() => parseConfig({ SHARD_IDS: '0;1' })).toThrow(/SHARD_IDS: must be shard numbers separated by commas/);
  });
});

describe('resolveShards', () => {
  it('refuses several shards on a SQLite store, saying to use Redis', async () => {
    const refused = resolveShards({ count: 2, ids: [0] }, 'sqlite://var/state.sqlite', never);
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(/SHARD_COUNT is 2 but STORE_URL is a SQLite file.*redis:\/\//s);
  });

  it('refuses shard ids not below the count', async () => {
    await expect(resolveShards({ count: 2, ids: [1, 2] }, 'redis://127.0.0.1:6379', never)).rejects.toThrow(/SHARD_IDS: 2 not below SHARD_COUNT \(2\)/);
  });

  it('takes every shard by default, and asks Discord for the count when it is auto', async () => {
    expect(await resolveShards({ count: 3, ids: undefined }, 'redis://127.0.0.1:6379', never)).toEqual({ count: 3, ids: [0, 1, 2] });
    expect(await resolveShards({ count: 'auto', ids: [1] }, 'redis://127.0.0.1:6379', async () => 2)).toEqual({ count: 2, ids: [1] });
    // auto answered 1: one shard is fine on SQLite.
    expect(await resolveShards({ count: 'auto', ids: undefined }, 'sqlite://x.sqlite', async () => 1)).toEqual({ count: 1, ids: [0] });
    await expect(resolveShards({ count: 'auto', ids: undefined }, 'sqlite://x.sqlite', async () => 2)).rejects.toThrow(/SQLite/);
  });
});

describe('guild → shard', () => {
  it('is (guild_id >> 22) % shard count', () => {
    // Discord's documented example: 197038439483310086 lives on shard 0 of 1 and on its id >> 22 % n otherwise.
    expect(shardOf('197038439483310086', 1)).toBe(0);
    expect(shardOf('197038439483310086', 2)).toBe(Number((197038439483310086n >> 22n) % 2n));
    for (let shard = 0; shard < 3; shard++) expect(shardOf(guildOfShard(shard, 3, 12345), 3)).toBe(shard);
    const two: Shards = { count: 3, ids: [0, 2] };
    expect([0, 1, 2].map((shard) => ownsGuild(two, guildOfShard(shard, 3, 7)))).toEqual([true, false, true]);
  });
});

describe('the scheduler of a process', () => {
  let digests: DigestService[] = [];
  afterEach(async () => {
    await Promise.all(digests.map((digest) => digest.stop()));
    digests = [];
  });

  it("schedules only its shards' servers, and together the processes schedule each server once", async () => {
    const store = createMemoryStore();
    const config = parseConfig({});
    const poster = { postMessage: () => Promise.reject(new Error('not used')), recentMessages: () => Promise.resolve([]) };
    const guilds = [0, 1, 0, 1, 1].map((shard, i) => guildOfShard(shard, 2, i));
    const service = (ids: number[]) => createDigestService({ kb: fixtureKb(), store, poster, log: silentLogger, config, shards: { count: 2, ids } });
    const setupAll = service([0, 1]);
    digests.push(setupAll);
    for (const guildId of guilds) await setupAll.setup({ guildId, channelId: '222222222222222222', time: '08:00', timeZone: 'UTC', locale: 'en' });

    const scheduled: string[][] = [];
    for (const ids of [[0], [1]]) {
      const digest = service(ids);
      digests.push(digest);
      await digest.start();
      scheduled.push(await scheduledOf(digest, guilds));
    }
    expect(scheduled[0]).toEqual(guilds.filter((_, i) => [0, 2].includes(i)));
    expect(scheduled[1]).toEqual(guilds.filter((_, i) => [1, 3, 4].includes(i)));
  });
});

async function scheduledOf(digest: DigestService, guilds: readonly string[]): Promise<string[]> {
  const withNext = await Promise.all(guilds.map(async (guildId) => ((await digest.status(guildId)).nextRun === undefined ? undefined : guildId)));
  return withNext.filter((guildId) => guildId !== undefined);
}
