import type { Locale } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { renderLeads, type LeadsPage } from './leads.ts';
import type { LeadRecord } from '../deliver/leads.ts';
import type { ServerLeads } from '../leads-read.ts';
import { checkLeadDays, filterFromPart, groupLeads, resolveLeadFilter, subjectKey, type LeadFilter, type LeadsView } from './leads-group.ts';

/** /leads as asked: by a user (`company` as typed) or by a button (`filterPart` as the button carries it). */
export interface LeadsInput extends ServerLeads {
  readonly now: Date;
  readonly days?: number | undefined;
  readonly company?: string | undefined;
  readonly filterPart?: string | undefined;
}

export interface LeadsAnswer {
  readonly days: number;
  readonly filter?: LeadFilter | undefined;
  readonly view: LeadsView;
  readonly pages: LeadsPage[];
}

/** The filter as the reader should see it: the company's name, or the name a lead guessed (as its text writes it). */
function filterLabel(kb: KnowledgeBase, filter: LeadFilter | undefined, records: readonly LeadRecord[]): string | undefined {
  if (filter === undefined) return undefined;
  if (filter.kind === 'company') return kb.companies.get(filter.id)?.name ?? filter.id;
  return records.find((record) => record.subject !== undefined && subjectKey(record.subject).includes(filter.key))?.subject ?? filter.key;
}

/** The server's leads for the period and company asked, as pages. Bad input throws a UserError. Pure. */
export function answerLeads(kb: KnowledgeBase, input: LeadsInput, locale: Locale): LeadsAnswer {
  const days = checkLeadDays(input.days);
  const filter = input.company !== undefined ? resolveLeadFilter(kb, input.company, input.records) : filterFromPart(kb, input.filterPart);
  const view = groupLeads(kb, input.records, { now: input.now, days, tracked: input.tracked, filter });
  const pages = renderLeads(view, { locale, days, filterLabel: filterLabel(kb, filter, input.records) });
  return { days, filter, view, pages };
}
