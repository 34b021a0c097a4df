import { normalizeUrl } from '../feeds/identify/url.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { Store } from '../store/index.ts';
import { getGuildSettings } from './guilds.ts';
import { readLeads, type LeadRecord } from './deliver/leads.ts';
import { trackedFeeds } from './collect/tracked-feeds.ts';

/** What /leads reads of a server: its leads and the feeds it tracks (normalised URLs: the defaults and its own). */
export interface ServerLeads {
  readonly records: readonly LeadRecord[];
  readonly tracked: ReadonlySet<string>;
}

export async function readServerLeads(store: Store, kb: KnowledgeBase, guildId: string): Promise<ServerLeads> {
  const [records, settings] = await Promise.all([readLeads(store, guildId), getGuildSettings(store, guildId)]);
  const feeds = settings === undefined ? kb.feeds : trackedFeeds(kb, settings);
  return { records, tracked: new Set(feeds.map((feed) => normalizeUrl(feed.url))) };
}
