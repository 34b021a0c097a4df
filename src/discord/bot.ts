import { Client, Events, GatewayIntentBits, type REST } from 'discord.js';
import type { DigestService } from '../digest/service/index.ts';
import { toLocale } from '../i18n/locale.ts';
import { createInFlight } from './in-flight.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import { untilDeadline } from '../async/deadline.ts';
import type { Command } from './command.ts';
import { createDispatcher } from './dispatcher.ts';
import { NO_MENTIONS } from './replies.ts';
import { SINGLE_SHARD, type Shards } from '../digest/schedule/ownership.ts';

export interface BotOptions {
  readonly token: string;
  /** REST base URL (e.g. http://127.0.0.1:PORT/api); the gateway URL is discovered through it. */
  readonly apiBase?: string | undefined;
  readonly commands: readonly Command[];
  readonly kb: KnowledgeBase;
  readonly log: Logger;
  /** Builds the daily digest over the client's REST (shared rate limits); started once the gateway is ready. */
  readonly digest?: ((rest: REST) => DigestService) | undefined;
  /** DIGEST_CHANNEL_ID: a channel that gets the digest on the default schedule. */
  readonly defaultDigestChannelId?: string | undefined;
  /** The shards this process opens (default: shard 0 of 1). */
  readonly shards?: Shards | undefined;
}

export interface RunningBot {
  readonly client: Client<true>;
  /**
   * Stops taking work (new interactions get a polite "restarting" reply), waits for the interactions and digest
   * runs under way, then leaves the gateway. When `deadline` aborts first, the users still waiting are told their
   * interaction was cut short and the bot leaves without waiting further. Calling it again returns the same stop.
   */
  stop(deadline?: AbortSignal): Promise<void>;
}

/** Logs in and resolves once the gateway session is ready. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { log } = options;
  const shards = options.shards ?? SINGLE_SHARD;
  const client = new Client({
    // Slash commands arrive as interactions whatever the intents; Guilds keeps the guild and channel cache.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: NO_MENTIONS,
    // Given explicitly: discord.js otherwise reads SHARDS and SHARD_COUNT from the environment (its own sharding
    // manager's variables), and every process would open every shard.
    shards: [...shards.ids],
    shardCount: shards.count,
    ...(options.apiBase === undefined ? {} : { rest: { api: options.apiBase } }),
  });
  const digest = options.digest?.(client.rest);
  const inFlight = createInFlight();
  const dispatch = createDispatcher({ commands: options.commands, kb: options.kb, log, digest, inFlight });
  client.on(Events.InteractionCreate, (interaction) => void dispatch(interaction));
  client.on(Events.Error, (error) => log.error('discord client error', { error }));
  client.on(Events.ShardDisconnect, (event) => log.warn('gateway disconnected', { code: event.code }));
  client.on(Events.ShardResume, () => log.info('gateway session resumed'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy();
    throw error;
  }
  const readyClient = await ready;
  if (digest !== undefined) {
    try {
      await digest.start(await defaultDigestChannel(readyClient, options.defaultDigestChannelId, log));
    } catch (error) {
      await readyClient.destroy();
      throw error;
    }
  }
  log.info('bot ready', { user: readyClient.user.tag, guilds: readyClient.guilds.cache.size, shards: shards.ids, shardCount: shards.count });

  let stopping: Promise<void> | undefined;
  return {
    client: readyClient,
    stop(deadline) {
      stopping ??= (async () => {
        inFlight.close();
        const finished = await untilDeadline(Promise.all([digest?.stop(), inFlight.idle()]), deadline);
        if (!finished) {
          log.warn('bot stop cut short', { interactions: inFlight.pending() });
          await inFlight.interrupt();
        }
        await readyClient.destroy();
        log.info('bot stopped', { finished });
      })();
      return stopping;
    },
  };
}

/** The server of DIGEST_CHANNEL_ID, read from Discord; undefined (with a warning) when the channel is not reachable. */
async function defaultDigestChannel(client: Client<true>, channelId: string | undefined, log: Logger) {
  if (channelId === undefined) return undefined;
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (channel === null || !('guild' in channel) || channel.guild === null) {
    log.warn('DIGEST_CHANNEL_ID is not a server channel the bot can see; ignoring it', { channelId });
    return undefined;
  }
  return { guildId: channel.guild.id, channelId, locale: toLocale(channel.guild.preferredLocale) };
}
