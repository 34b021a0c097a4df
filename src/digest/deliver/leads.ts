import { groupStories } from '../../feeds/identify/same-story.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import { retreatSubject } from '../../feeds/tag/retreat-subject.ts';
import type { Store } from '../../store/index.ts';
import { MAX_STORY_COPIES } from '../pool-copies.ts';
import type { DigestItem, StoryCopy } from '../types.ts';

/**
 * The possible new retreats a server's digests delivered, kept for /leads: namespace `history`, key
 * `leadsKey(guildId)`, a `LeadRecord[]` newest first, at most LEADS_MAX, none older than LEADS_TTL_MS.
 */
export const LEADS_MAX = 500;
export const LEADS_TTL_MS = 365 * 24 * 60 * 60 * 1000;
export const leadsKey = (guildId: string) => `leads:${guildId}`;

/** A possible new retreat shown in a server's digest. Its title, link, outlets and subject are UNTRUSTED feed text. */
export interface LeadRecord {
  /** The delivered item's id. */
  readonly id: string;
  readonly title: string;
  readonly link?: string;
  /** ISO 8601, as the feed dates the item. */
  readonly publishedAt?: string;
  /** ISO 8601: when Discord accepted the digest message that showed it (first time). */
  readonly deliveredAt: string;
  /** The outlet the digest showed it from, then the other outlets that carried the same story, each feed once. */
  readonly outlets: readonly StoryCopy[];
  /** Knowledge-base actor ids the item names, as tagged when it was collected. */
  readonly companies: readonly string[];
  /** Who seems to be retreating, guessed from the text (see `retreatSubject`), when there is a guess. */
  readonly subject?: string;
  /** The words that flagged it: the retreat action, then the Chinese context, as matched (folded). */
  readonly words: readonly string[];
  /** Set once an admin dismissed it, or the same story: it is not listed any more. */
  readonly dismissed?: { readonly at: string; readonly by: string };
}

/** The quoted words of the item's reasons labelled `label` ('possible retreat: "closes"' → "closes"). */
function quotedReasons(item: DigestItem, label: string): string[] {
  const prefix = `${label}: "`;
  return item.reasons.flatMap((reason) => (reason.startsWith(prefix) && reason.endsWith('"') ? [reason.slice(prefix.length, -1)] : []));
}

/** The record of a flagged `item` delivered at `deliveredAt` (ISO). */
export function leadRecordFor(item: DigestItem, deliveredAt: string): LeadRecord {
  const subject = retreatSubject(item);
  return {
    id: item.id,
    title: item.title,
    ...(item.link === undefined ? {} : { link: item.link }),
    ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
    deliveredAt,
    outlets: outletsOf(item),
    companies: [...item.companies],
    ...(subject === undefined ? {} : { subject }),
    words: [...quotedReasons(item, 'possible retreat'), ...quotedReasons(item, 'china context')],
  };
}

/** The item's own outlet, then those of the copies the pool dropped. */
function outletsOf(item: DigestItem): StoryCopy[] {
  const own: StoryCopy = { feedUrl: item.feedUrl, feedLabel: item.feedLabel, ...(item.link === undefined ? {} : { link: item.link }) };
  return mergeOutlets([own], item.alsoIn ?? []);
}

/** `current`, then the outlets of `more` on feeds it does not have yet; at most one more than MAX_STORY_COPIES. */
export function mergeOutlets(current: readonly StoryCopy[], more: readonly StoryCopy[]): StoryCopy[] {
  const feeds = new Set(current.map((outlet) => normalizeUrl(outlet.feedUrl)));
  const added = more.filter((outlet) => {
    const feed = normalizeUrl(outlet.feedUrl);
    return !feeds.has(feed) && feeds.add(feed);
  });
  return added.length === 0 ? [...current] : [...current, ...added].slice(0, MAX_STORY_COPIES + 1);
}

