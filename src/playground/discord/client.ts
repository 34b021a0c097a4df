import { Client, ClientUser, GatewayIntentBits, type APIInteraction } from 'discord.js';
import { NO_MENTIONS } from '../../discord/replies.ts';
import { guildPayload, type PlaygroundWorld } from '../world.ts';

/** Never a real token: the client only ever talks to the playground's own REST on loopback. */
export const PLAYGROUND_TOKEN = 'playground-not-a-discord-token';

/** What the playground reaches inside discord.js: the work of the gateway's READY, GUILD_CREATE and INTERACTION_CREATE. */
interface ClientInternals {
  user: ClientUser | null;
  guilds: { _add(data: unknown): unknown };
  actions: { InteractionCreate: { handle(data: APIInteraction): void } };
}

/**
 * The real discord.js client, without a gateway: its cache is filled as READY and GUILD_CREATE would fill it, and an
 * interaction enters through the same action the gateway's INTERACTION_CREATE uses, so commands get the interaction
 * objects they get from Discord; every answer goes out through the client's REST, to `apiBase`.
 */
export function createPlaygroundClient(world: PlaygroundWorld, apiBase: string): { client: Client; dispatch(payload: APIInteraction): void } {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: NO_MENTIONS, rest: { api: apiBase } });
  client.rest.setToken(PLAYGROUND_TOKEN);
  const internals = client as unknown as ClientInternals;
  const user = new (ClientUser as unknown as new (client: Client, data: unknown) => ClientUser)(client, world.bot);
  internals.user = user;
  client.users.cache.set(user.id, user);
  internals.guilds._add(guildPayload(world));
  return { client, dispatch: (payload) => internals.actions.InteractionCreate.handle(payload) };
}
