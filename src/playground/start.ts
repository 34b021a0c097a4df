import { Events, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { untilDeadline } from '../async/deadline.ts';
import type { Config } from '../config.ts';
import { collectFeeds } from '../digest/collect/collect.ts';
import { restPoster } from '../digest/deliver/deliver.ts';
import { createDigestService } from '../digest/service/index.ts';
import type { Command } from '../discord/command.ts';
import { createDispatcher } from '../discord/dispatcher.ts';
import { createInFlight } from '../discord/in-flight.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Logger } from '../log.ts';
import { warmCharts } from '../render/chart/warm.ts';
import { createMemoryStore } from '../store/index.ts';
import { createPlaygroundClient } from './discord/client.ts';
import { createInteractionRegistry } from './discord/interactions.ts';
import { createMessageBoard, type MessageBoard } from './messages.ts';
import { startServer } from './server.ts';
import { createSnowflakes } from './snowflake.ts';
import { channelOf, createWorld, type PlaygroundWorld } from './world.ts';

export interface PlaygroundOptions {
  readonly config: Config;
  readonly kb: KnowledgeBase;
  readonly commands: readonly Command[];
  readonly log: Logger;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The digest reads only the bundled sample feed, served by the playground itself. */
  readonly demo: boolean;
}

export interface RunningPlayground {
  readonly url: string;
  readonly world: PlaygroundWorld;
  readonly board: MessageBoard;
  stop(deadline?: AbortSignal): Promise<void>;
}

export const SAMPLE_FEED_PATH = '/play/sample-feed.xml';

/**
 * The bot as in Discord — same command modules, dispatcher, renderers and digest service, on the real discord.js
 * client — whose REST points at the playground's own Discord stand-in, with a web page as the Discord client.
 * The store is in memory: the playground starts clean each time and leaves nothing behind.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { config, log, demo } = options;
  const world = createWorld();
  const board = createMessageBoard();
  const interactions = createInteractionRegistry();
  const snowflake = createSnowflakes();
  const definitions: RESTPostAPIChatInputApplicationCommandsJSONBody[] = options.commands.map((command) => command.data);
  const deps: Parameters<typeof startServer>[0] = { world, commands: definitions, board, interactions, snowflake, log, demo };
  const server = await startServer(deps, options.port);

  const sampleFeed = { id: 'playground-sample', label: 'Sample news (playground)', url: `${server.origin}${SAMPLE_FEED_PATH}`, language: 'en' as const, verified: true };
  const kb: KnowledgeBase = demo ? { ...options.kb, feeds: [sampleFeed] } : options.kb;
  // The sample feed is on loopback, which the fetcher refuses unless private addresses are allowed.
  const digestConfig = demo ? { ...config, feeds: { ...config.feeds, allowPrivate: true } } : config;
  const store = createMemoryStore();
  const { client, dispatch } = createPlaygroundClient(world, `${server.origin}/api`);
  const digest = createDigestService({ kb, store, poster: restPoster(client.rest), log, config: digestConfig });
  const inFlight = createInFlight();
  const dispatcher = createDispatcher({ commands: options.commands, kb, log, digest, inFlight });
  client.on(Events.InteractionCreate, (interaction) => void dispatcher(interaction));
  client.on(Events.Error, (error) => log.error('discord client error', { error }));
  deps.dispatch = dispatch;

  const stopAll = async () => {
    interactions.clear();
    await client.destroy();
    await store.close();
    await server.close();
  };
  try {
    const guildId = world.guildId;
    await digest.start({ guildId, channelId: channelOf(world, 'digest').id, locale: 'en' });
    // Demo: the sample items go into the pool at once (a new feed's first read normally only records what is there),
    // so /digest preview and /digest now have something to show.
    if (demo) await collectFeeds({ kb, store, log }, kb.feeds.map((feed) => ({ url: feed.url, label: feed.label })), { allowPrivate: true, seed: false, minRefetchMs: 0 });
  } catch (error) {
    await stopAll();
    throw error;
  }
  warmCharts(kb).catch((error: unknown) => log.warn('charts could not be drawn ahead; they will be drawn when asked', { error }));

  let stopping: Promise<void> | undefined;
  return {
    url: `${server.origin}/`,
    world,
    board,
    stop(deadline) {
      stopping ??= (async () => {
        inFlight.close();
        const finished = await untilDeadline(Promise.all([digest.stop(), inFlight.idle()]), deadline);
        if (!finished) await inFlight.interrupt();
        await stopAll();
      })();
      return stopping;
    },
  };
}