function timeOf(iso: string | undefined): number {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * `records` merged into a server's leads (pure): a lead delivered again (a resumed delivery) keeps its first
 * delivery time and its dismissal and gains any new outlet; `outlets` (by lead id: the pool's latest copies of its
 * story) adds outlets that carried a story after it was delivered. Leads older than LEADS_TTL_MS before `now` go;
 * newest first, at most LEADS_MAX.
 */
export function mergeLeads(
  current: readonly LeadRecord[],
  records: readonly LeadRecord[],
  now: string,
  outlets: ReadonlyMap<string, readonly StoryCopy[]> = new Map(),
): LeadRecord[] {
  const oldest = timeOf(now) - LEADS_TTL_MS;
  const byId = new Map<string, LeadRecord>();
  for (const record of current) if (timeOf(record.deliveredAt) >= oldest) byId.set(record.id, record);
  for (const record of records) {
    const known = byId.get(record.id);
    byId.set(record.id, known === undefined ? record : { ...known, outlets: mergeOutlets(known.outlets, record.outlets) });
  }
  for (const [id, more] of outlets) {
    const known = byId.get(id);
    if (known !== undefined) byId.set(id, { ...known, outlets: mergeOutlets(known.outlets, more) });
  }
  return [...byId.values()]
    .sort((a, b) => timeOf(b.deliveredAt) - timeOf(a.deliveredAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, LEADS_MAX);
}

/** A server's leads, newest first (empty when it has none). */
export async function readLeads(store: Store, guildId: string): Promise<LeadRecord[]> {
  return (await store.namespace<LeadRecord[]>('history').get(leadsKey(guildId))) ?? [];
}

/**
 * Records the possible retreats among `shown` (the items of one digest message Discord accepted) as the server's
 * leads, in one atomic update; with them, or alone when the server already has leads that `pool` knows more
 * outlets for, the outlets that carried its leads' stories since. Idempotent. Rejects if the store write fails.
 */
export async function recordLeads(
  store: Store,
  guildId: string,
  shown: readonly DigestItem[],
  pool: ReadonlyMap<string, DigestItem>,
  deliveredAt: string,
): Promise<void> {
  const records = shown.filter((item) => item.possibleRetreat).map((item) => leadRecordFor(item, deliveredAt));
  const outlets = new Map<string, StoryCopy[]>();
  for (const item of pool.values()) if (item.possibleRetreat && item.alsoIn !== undefined) outlets.set(item.id, item.alsoIn);
  if (records.length === 0) {
    if (outlets.size === 0) return;
    // Only a refresh: worth a write only if a stored lead gains an outlet (checked again inside the update).
    const current = await readLeads(store, guildId);
    if (!current.some((record) => gainsOutlet(record, outlets.get(record.id)))) return;
  }
  await store
    .namespace<LeadRecord[]>('history')
    .update(leadsKey(guildId), (current) => mergeLeads(current ?? [], records, deliveredAt, outlets), LEADS_TTL_MS);
}

function gainsOutlet(record: LeadRecord, more: readonly StoryCopy[] | undefined): boolean {
  return more !== undefined && mergeOutlets(record.outlets, more).length > record.outlets.length;
}

/** What a dismissal did. */
export type DismissOutcome = 'dismissed' | 'already-dismissed' | 'unknown';

/**
 * The leads with the story of lead `leadId` dismissed (pure): every record of that story (as `groupStories` groups
 * them) not dismissed yet gets `{ at, by }`. Unchanged when there is no such lead.
 */
export function dismissInLeads(records: readonly LeadRecord[], leadId: string, by: string, at: string): LeadRecord[] {
  const stories = groupStories(records.map((record, position) => ({ position, ...storyView(record) })));
  const story = stories.find((group) => group.some((view) => records[view.position]?.id === leadId));
  if (story === undefined) return [...records];
  const positions = new Set(story.map((view) => view.position));
  return records.map((record, position) => (positions.has(position) && record.dismissed === undefined ? { ...record, dismissed: { at, by } } : record));
}

/** What story comparison reads of a lead. */
export function storyView(record: LeadRecord): { title: string; link?: string; published?: string } {
  return {
    title: record.title,
    ...(record.link === undefined ? {} : { link: record.link }),
    ...(record.publishedAt === undefined ? {} : { published: record.publishedAt }),
  };
}

/**
 * Dismisses lead `leadId` of the server and the rest of its story, in one atomic update, so it is not listed again.
 * `unknown`: the server has no such lead (any more); `already-dismissed`: someone was first.
 */
export async function dismissLead(store: Store, guildId: string, leadId: string, by: string, at: string): Promise<DismissOutcome> {
  const leads = await store
    .namespace<LeadRecord[]>('history')
    .update(leadsKey(guildId), (current) => dismissInLeads(current ?? [], leadId, by, at), LEADS_TTL_MS);
  const lead = leads.find((record) => record.id === leadId);
  if (lead?.dismissed === undefined) return 'unknown';
  return lead.dismissed.at === at && lead.dismissed.by === by ? 'dismissed' : 'already-dismissed';
}
