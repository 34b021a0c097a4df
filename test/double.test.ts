import { inflateSync } from 'node:zlib';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, Routes, type Interaction, type SendableChannels } from 'discord.js';
import { WebSocket } from 'ws';
import { startDiscordDouble, type DiscordDouble } from './double/index.ts';
import { checkMessageBody } from './double/validate/message.ts';
import { checkCommandList } from './double/validate/commands.ts';

type Handler = (interaction: Interaction) => Promise<void>;

let discord: DiscordDouble;
let client: Client<true>;
const handlers = new Map<string, Handler>();

/** Runs `handler` when the bot receives interaction `id`; resolves when it has finished. */
function onInteraction(id: string, handler: Handler): Promise<void> {
  return new Promise((resolve, reject) => {
    handlers.set(id, (interaction) => handler(interaction).then(resolve, reject));
  });
}

function channel(): SendableChannels {
  const found = client.channels.cache.get(discord.channelId);
  if (!found?.isSendable()) throw new Error('test channel missing from the cache');
  return found;
}

async function loginClient(token: string): Promise<Client<true>> {
  const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiBase }, allowedMentions: { parse: [] } });
  const ready = once(bot, Events.ClientReady);
  await bot.login(token);
  await ready;
  return bot as Client<true>;
}

beforeAll(async () => {
  discord = await startDiscordDouble();
  client = await loginClient(discord.token);
  client.on(Events.InteractionCreate, (interaction) => void handlers.get(interaction.id)?.(interaction));
});

afterAll(async () => {
  await client?.destroy();
  await discord?.close();
});

describe('login', () => {
  it('serves the gateway URL over REST, then READY and GUILD_CREATE over a plain JSON gateway', () => {
    const gatewayBot = discord.requestsTo('GET /gateway/bot')[0];
    expect(gatewayBot?.headers['authorization']).toBe(`Bot ${discord.token}`);
    const connection = discord.gateway.connections[0];
    expect(connection).toMatchObject({ path: '/gateway', query: { v: '10', encoding: 'json' }, compress: null, authenticatedBy: 'identify' });
    const [session] = discord.gateway.sessions();
    expect(session).toMatchObject({ intents: GatewayIntentBits.Guilds, events: ['READY', 'GUILD_CREATE'] });
    expect(client.user.id).toBe(discord.botUserId);
    expect(client.application.id).toBe(discord.applicationId);
    expect(client.guilds.cache.get(discord.guildId)?.members.me?.id).toBe(discord.botUserId);
    expect(channel().id).toBe(discord.channelId);
  });

  it('rejects a bad token: GET /gateway/bot answers 401 and login fails', async () => {
    const before = discord.requestsTo('GET /gateway/bot').length;
    const intruder = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiBase } });
    await expect(intruder.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await intruder.destroy();
    expect(discord.requestsTo('GET /gateway/bot').slice(before).map((request) => request.status)).toEqual([401]);
  });
});

