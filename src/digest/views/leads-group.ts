import { UserError } from '../../errors.ts';
import { groupStories } from '../../feeds/identify/same-story.ts';
import { normalizeUrl } from '../../feeds/identify/url.ts';
import { tagItem } from '../../feeds/tag/relevance.ts';
import { compactQuery } from '../../kb/name-index.ts';
import { requireCompany, resolveCompany } from '../../kb/query.ts';
import type { Company } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { mergeOutlets, storyView, type LeadRecord } from '../deliver/leads.ts';
import type { StoryCopy } from '../types.ts';

/** /leads' period: 30 days unless asked, from 1 to 365 (leads are kept about a year). */
export const LEADS_DEFAULT_DAYS = 30;
export const LEADS_MIN_DAYS = 1;
export const LEADS_MAX_DAYS = 365;
/** A subject filter is kept in a button's custom id: at most this many characters of it. */
const MAX_SUBJECT_KEY = 32;
const DAY_MS = 24 * 60 * 60 * 1000;

/** One story among the leads: the records of it the server was delivered, from one outlet or several. */
export interface LeadStory {
  /** The id the dismiss button carries: the story's newest record. */
  readonly id: string;
  /** UNTRUSTED feed text, as the newest record has it. */
  readonly title: string;
  readonly link?: string;
  readonly publishedAt?: string;
  /** When the server's digest first showed the story's newest record. */
  readonly deliveredAt: string;
  /** Each outlet once: those the digests showed it from, then the server's other feeds that carried it. */
  readonly outlets: readonly StoryCopy[];
  /** The words that flagged it. */
  readonly words: readonly string[];
  /** Knowledge-base company ids it names (actors of type company). */
  readonly companyIds: readonly string[];
}

/** The leads about one company: known to the knowledge base, or only guessed from the text (`subject`). */
export interface LeadCompany {
  readonly company?: Company;
  /** Who seems to be retreating when the knowledge base does not know it (UNTRUSTED); absent when nobody was guessed. */
  readonly subject?: string;
  readonly stories: readonly LeadStory[];
}

export interface LeadsView {
  /** By company, the company with the newest lead first; each company's stories newest first. */
  readonly companies: readonly LeadCompany[];
  /** Stories of the period left out because an admin dismissed them. */
  readonly dismissed: number;
}

/** Which leads a company option asks for: a company of the knowledge base, or a name it does not know yet. */
export type LeadFilter = { readonly kind: 'company'; readonly id: string } | { readonly kind: 'subject'; readonly key: string };

export interface LeadQuery {
  readonly now: Date;
  readonly days: number;
  /** The normalised URLs of the feeds the server tracks: other servers' feeds are never shown or counted. */
  readonly tracked: ReadonlySet<string>;
  readonly filter?: LeadFilter | undefined;
}

/** The number of days asked for, checked: a whole number from 1 to 365 (`typed`: as the user wrote it, for the error). */
export function checkLeadDays(days: number | undefined, typed: string = String(days)): number {
  if (days === undefined) return LEADS_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < LEADS_MIN_DAYS || days > LEADS_MAX_DAYS) {
    const echo = typed.length > 20 ? `${typed.slice(0, 19)}…` : typed;
    throw new UserError({
      en: `The period must be a whole number of days from ${LEADS_MIN_DAYS} to ${LEADS_MAX_DAYS}, not “${echo}”.`,
      fr: `La période doit être un nombre entier de jours entre ${LEADS_MIN_DAYS} et ${LEADS_MAX_DAYS}, pas « ${echo} ».`,
    });
  }
  return days;
}

function isCompany(kb: KnowledgeBase, id: string): boolean {
  return kb.companies.get(id)?.type === 'company';
}

/**
 * The knowledge base's actors the story's records name, as tagged; when none is a company, also those the current
 * knowledge base finds in their titles (it may have learnt the company since the lead was recorded).
 */
function storyActors(kb: KnowledgeBase, records: readonly LeadRecord[]): string[] {
  const tagged = [...new Set(records.flatMap((record) => record.companies))].filter((id) => kb.companies.has(id));
  if (tagged.some((id) => isCompany(kb, id))) return tagged;
  const found = records.flatMap((record) => tagItem(kb, { title: record.title, summary: '' }).companies);
  return [...new Set([...tagged, ...found])];
}

function subjectOf(records: readonly LeadRecord[]): string | undefined {
  return records.find((record) => record.subject !== undefined && record.subject.trim() !== '')?.subject;
}

