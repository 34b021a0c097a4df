import type { Locale } from '../../i18n/locale.ts';
import type { KbEvent } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { formatHeadcount, KIND_LABELS } from '../labels.ts';
import { csvFile } from './csv.ts';

const COLUMNS = {
  en: ['date', 'company', 'kinds', 'title', 'place', 'people', 'stated reason', 'reported reason', 'sources'],
  fr: ['date', 'entreprise', 'types', 'titre', 'lieu', 'personnes', 'raison avancée', 'raison rapportée', 'sources'],
} as const;

/** Every source an event's facts cite, each once, in order of first citation. */
function sourceUrls(kb: KnowledgeBase, event: KbEvent): string[] {
  const ids = [...event.sources, ...(event.people?.sources ?? []), ...(event.statedReason?.sources ?? []), ...(event.reportedReason?.sources ?? [])];
  return [...new Set(ids)].flatMap((id) => kb.sources.get(id)?.url ?? []);
}

function row(kb: KnowledgeBase, event: KbEvent, locale: Locale): string[] {
  return [
    event.date,
    kb.companies.get(event.actor)?.name ?? event.actor,
    event.kinds.map((kind) => KIND_LABELS[kind][locale]).join('; '),
    event.title[locale],
    event.place?.[locale] ?? '',
    event.people === undefined ? '' : formatHeadcount(event.people, locale),
    event.statedReason?.text[locale] ?? '',
    event.reportedReason?.text[locale] ?? '',
    sourceUrls(kb, event).join(' '),
  ];
}

/**
 * The events as a CSV file, one row per event in the order given, text in the reader's language, dates as in
 * the knowledge base ("2025-07-22", "2025-05", "2025") and the sources' URLs separated by spaces.
 */
export function retreatsCsv(kb: KnowledgeBase, events: readonly KbEvent[], locale: Locale): Buffer {
  return csvFile([[...COLUMNS[locale]], ...events.map((event) => row(kb, event, locale))]);
}
