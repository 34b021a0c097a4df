import type { Store } from '../../store/index.ts';
import { NEWS_HISTORY_MAX, newsKey, type NewsRecord } from '../state.ts';
import type { DigestItem } from '../types.ts';

/** The record of `item` delivered at `deliveredAt` (ISO). Feed text in it stays untrusted. */
export function newsRecordFor(item: DigestItem, deliveredAt: string): NewsRecord {
  return {
    itemId: item.id,
    title: item.title,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
    feedLabel: item.feedLabel,
    companies: [...item.companies],
    dimensions: [...item.dimensions],
    deliveredAt,
  };
}

/**
 * `records` merged into what the server was delivered: newest first, one record per item (a record delivered
 * again replaces the older one, so a resumed delivery never lists an item twice), at most `NEWS_HISTORY_MAX`.
 */
export function mergeNews(current: readonly NewsRecord[], records: readonly NewsRecord[]): NewsRecord[] {
  const fresh = new Set(records.map((record) => record.itemId));
  const merged = [...records, ...current.filter((record) => !fresh.has(record.itemId))];
  merged.sort((a, b) => (a.deliveredAt < b.deliveredAt ? 1 : a.deliveredAt > b.deliveredAt ? -1 : 0));
  return merged.slice(0, NEWS_HISTORY_MAX);
}

/** Adds `records` to the server's news history (see `mergeNews`). Rejects if the store write fails. */
export async function appendNews(store: Store, guildId: string, records: readonly NewsRecord[]): Promise<void> {
  if (records.length === 0) return;
  await store.namespace<NewsRecord[]>('history').update(newsKey(guildId), (current) => mergeNews(current ?? [], records));
}

/** What the server's digests delivered, newest first; with `companyId`, only the news tagged with it. */
export async function recentNews(store: Store, guildId: string, options: { companyId?: string; limit?: number } = {}): Promise<NewsRecord[]> {
  const all = (await store.namespace<NewsRecord[]>('history').get(newsKey(guildId))) ?? [];
  const { companyId, limit = NEWS_HISTORY_MAX } = options;
  const matching = companyId === undefined ? all : all.filter((record) => record.companies.includes(companyId));
  return matching.slice(0, limit);
}
