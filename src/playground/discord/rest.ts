import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType, type APIApplicationCommandOptionChoice } from 'discord.js';
import type { Logger } from '../../log.ts';
import type { MessageBoard, PlayMessage } from '../messages.ts';
import { guildPayload, memberPayload, textChannelPayload, type PlaygroundWorld } from '../world.ts';
import { readBody, type RequestBody } from './body.ts';
import type { InteractionRegistry, OpenInteraction } from './interactions.ts';
import { applyBody, isEphemeral, toApiMessage, type MessageBody } from './message-body.ts';

export interface DiscordRestDeps {
  readonly world: PlaygroundWorld;
  readonly board: MessageBoard;
  readonly interactions: InteractionRegistry;
  readonly snowflake: () => string;
  readonly log: Logger;
}

type Reply = { status: number; body?: unknown };
type Handler = (match: RegExpExecArray, body: RequestBody, query: URLSearchParams) => Reply | Promise<Reply>;

const notFound = (message: string, code: number): Reply => ({ status: 404, body: { message, code } });
const UNKNOWN_INTERACTION = notFound('Unknown interaction', 10062);
const UNKNOWN_MESSAGE = notFound('Unknown Message', 10008);
const UNKNOWN_CHANNEL = notFound('Unknown Channel', 10003);
const UNKNOWN_WEBHOOK = notFound('Unknown Webhook', 10015);

/**
 * The part of Discord's REST API (v10) the bot calls: interaction callbacks, the interaction webhook (edit, follow
 * up, delete), channel messages (the digest) and the channel and member reads of /digest setup. Anything else is
 * a 404, logged, so a new call the bot makes shows up at once.
 */