/** The subject as a filter key: folded, without spaces or punctuation, short enough for a custom id. */
export function subjectKey(subject: string): string {
  return compactQuery(subject).replace(/[^\p{L}\p{N}]/gu, '').slice(0, MAX_SUBJECT_KEY);
}

/** Each record's own outlet, and the server's other feeds that carried its story. */
function storyOutlets(records: readonly LeadRecord[], tracked: ReadonlySet<string>): StoryCopy[] {
  const own = records.flatMap((record) => record.outlets.slice(0, 1));
  const others = records.flatMap((record) => record.outlets.slice(1)).filter((outlet) => tracked.has(normalizeUrl(outlet.feedUrl)));
  return mergeOutlets(mergeOutlets([], own), others);
}

function timeOf(iso: string): number {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * The server's leads of the last `days` days (by delivery), each story once across outlets (`groupStories`), without
 * the dismissed ones, by company (a story naming several is listed under the filtered actor, else its first company;
 * one naming none, under the name guessed from its text), the company with the newest lead first. Pure.
 */
export function groupLeads(kb: KnowledgeBase, records: readonly LeadRecord[], query: LeadQuery): LeadsView {
  const from = query.now.getTime() - query.days * DAY_MS;
  const recent = records
    .filter((record) => timeOf(record.deliveredAt) >= from)
    .sort((a, b) => timeOf(b.deliveredAt) - timeOf(a.deliveredAt));
  const stories = groupStories(recent.map((record, position) => ({ position, ...storyView(record) })))
    .map((views) => views.flatMap((view) => recent[view.position] ?? []));
  let dismissed = 0;
  const byKey = new Map<string, { company?: Company; subject?: string; stories: LeadStory[] }>();
  for (const story of stories) {
    const [newest] = story;
    if (newest === undefined) continue;
    if (story.some((record) => record.dismissed !== undefined)) {
      dismissed += 1;
      continue;
    }
    const actors = storyActors(kb, story);
    const companyIds = actors.filter((id) => isCompany(kb, id));
    const subject = subjectOf(story);
    const filter = query.filter;
    if (filter?.kind === 'company' && !actors.includes(filter.id)) continue;
    if (filter?.kind === 'subject' && (companyIds.length > 0 || subject === undefined || !subjectKey(subject).includes(filter.key))) continue;
    const primary = filter?.kind === 'company' ? filter.id : companyIds[0];
    const company = primary === undefined ? undefined : kb.companies.get(primary);
    const key = company !== undefined ? `company:${company.id}` : subject !== undefined ? `subject:${subjectKey(subject)}` : 'unknown';
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { ...(company === undefined ? {} : { company }), ...(company === undefined && subject !== undefined ? { subject } : {}), stories: [] };
      byKey.set(key, entry);
    }
    entry.stories.push({
      id: newest.id,
      title: newest.title,
      ...(newest.link === undefined ? {} : { link: newest.link }),
      ...(newest.publishedAt === undefined ? {} : { publishedAt: newest.publishedAt }),
      deliveredAt: newest.deliveredAt,
      outlets: storyOutlets(story, query.tracked),
      words: [...new Set(story.flatMap((record) => record.words))],
      companyIds,
    });
  }
  return { companies: [...byKey.values()], dismissed };
}

/**
 * What a company option means for /leads: a name the knowledge base does not know but a lead is about (typed in
 * full), else a company of the knowledge base, else the start of such a name; anything else is the knowledge base's
 * "unknown company" error, with its suggestions.
 */
export function resolveLeadFilter(kb: KnowledgeBase, text: string, records: readonly LeadRecord[]): LeadFilter {
  const key = subjectKey(text);
  const subjects = records.flatMap((record) => {
    const known = record.companies.some((id) => isCompany(kb, id));
    return known || record.subject === undefined ? [] : [subjectKey(record.subject)];
  });
  if (key !== '' && subjects.includes(key)) return { kind: 'subject', key };
  const resolved = resolveCompany(kb, text);
  if (resolved.status === 'found') return { kind: 'company', id: resolved.company.id };
  if (key.length >= 3 && subjects.some((subject) => subject.includes(key))) return { kind: 'subject', key };
  return { kind: 'company', id: requireCompany(kb, text).id };
}

/** The filter as one custom-id part (a company id or a subject key) and back. */
export function filterPart(filter: LeadFilter | undefined): string | undefined {
  return filter === undefined ? undefined : filter.kind === 'company' ? filter.id : filter.key;
}

export function filterFromPart(kb: KnowledgeBase, part: string | undefined): LeadFilter | undefined {
  if (part === undefined || part === '') return undefined;
  return kb.companies.has(part) ? { kind: 'company', id: part } : { kind: 'subject', key: subjectKey(part) };
}
