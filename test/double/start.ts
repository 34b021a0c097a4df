import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction } from 'discord.js';
import type { DiscordDouble, FaultControls, GatewayControls } from './double.ts';
import type { DoubleEnv } from './env.ts';
import { createGatewayHub } from './gateway/hub.ts';
import { createFaultQueue } from './http/faults.ts';
import { createRateLimiter } from './http/rate-limits.ts';
import { compileRoutePattern } from './http/route-pattern.ts';
import { createRestHandler } from './http/server.ts';
import { buildAutocomplete, buildButton, buildChatInput, buildSelect, type BuilderContext } from './interactions/builders.ts';
import { createInteractionHandle } from './interactions/handle.ts';
import { createStoredMessage, toApiMessage } from './messages.ts';
import { resolveOptions, type DoubleOptions } from './options.ts';
import { channelMessageRoutes } from './routes/channel-messages.ts';
import { commandRoutes } from './routes/commands.ts';
import { identityRoutes } from './routes/identity.ts';
import { interactionCallbackRoutes } from './routes/interaction-callback.ts';
import { interactionWebhookRoutes } from './routes/interaction-webhooks.ts';
import { createSnowflakes } from '../../src/playground/snowflake.ts';
import { channelHistory, createState, type InteractionRecord } from './state.ts';
import { createChangeFeed } from './wait.ts';
import { botUserPayload, createWorld, guildCreatePayload, makeBotToken } from './world.ts';