export function createDiscordRest(deps: DiscordRestDeps): (request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams) => Promise<void> {
  const { world, board, interactions, snowflake } = deps;
  const channelIds = new Set(world.channels.map((channel) => channel.id));

  const newMessage = (channelId: string, fields: Partial<PlayMessage>): PlayMessage => ({
    id: snowflake(), channelId, author: 'bot', ephemeral: false, thinking: false, content: '', embeds: [], components: [], attachments: [], createdAt: Date.now(), ...fields,
  });

  function post(channelId: string, body: RequestBody, fields: Partial<PlayMessage>): PlayMessage {
    return board.add(applyBody(newMessage(channelId, fields), body.json as MessageBody, body.files, snowflake));
  }

  function edit(id: string, body: RequestBody): PlayMessage | undefined {
    return board.update(id, (message) => ({ ...applyBody(message, body.json as MessageBody, body.files, snowflake), thinking: false, editedAt: message.thinking ? undefined : Date.now() }));
  }

  function callback(interaction: OpenInteraction, body: RequestBody): Reply {
    if (interaction.acknowledged) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
    const type = body.json.type;
    const data = (body.json.data ?? {}) as MessageBody & { choices?: APIApplicationCommandOptionChoice[] };
    const inner: RequestBody = { json: data as Record<string, unknown>, files: body.files };
    const fromCommand = { ephemeral: isEphemeral(data), command: interaction.command };
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        interaction.originalId = post(interaction.channelId, inner, fromCommand).id;
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        interaction.originalId = board.add(newMessage(interaction.channelId, { ...fromCommand, thinking: true })).id;
        break;
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage:
        if (interaction.messageId === undefined) return { status: 400, body: { message: 'Invalid interaction application command', code: 50035 } };
        interaction.originalId = interaction.messageId;
        if (type === InteractionResponseType.UpdateMessage && edit(interaction.messageId, inner) === undefined) return UNKNOWN_MESSAGE;
        break;
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        interaction.respond(Array.isArray(data.choices) ? data.choices.slice(0, 25) : []);
        break;
      default:
        return { status: 400, body: { message: `The playground does not show interaction responses of type ${String(type)}`, code: 50035 } };
    }
    interaction.acknowledged = true;
    return { status: 204 };
  }

  /** The message `@original` or an id names, for an interaction's webhook. */
  function webhookMessage(interaction: OpenInteraction, which: string): string | undefined {
    return decodeURIComponent(which) === '@original' ? interaction.originalId : board.get(which)?.id;
  }

  const withInteraction = (token: string | undefined, then: (interaction: OpenInteraction) => Reply): Reply => {
    const interaction = interactions.byToken(token ?? '');
    return interaction === undefined ? UNKNOWN_WEBHOOK : then(interaction);
  };

  const routes: [string, RegExp, Handler][] = [
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (m, body) => {
      const interaction = interactions.byToken(m[2] ?? '');
      return interaction === undefined || interaction.id !== m[1] ? UNKNOWN_INTERACTION : callback(interaction, body);
    }],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (m, body) => withInteraction(m[2], (interaction) => {
      if (!interaction.acknowledged) return UNKNOWN_WEBHOOK;
      const original = interaction.originalId === undefined ? undefined : board.get(interaction.originalId);
      // Discord: the first follow-up of a deferred reply fills the "thinking…" message.
      if (original?.thinking === true) return { status: 200, body: toApiMessage(world, edit(original.id, body) ?? original) };
      return { status: 200, body: toApiMessage(world, post(interaction.channelId, body, { ephemeral: isEphemeral(body.json as MessageBody) })) };
    })],
    ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, (m) => withInteraction(m[2], (interaction) => {
      const message = board.get(webhookMessage(interaction, m[3] ?? '') ?? '');
      return message === undefined ? UNKNOWN_MESSAGE : { status: 200, body: toApiMessage(world, message) };
    })],
    ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, (m, body) => withInteraction(m[2], (interaction) => {
      const message = edit(webhookMessage(interaction, m[3] ?? '') ?? '', body);
      return message === undefined ? UNKNOWN_MESSAGE : { status: 200, body: toApiMessage(world, message) };
    })],
    ['DELETE', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/, (m) => withInteraction(m[2], (interaction) =>
      board.remove(webhookMessage(interaction, m[3] ?? '') ?? '') ? { status: 204 } : UNKNOWN_MESSAGE)],
    ['POST', /^\/channels\/(\d+)\/messages$/, (m, body) => {
      const channelId = m[1] ?? '';
      if (!channelIds.has(channelId)) return UNKNOWN_CHANNEL;
      // The digest posts with a nonce and enforce_nonce: a repeated nonce returns the earlier message.
      return { status: 200, body: toApiMessage(world, post(channelId, body, {})) };
    }],
    ['GET', /^\/channels\/(\d+)\/messages$/, (m, _body, query) => {
      const channelId = m[1] ?? '';
      if (!channelIds.has(channelId)) return UNKNOWN_CHANNEL;
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50) || 50));
      const messages = board.list(channelId).filter((message) => !message.ephemeral).reverse().slice(0, limit);
      return { status: 200, body: messages.map((message) => toApiMessage(world, message)) };
    }],
    ['GET', /^\/channels\/(\d+)$/, (m) => {
      const channel = world.channels.find((c) => c.id === m[1]);
      return channel === undefined ? UNKNOWN_CHANNEL : { status: 200, body: textChannelPayload(world, channel, world.channels.indexOf(channel)) };
    }],
    ['GET', /^\/guilds\/(\d+)$/, (m) => (m[1] === world.guildId ? { status: 200, body: guildPayload(world) } : notFound('Unknown Guild', 10004))],
    ['GET', /^\/guilds\/(\d+)\/channels$/, (m) => (m[1] === world.guildId ? { status: 200, body: guildPayload(world).channels } : notFound('Unknown Guild', 10004))],
    ['GET', /^\/guilds\/(\d+)\/members\/(\d+)$/, (m) => {
      if (m[1] !== world.guildId) return notFound('Unknown Guild', 10004);
      if (m[2] === world.bot.id) return { status: 200, body: { user: world.bot, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 } };
      return m[2] === world.user.id ? { status: 200, body: memberPayload(world) } : notFound('Unknown Member', 10007);
    }],
  ];

  return async (request, response, path, query) => {
    let reply: Reply;
    try {
      const route = routes.find(([method, pattern]) => method === request.method && pattern.test(path));
      if (route === undefined) {
        deps.log.warn('playground: the bot called a Discord route the playground does not have', { method: request.method, path });
        reply = { status: 404, body: { message: '404: Not Found', code: 0 } };
      } else {
        const body = request.method === 'GET' || request.method === 'DELETE' ? { json: {}, files: [] } : await readBody(request);
        reply = await route[2](route[1].exec(path) as RegExpExecArray, body, query);
      }
    } catch (error) {
      deps.log.warn('playground: bad request from the bot', { method: request.method, path, error });
      reply = { status: 400, body: { message: 'Invalid Form Body', code: 50035 } };
    }
    response.writeHead(reply.status, reply.body === undefined ? {} : { 'content-type': 'application/json' });
    response.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  };
}
