import type { DoubleEnv } from '../env.ts';
import { GUILD_MESSAGES_INTENT } from '../gateway/payloads.ts';
import { Errors, type DoubleResponse } from '../http/errors.ts';
import { route, type Route, type RouteContext } from '../http/route.ts';
import { applyMessageEdit, createStoredMessage, toApiMessage, type StoredMessage } from '../messages.ts';
import { channelHistory } from '../state.ts';
import { createFormErrors, isRecord } from '../validate/form.ts';
import { checkMessageBody, type MessageCheck } from '../validate/message.ts';

/** Answers a failed message check with Discord's error, or `undefined` when the body is fine. */
export function messageCheckError(check: MessageCheck): DoubleResponse | undefined {
  if (check.kind === 'invalid') return Errors.invalidFormBody(check.errors.tree);
  if (check.kind === 'empty') return Errors.emptyMessage();
  return undefined;
}

/** `POST/GET /channels/{id}/messages` and single-message GET/PATCH/DELETE, with nonce deduplication. */
export function channelMessageRoutes(env: DoubleEnv): Route[] {
  const { state, world } = env;
  const api = (message: StoredMessage) => toApiMessage(message, env.knownUsers);
  // The text channel, and any extra text channel (type 0): servers of a sharded bot post in those.
  const knownChannel = (context: RouteContext) =>
    context.params['channelId'] === world.channelId || world.extraChannels.some((channel) => channel.id === context.params['channelId'] && channel.type === 0);
  const findMessage = (context: RouteContext) => {
    const message = state.messages.get(context.params['messageId'] ?? '');
    return message && message.channelId === context.params['channelId'] ? message : undefined;
  };

  function create(context: RouteContext): DoubleResponse {
    const channelId = context.params['channelId'] ?? '';
    if (!knownChannel(context)) return Errors.unknownChannel();
    if (state.deniedChannels.has(channelId)) return { ...Errors.missingPermissions(), fault: 'missing-permissions' };
    const failure = messageCheckError(checkMessageBody(context.body, { requireContent: true, hasFiles: context.files.length > 0 }));
    if (failure) return failure;
    const body = isRecord(context.body) ? context.body : {};
    const nonce = body['nonce'];
    if (body['enforce_nonce'] === true && nonce !== undefined && nonce !== null) {
      const existing = [...state.messages.values()].find((message) =>
        message.channelId === channelId && message.nonce === nonce && message.author.id === world.botUser.id
        && context.now - message.createdAt <= env.options.nonceWindowMs);
      if (existing) return { status: 200, body: api(existing) };
    }
    const message = createStoredMessage({
      id: env.snowflake(), channelId, guildId: world.guildId, author: world.botUser, source: 'channel',
      body: context.body, files: context.files, now: context.now,
    });
    state.messages.set(message.id, message);
    env.gateway.dispatchToIntent(GUILD_MESSAGES_INTENT, 'MESSAGE_CREATE', { ...api(message), guild_id: world.guildId });
    return { status: 200, body: api(message) };
  }

  function list(context: RouteContext): DoubleResponse {
    if (!knownChannel(context)) return Errors.unknownChannel();
    const limit = Number(context.query.get('limit') ?? '50');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      const errors = createFormErrors();
      errors.add(['limit'], { code: 'NUMBER_TYPE_MAX', message: 'Int should be less than or equal to 100.' });
      return Errors.invalidFormBody(errors.tree);
    }
    const before = context.query.get('before');
    const after = context.query.get('after');
    let history = channelHistory(state, context.params['channelId'] ?? world.channelId);
    if (before) history = history.filter((message) => BigInt(message.id) < BigInt(before));
    if (after) history = history.filter((message) => BigInt(message.id) > BigInt(after)).slice(-limit);
    return { status: 200, body: history.slice(0, limit).map(api) };
  }

  return [
    route('POST /channels/:channelId/messages', 'bot', create),
    route('GET /channels/:channelId/messages', 'bot', list),
    route('GET /channels/:channelId/messages/:messageId', 'bot', (context) => {
      const message = findMessage(context);
      return message ? { status: 200, body: api(message) } : Errors.unknownMessage();
    }),
    route('PATCH /channels/:channelId/messages/:messageId', 'bot', (context) => {
      const message = findMessage(context);
      if (!message) return Errors.unknownMessage();
      const failure = messageCheckError(checkMessageBody(context.body, { requireContent: false }));
      if (failure) return failure;
      applyMessageEdit(message, context.body, context.files, context.now);
      return { status: 200, body: api(message) };
    }),
    route('DELETE /channels/:channelId/messages/:messageId', 'bot', (context) => {
      const message = findMessage(context);
      if (!message) return Errors.unknownMessage();
      state.messages.delete(message.id);
      state.deletedMessages.push(message);
      return { status: 204 };
    }),
  ];
}
