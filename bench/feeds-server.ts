import { fileURLToPath } from 'node:url';
import { forkHelper } from './child.ts';
import type { CorpusSpec } from './feed-corpus.ts';
import type { HostCommand, HostedFeed, HostStats } from './feed-host.ts';

/**
 * The benchmark's feed server, in a CHILD PROCESS rather than a worker thread: a worker would live in the
 * bot's process, so its memory would count in the process-wide RSS we measure and its work would run beside
 * the pipeline's own threads. A child process keeps both apart; only the loopback sockets are shared.
 */
export interface FeedHost {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly feeds: readonly (HostedFeed & { readonly url: string })[];
  stats(): Promise<HostStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

const HOST_MODULE = fileURLToPath(new URL('./feed-host.ts', import.meta.url));

/** Starts the feed host on 127.0.0.1 with the corpus of `spec`, every response delayed `delayMs`. */
export async function startFeedHost(spec: CorpusSpec, delayMs: number): Promise<FeedHost> {
  const host = forkHelper<HostCommand>(HOST_MODULE);
  try {
    const started = await host.call({ kind: 'start', spec, delayMs });
    const origin = started['origin'] as string;
    const feeds = (started['feeds'] as HostedFeed[]).map((feed) => ({ ...feed, url: `${origin}${feed.path}` }));
    return {
      origin,
      feeds,
      stats: async () => (await host.call({ kind: 'stats' }))['stats'] as HostStats,
      resetStats: async () => void (await host.call({ kind: 'reset' })),
      close: () => host.close(),
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}
