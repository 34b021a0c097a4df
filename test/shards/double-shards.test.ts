import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { commands } from '../../commands/index.ts';
import { shardOf } from '../../src/digest/schedule/ownership.ts';
import { startBot, type RunningBot } from '../../src/discord/bot.ts';
import { recommendedShardCount } from '../../src/discord/shard-count.ts';
import { createLogger } from '../../src/log.ts';
import { startDiscordDouble, type DiscordDouble } from '../double/index.ts';
import { fixtureKb } from '../support/kb-fixture.ts';

/** The double with two shards, and two real discord.js clients, one per shard, in this process. */
describe('sharding against the Discord double', () => {
  let discord: DiscordDouble;
  const bots: RunningBot[] = [];
  const saved = { SHARD_COUNT: process.env['SHARD_COUNT'], SHARDS: process.env['SHARDS'] };

  beforeAll(async () => {
    discord = await startDiscordDouble({ shardCount: 2 });
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await discord?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  async function identify(shard: unknown): Promise<number> {
    const socket = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
    await once(socket, 'message');
    const closed = once(socket, 'close');
    socket.send(JSON.stringify({ op: 2, d: { token: discord.token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, ...(shard === undefined ? {} : { shard }) } }));
    const [code] = (await closed) as [number];
    return code;
  }

  it('reports the shard count and refuses a missing (4011) or wrong (4010) shard', async () => {
    expect(await recommendedShardCount(discord.token, discord.apiBase)).toBe(2);
    expect(await identify(undefined)).toBe(4011);
    expect(await identify([2, 2])).toBe(4010);
    expect(await identify([0, 3])).toBe(4010);
  });

  it("gives each process only its shard's guild and interactions, whatever SHARD_COUNT and SHARDS say", async () => {
    // discord.js's own sharding manager variables: a client that read them would open both shards.
    process.env['SHARD_COUNT'] = '2';
    process.env['SHARDS'] = '[0,1]';
    const lines: string[][] = [[], []];
    for (const id of [0, 1]) {
      const log = createLogger({ level: 'debug', write: (line) => lines[id]?.push(line) });
      bots.push(await startBot({ token: discord.token, apiBase: discord.apiBase, commands, kb: fixtureKb(), log, shards: { count: 2, ids: [id] } }));
    }
    const owner = shardOf(discord.guildId, 2);
    expect(bots.map((bot) => bot.client.guilds.cache.has(discord.guildId))).toEqual([owner === 0, owner === 1]);
    expect(discord.gateway.sessions().map((session) => session.shard).sort()).toEqual([[0, 2], [1, 2]]);

    const handle = discord.dispatchInteraction(discord.chatInput({ name: 'about' }));
    await handle.waitForCallback({ timeoutMs: 20_000 });
    const got = discord.gateway.sessions().map((session) => ({ shard: session.shard[0], interactions: session.events.filter((event) => event === 'INTERACTION_CREATE').length }));
    expect(got.sort((a, b) => a.shard - b.shard)).toEqual([0, 1].map((shard) => ({ shard, interactions: shard === owner ? 1 : 0 })));
    // The log of the process that answered says which shard did, for operators.
    const entries = () => lines.map((logged) => logged.filter((line) => line.includes('"interaction handled"')));
    for (let waited = 0; (entries()[owner]?.length ?? 0) === 0 && waited < 20_000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
    const handled = lines.map((logged) => logged.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry['message'] === 'interaction handled'));
    expect(handled[owner]).toMatchObject([{ command: 'about', shard: owner }]);
    expect(handled[1 - owner]).toEqual([]);
  });
});