describe('interaction responses', () => {
  it('receives a reply (type 4) to a French slash command with a subcommand and options', async () => {
    const payload = discord.chatInput({ name: 'watch', subcommand: 'company', options: { name: 'Huawei', limit: 3 }, locale: 'fr' });
    const seen: unknown[] = [];
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
      seen.push(interaction.locale, interaction.options.getSubcommand(), interaction.options.getString('name'), interaction.options.getInteger('limit'), interaction.memberPermissions?.has('SendMessages'));
      await interaction.reply({ content: `<@${discord.userId}> Huawei : 3 événements` });
    });
    const handle = discord.dispatchInteraction(payload);
    const callback = await handle.waitForCallback();
    await done;
    expect(seen).toEqual(['fr', 'company', 'Huawei', 3, true]);
    expect(callback.type).toBe(4);
    expect(callback.data).toMatchObject({ content: `<@${discord.userId}> Huawei : 3 événements`, allowed_mentions: { parse: [] } });
    expect(callback.elapsedMs).toBeLessThan(3000);
    const original = handle.original();
    expect(original).toMatchObject({ type: 20, source: 'interaction-response', pings: { users: [], roles: [], everyone: false } });
    expect(discord.messagesIn()[0]?.id).toBe(original?.id);
  });

  it('receives a deferred ephemeral reply (type 5), its edit and a follow-up', async () => {
    const payload = discord.chatInput({ name: 'digest', locale: 'en-US' });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'Digest ready', embeds: [{ title: 'Today', description: 'Three items' }] });
      await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });
    });
    const handle = discord.dispatchInteraction(payload);
    expect(await handle.waitForCallback()).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const edit = await handle.waitForEdit();
    expect(edit.target).toBe('@original');
    expect((await handle.waitForFollowUp()).content).toBe('One more thing');
    await done;
    expect(handle.original()).toMatchObject({ content: 'Digest ready', embeds: [{ title: 'Today' }], flags: MessageFlags.Ephemeral });
    expect(discord.messagesIn().some((message) => message.id === handle.original()?.id)).toBe(false);
  });

  it('receives autocomplete choices (type 8) and refuses more than 25', async () => {
    const payload = discord.autocomplete({ name: 'watch', focused: 'company', value: 'hua' });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = interaction.options.getFocused(true);
      const tooMany = Array.from({ length: 26 }, (_, index) => ({ name: `${focused.value} ${index}`, value: `c${index}` }));
      await expect(interaction.respond(tooMany)).rejects.toMatchObject({ status: 400, code: 50035, rawError: { errors: { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
      await interaction.respond([{ name: 'Huawei', value: 'huawei' }]);
    });
    const handle = discord.dispatchInteraction(payload);
    const callback = await handle.waitForCallback();
    await done;
    expect(callback).toMatchObject({ type: 8, data: { choices: [{ name: 'Huawei', value: 'huawei' }] } });
    expect(handle.record.rejections).toHaveLength(1);
  });

  it('updates the message a button is on (type 7)', async () => {
    const payload = discord.button({ customId: 'page:2', locale: 'fr' });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isButton()) throw new Error('expected a button');
      await interaction.update({ content: `Page 2 (${interaction.customId})`, components: [] });
    });
    const handle = discord.dispatchInteraction(payload);
    expect(await handle.waitForCallback()).toMatchObject({ type: 7, data: { content: 'Page 2 (page:2)' } });
    await done;
    const message = discord.state.messages.get(payload.message.id);
    expect(message).toMatchObject({ content: 'Page 2 (page:2)', components: [] });
    expect(message?.editedAt).not.toBeNull();
  });

  it('delivers a string select pick (component_type 3) with its values', async () => {
    const menu = { type: 3, custom_id: 'pick', options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] };
    const message = discord.seedBotMessage({ content: 'Pick', components: [{ type: 1, components: [menu] }] });
    const payload = discord.select({ customId: 'pick', values: ['b'], message });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isStringSelectMenu()) throw new Error('expected a string select');
      await interaction.reply({ content: `picked ${interaction.values.join(',')}`, flags: 64 });
    });
    const handle = discord.dispatchInteraction(payload);
    expect(await handle.waitForCallback()).toMatchObject({ type: 4, data: { content: 'picked b', flags: 64 } });
    await done;
  });

  it('refuses a second callback (40060) and an edit of @original before any callback (10008)', async () => {
    const payload = discord.chatInput({ name: 'ask' });
    const done = onInteraction(payload.id, async (interaction) => {
      const original = Routes.webhookMessage(discord.applicationId, interaction.token, '@original');
      await expect(client.rest.patch(original, { body: { content: 'too early' }, auth: false })).rejects.toMatchObject({ status: 404, code: 10008 });
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
      await interaction.reply('first');
      const second = client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'second' } }, auth: false });
      await expect(second).rejects.toMatchObject({ status: 400, code: 40060 });
    });
    const handle = discord.dispatchInteraction(payload);
    await done;
    expect(handle.record.callback?.data).toMatchObject({ content: 'first' });
    expect(handle.record.rejections.map((rejection) => rejection.code)).toEqual([10008, 40060]);
  });

  it('refuses a reply after the acknowledgement window (10062)', async () => {
    const payload = discord.chatInput({ name: 'slow' });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(interaction.reply('too late')).rejects.toMatchObject({ status: 404, code: 10062 });
    });
    const handle = discord.dispatchInteraction(payload, { ackWindowMs: 200 });
    const rejection = await handle.waitForRejection();
    await done;
    expect(rejection.elapsedMs).toBeGreaterThan(200);
    expect(handle.record.callback).toBeNull();
  });

  it('answers 400 50035 for an oversized embed, and the bot may still reply within the window', async () => {
    const payload = discord.chatInput({ name: 'big' });
    const field = (index: number) => ({ name: `Field ${index}`, value: 'x'.repeat(1000) });
    const done = onInteraction(payload.id, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input command');
      const embed = { title: 'Big', description: 'd'.repeat(2000), fields: [0, 1, 2, 3].map(field) };
      const error: unknown = await interaction.reply({ embeds: [embed] }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DiscordAPIError);
      expect(error).toMatchObject({ status: 400, code: 50035, rawError: { errors: { data: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } } } });
      await interaction.reply({ embeds: [{ ...embed, fields: [field(0)] }] });
    });
    const handle = discord.dispatchInteraction(payload);
    await done;
    expect(handle.record.callback?.type).toBe(4);
    await expect(channel().send({ embeds: [{ title: 't'.repeat(257) }] })).rejects.toMatchObject({
      code: 50035, rawError: { errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
  });
});

