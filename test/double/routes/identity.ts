import type { DoubleEnv } from '../env.ts';
import { Errors } from '../http/errors.ts';
import { route, type Route } from '../http/route.ts';
import { channelHistory } from '../state.ts';
import { applicationPayload, botUserPayload, guildCreatePayload, textChannelPayload } from '../world.ts';

/** Gateway discovery, the bot's user and application, its guild and channel. */
export function identityRoutes(env: DoubleEnv, gatewayUrl: () => string): Route[] {
  const { world } = env;
  const lastMessageId = () => channelHistory(env.state, world.channelId)[0]?.id ?? null;
  const guild = () => {
    const { channels: _channels, members: _members, threads: _threads, presences: _presences, voice_states: _voice, ...rest } = guildCreatePayload(world, lastMessageId());
    return rest;
  };
  return [
    route('GET /gateway', 'none', () => ({ status: 200, body: { url: gatewayUrl() } })),
    route('GET /gateway/bot', 'bot', () => ({
      status: 200,
      body: { url: gatewayUrl(), shards: env.options.shardCount, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } },
    })),
    route('GET /users/@me', 'bot', () => ({ status: 200, body: botUserPayload(world) })),
    route('GET /applications/@me', 'bot', () => ({ status: 200, body: applicationPayload(world) })),
    route('GET /oauth2/applications/@me', 'bot', () => ({ status: 200, body: applicationPayload(world) })),
    route('GET /guilds/:guildId', 'bot', ({ params }) => (params['guildId'] === world.guildId ? { status: 200, body: guild() } : Errors.unknownGuild())),
    route('GET /guilds/:guildId/channels', 'bot', ({ params }) =>
      params['guildId'] === world.guildId ? { status: 200, body: [textChannelPayload(world, lastMessageId()), ...world.extraChannels] } : Errors.unknownGuild()),
    route('GET /channels/:channelId', 'bot', ({ params }) => {
      if (params['channelId'] === world.channelId) return { status: 200, body: textChannelPayload(world, lastMessageId()) };
      const extra = world.extraChannels.find((channel) => channel.id === params['channelId']);
      return extra === undefined ? Errors.unknownChannel() : { status: 200, body: extra };
    }),
  ];
}