/** Starts the double on 127.0.0.1 with an ephemeral port. Close it with `close()`. */
export async function startDiscordDouble(input: DoubleOptions = {}): Promise<DiscordDouble> {
  const snowflake = createSnowflakes();
  const ids = { applicationId: snowflake(), guildId: snowflake(), channelId: snowflake(), userId: snowflake() };
  const options = resolveOptions(input, () => makeBotToken(ids.applicationId));
  const world = createWorld(ids, options, new Date().toISOString());
  const state = createState();
  const feed = createChangeFeed();
  const now = () => Date.now();
  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}/gateway`;
  const resumeUrl = () => `ws://127.0.0.1:${port}/resume`;

  const gateway = createGatewayHub({
    world, options, resumeUrl, now, notify: feed.notify,
    guildCreate: () => guildCreatePayload(world, channelHistory(state, world.channelId)[0]?.id ?? null),
  });
  const env: DoubleEnv = { state, world, options, gateway, snowflake, notify: feed.notify, now, knownUsers: [botUserPayload(world), world.user] };
  const faultQueue = createFaultQueue();
  const routes = [
    ...identityRoutes(env, gatewayUrl),
    ...channelMessageRoutes(env),
    ...commandRoutes(env),
    ...interactionCallbackRoutes(env),
    ...interactionWebhookRoutes(env),
  ];
  const server = createServer(createRestHandler({ env, routes, faults: faultQueue, limiter: createRateLimiter(options.rateLimit.limit, options.rateLimit.windowMs) }));
  server.on('upgrade', (request, socket, head) => gateway.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  const builderContext: BuilderContext = {
    world, snowflake,
    findCommand: (name) => (state.commands.guilds.get(world.guildId) ?? []).find((command) => command.name === name)
      ?? state.commands.global.find((command) => command.name === name),
  };

  function seedBotMessage(body: Record<string, unknown>) {
    const message = createStoredMessage({ id: snowflake(), channelId: world.channelId, guildId: world.guildId, author: world.botUser, source: 'seeded', body, now: now() });
    state.messages.set(message.id, message);
    feed.notify();
    return toApiMessage(message, env.knownUsers);
  }

  function dispatchInteraction(payload: APIInteraction, dispatchOptions: { readonly ackWindowMs?: number } = {}) {
    const record: InteractionRecord = {
      id: payload.id, token: payload.token, type: payload.type, payload, dispatchedAt: now(),
      ackWindowMs: dispatchOptions.ackWindowMs ?? options.ackWindowMs, sequence: 0,
      callback: null, originalMessageId: null, edits: [], followUps: [], deletions: [], rejections: [],
    };
    state.interactions.set(record.id, record);
    try {
      record.sequence = gateway.dispatch('INTERACTION_CREATE', payload);
    } catch (error) {
      state.interactions.delete(record.id);
      throw error;
    }
    return createInteractionHandle(record, state, feed);
  }

  const faults: FaultControls = {
    rateLimit: (route, { count = 1, retryAfterSeconds = 0.25, scope = 'user' } = {}) => faultQueue.add(route, count, { kind: 'rate-limit', retryAfterSeconds, scope }),
    serverError: (route, { count = 1, status = 500 } = {}) => faultQueue.add(route, count, { kind: 'server-error', status }),
    resetConnection: (route, { count = 1 } = {}) => faultQueue.add(route, count, { kind: 'reset' }),
    denyMessages: (channelId = world.channelId) => void state.deniedChannels.add(channelId),
    allowMessages: (channelId = world.channelId) => void state.deniedChannels.delete(channelId),
    pending: () => faultQueue.pending(),
    clear: () => {
      faultQueue.clear();
      state.deniedChannels.clear();
    },
  };

  const gatewayControls: GatewayControls = {
    url: gatewayUrl(),
    resumeUrl: resumeUrl(),
    sessions: () => gateway.sessions(),
    connections: gateway.connections,
    drop: (dropOptions) => gateway.drop(dropOptions),
    requestReconnect: () => gateway.requestReconnect(),
    invalidateSession: (resumable) => gateway.invalidateSession(resumable),
    dispatch: (event, data) => gateway.dispatch(event, data),
    waitForResumes: (count = 1, waitOptions = {}) => feed.waitFor(() => {
      const sessions = gateway.sessions();
      const total = sessions.reduce((sum, session) => sum + session.resumes, 0);
      return total >= count ? sessions.findLast((session) => session.resumes > 0) : undefined;
    }, { what: `${count} gateway resume(s)`, ...waitOptions }),
    waitForSessions: (count = 1, waitOptions = {}) => feed.waitFor(() => gateway.sessions()[count - 1], { what: `${count} gateway session(s)`, ...waitOptions }),
  };

  const requestsTo = (route: string) => {
    const pattern = compileRoutePattern(route);
    return state.requests.filter((request) => pattern.match(request.method, request.path) !== null);
  };

  return {
    apiBase: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    token: world.token,
    applicationId: world.applicationId,
    botUserId: world.botUser.id,
    guildId: world.guildId,
    channelId: world.channelId,
    userId: world.user.id,
    options,
    state,
    faults,
    gateway: gatewayControls,
    chatInput: (chatInput) => buildChatInput(builderContext, chatInput),
    autocomplete: (autocomplete) => buildAutocomplete(builderContext, autocomplete),
    button: ({ message, ...rest }) => buildButton(builderContext, {
      ...rest,
      message: message ?? seedBotMessage({ content: 'Buttons', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Click', custom_id: rest.customId }] }] }),
    }),
    select: (selectInput) => buildSelect(builderContext, selectInput),
    dispatchInteraction,
    seedBotMessage,
    messagesIn: (channelId = world.channelId) => channelHistory(state, channelId),
    requestsTo,
    waitForRequest: (route, { count = 1, ...waitOptions } = {}) => feed.waitFor(
      () => requestsTo(route).filter((request) => request.respondedAt !== null)[count - 1],
      { what: `request #${count} to ${route}`, ...waitOptions },
    ),
    waitForMessage: (where = () => true, { channelId = world.channelId, ...waitOptions } = {}) => feed.waitFor(
      () => channelHistory(state, channelId).find(where),
      { what: `a message in channel ${channelId}`, ...waitOptions },
    ),
    waitFor: (check, waitOptions) => feed.waitFor(check, waitOptions),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