describe('REST behaviour', () => {
  it('makes discord.js wait out a programmed 429 and retry, for a channel post and an interaction callback', async () => {
    const route = 'POST /channels/:channelId/messages';
    const before = discord.requestsTo(route).length;
    const limited: boolean[] = [];
    const onLimited = (info: { global: boolean }) => void limited.push(info.global);
    client.rest.on('rateLimited', onLimited);
    discord.faults.rateLimit(route, { retryAfterSeconds: 0.3 });
    const started = Date.now();
    const sent = await channel().send('after the rate limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const attempts = discord.requestsTo(route).slice(before);
    expect(attempts.map((request) => [request.status, request.fault])).toEqual([[429, 'rate-limit'], [200, null]]);
    expect(discord.messagesIn()[0]?.id).toBe(sent.id);

    discord.faults.rateLimit('GET /channels/:channelId', { retryAfterSeconds: 0.2, scope: 'global' });
    await client.channels.fetch(discord.channelId, { force: true });
    client.rest.off('rateLimited', onLimited);
    expect(limited).toEqual([false, true]);
    expect(discord.requestsTo('GET /channels/:channelId').map((request) => request.status)).toEqual([429, 200]);

    discord.faults.rateLimit('POST /interactions/:id/:token/callback', { retryAfterSeconds: 0.25 });
    const payload = discord.chatInput({ name: 'ask' });
    const done = onInteraction(payload.id, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('eventually');
    });
    const handle = discord.dispatchInteraction(payload);
    expect((await handle.waitForCallback()).elapsedMs).toBeGreaterThanOrEqual(250);
    await done;
    expect(discord.faults.pending()).toEqual([]);
  });

  it('sends X-RateLimit-* headers that discord.js honours, so a small bucket never answers 429', async () => {
    const small = await startDiscordDouble({ rateLimit: { limit: 2, windowMs: 300 } });
    const bot = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: small.apiBase } });
    try {
      await bot.login(small.token);
      const started = Date.now();
      await Promise.all([1, 2, 3].map((n) => bot.rest.post(Routes.channelMessages(small.channelId), { body: { content: `m${n}` } })));
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
      const posts = small.requestsTo('POST /channels/:channelId/messages');
      expect(posts.map((request) => request.status)).toEqual([200, 200, 200]);
      expect(posts[1]?.responseHeaders).toMatchObject({ 'X-RateLimit-Limit': '2', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Bucket': expect.any(String) });
      expect(Number(posts[1]?.responseHeaders['X-RateLimit-Reset-After'])).toBeGreaterThan(0);
    } finally {
      await bot.destroy();
      await small.close();
    }
  });

  it('lets discord.js retry a 502 and a connection reset', async () => {
    const route = 'POST /channels/:channelId/messages';
    discord.faults.serverError(route, { status: 502 });
    discord.faults.resetConnection(route);
    const before = discord.requestsTo(route).length;
    const sent = await channel().send('after two failures');
    const attempts = discord.requestsTo(route).slice(before);
    expect(attempts.map((request) => [request.status, request.fault])).toEqual([[502, 'server-error'], [null, 'reset'], [200, null]]);
    expect(discord.messagesIn()[0]?.id).toBe(sent.id);
  });

  it('answers 403 Missing Permissions (50013) for a denied channel', async () => {
    discord.faults.denyMessages();
    await expect(channel().send('nope')).rejects.toMatchObject({ status: 403, code: 50013 });
    discord.faults.allowMessages();
    await expect(channel().send('yes')).resolves.toMatchObject({ content: 'yes' });
  });

  it('returns the existing message for a repeated nonce with enforce_nonce, and lists history newest first', async () => {
    const first = await channel().send({ content: 'Daily digest', nonce: 'digest-2025-07-22', enforceNonce: true });
    const again = await channel().send({ content: 'Daily digest', nonce: 'digest-2025-07-22', enforceNonce: true });
    const other = await channel().send({ content: 'Daily digest', nonce: 'digest-2025-07-23', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(discord.messagesIn().filter((message) => message.content === 'Daily digest')).toHaveLength(2);
    const fetched = await channel().messages.fetch({ limit: 2, cache: false });
    expect([...fetched.keys()]).toEqual([other.id, first.id]);
    expect(discord.requestsTo('GET /channels/:channelId/messages').at(-1)?.query).toEqual({ limit: '2' });
  });

  it('requires a bot token and records routes it does not implement', async () => {
    const noAuth = await fetch(`${discord.apiBase}/v10/users/@me`);
    expect(noAuth.status).toBe(401);
    const unknown = await fetch(`${discord.apiBase}/v10/guilds/${discord.guildId}/emojis`, { headers: { Authorization: `Bot ${discord.token}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(discord.state.unknownRoutes.at(-1)).toMatchObject({ method: 'GET', path: `/guilds/${discord.guildId}/emojis`, status: 404 });
  });

  it('stores bulk command overwrites per guild and globally, keeping ids of commands that stay', async () => {
    const ask = { name: 'ask', description: 'Ask the knowledge base', options: [{ type: 3, name: 'question', description: 'Your question', required: true, autocomplete: true }] };
    const watch = { name: 'watch', description: 'Follow a company', name_localizations: { fr: 'suivre' } };
    const global = await client.application.commands.set([ask, watch]);
    await client.application.commands.set([watch], discord.guildId);
    expect(discord.state.commands.global.map((command) => command.name)).toEqual(['ask', 'watch']);
    expect(discord.state.commands.guilds.get(discord.guildId)?.map((command) => command.name)).toEqual(['watch']);
    const askId = global.find((command) => command.name === 'ask')?.id;
    await client.application.commands.set([ask]);
    expect(discord.state.commands.global.map((command) => [command.name, command.id])).toEqual([['ask', askId]]);
    await expect(client.application.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({
      code: 50035, rawError: { errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } },
    });
    const invocation = discord.chatInput({ name: 'ask', options: { question: '42' } });
    expect(invocation.data).toMatchObject({ id: askId, options: [{ name: 'question', type: 3, value: '42' }] });
  });
});

describe('gateway', () => {
  it('resumes after a dropped connection, replays what was missed, and keeps delivering interactions', async () => {
    const sessionsBefore = discord.gateway.sessions().length;
    const resumed = once(client, Events.ShardResume);
    discord.gateway.drop();
    const missed = discord.chatInput({ name: 'ask' });
    const answeredMissed = onInteraction(missed.id, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('caught up');
    });
    const missedHandle = discord.dispatchInteraction(missed);
    await resumed;
    await answeredMissed;
    expect((await missedHandle.waitForCallback()).data).toMatchObject({ content: 'caught up' });
    const session = await discord.gateway.waitForResumes(1);
    expect(session.lastReplayed).toBe(1);
    expect(discord.gateway.sessions()).toHaveLength(sessionsBefore);
    expect(discord.gateway.connections.at(-1)).toMatchObject({ path: '/resume', authenticatedBy: 'resume' });

    const after = discord.chatInput({ name: 'ask' });
    const answered = onInteraction(after.id, async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    });
    const handle = discord.dispatchInteraction(after);
    await answered;
    expect(handle.record.sequence).toBeGreaterThan(missedHandle.record.sequence);
    expect((await handle.waitForCallback()).type).toBe(4);
  });

  it('acknowledges heartbeats and closes with 4004 on a bad IDENTIFY token', async () => {
    const socket = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
    const next = async () => JSON.parse(((await once(socket, 'message')) as [Buffer])[0].toString()) as { op: number; d: unknown };
    expect(await next()).toMatchObject({ op: 10, d: { heartbeat_interval: discord.options.heartbeatIntervalMs } });
    socket.send(JSON.stringify({ op: 1, d: null }));
    expect(await next()).toMatchObject({ op: 11 });
    const closed = once(socket, 'close');
    socket.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' } } }));
    const [code] = (await closed) as [number];
    expect(code).toBe(4004);
  });

  it('speaks zlib-stream when asked', async () => {
    const socket = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const [frame] = (await once(socket, 'message')) as [Buffer];
    socket.terminate();
    expect(frame.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
    expect(JSON.parse(inflateSync(frame, { finishFlush: 2 }).toString())).toMatchObject({ op: 10 });
  });
});

describe('validation rules', () => {
  it('follows Discord limits for messages and commands', () => {
    expect(checkMessageBody({ content: 'x'.repeat(2000) }, { requireContent: true }).kind).toBe('ok');
    expect(checkMessageBody({ content: 'x'.repeat(2001) }, { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody({ content: '  ' }, { requireContent: true }).kind).toBe('empty');
    const rows = Array.from({ length: 6 }, () => ({ type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'a' }] }));
    expect(checkMessageBody({ components: rows }, { requireContent: true }).kind).toBe('invalid');
    const sixButtons = { type: 1, components: Array.from({ length: 6 }, (_, index) => ({ type: 2, style: 1, label: 'a', custom_id: `b${index}` })) };
    expect(checkMessageBody({ components: [sixButtons] }, { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody({ components: [{ type: 1, components: [{ type: 2, style: 1, label: 'a', custom_id: 'c'.repeat(101) }] }] }, { requireContent: true }).kind).toBe('invalid');
    const option = (value: string) => ({ label: value, value });
    const selectRow = (options: unknown[], extra: unknown[] = []) => ({ components: [{ type: 1, components: [{ type: 3, custom_id: 's', options }, ...extra] }] });
    expect(checkMessageBody(selectRow([option('a'), option('b')]), { requireContent: true }).kind).toBe('ok');
    expect(checkMessageBody(selectRow(Array.from({ length: 26 }, (_, index) => option(`o${index}`))), { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody(selectRow([option('a'), option('a')]), { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody(selectRow([option('x'.repeat(101))]), { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody(selectRow([option('a')], [{ type: 2, style: 1, label: 'b', custom_id: 'b' }]), { requireContent: true }).kind).toBe('invalid');
    expect(checkMessageBody({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, { requireContent: true }).kind).toBe('invalid');
    expect(checkCommandList([{ name: 'ok', description: 'd'.repeat(100) }]).size).toBe(0);
    expect(checkCommandList([{ name: 'ok', description: 'd'.repeat(101) }]).size).toBe(1);
    expect(checkCommandList([{ name: 'x'.repeat(33), description: 'd' }]).size).toBe(1);
    expect(checkCommandList([{ name: 'a', description: 'd' }, { name: 'a', description: 'd' }]).size).toBe(1);
  });
});
