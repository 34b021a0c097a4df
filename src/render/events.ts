import { formatPartialDate, type Locale } from '../i18n/locale.ts';
import type { Correction, Figure, KbEvent, Quote, Reason } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { CATEGORY_LABELS, CONFIDENCE_LABELS, formatHeadcount, KIND_LABELS, LANGUAGE_LABELS } from './labels.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import { articleReference, sourceLinks } from './sources.ts';
import { quoted, semicolon, withColon } from '../i18n/typography.ts';

/** The words of an event's facts, in both languages. */
const WORDS = {
  peopleAffected: { en: 'People affected', fr: 'Personnes concernées' },
  alsoConcerns: { en: 'Also concerns', fr: 'Concerne aussi' },
  statedReason: { en: 'Stated reason', fr: 'Raison avancée' },
  reportedReason: { en: 'Reported reason', fr: 'Raison rapportée' },
  original: { en: 'Original', fr: 'Original' },
  correction: { en: 'Correction', fr: 'Correction' },
  said: { en: 'said', fr: 'affirmait' },
  theRecord: { en: 'the record', fr: 'les faits' },
  theArticle: { en: 'the article', fr: 'l’article' },
  confidence: { en: 'Confidence', fr: 'Fiabilité' },
  sources: { en: 'Sources', fr: 'Sources' },
} as const;

/** Colour of an event's embed, by category. */
export const CATEGORY_COLORS = {
  retreat: 0xc0392b,
  acceleration: 0x27ae60,
  'export-control': 0x8e44ad,
  countermeasure: 0xd35400,
  context: 0x7f8c8d,
} as const satisfies Record<KbEvent['category'], number>;

/** A company or government by name (escaped), or its id when unknown. */
export function actorName(kb: KnowledgeBase, id: string): string {
  return escapeLine(kb.companies.get(id)?.name ?? id);
}

/** "22 July 2025 · AWS closes its Shanghai lab": the date only as precise as the fact. */
export function eventHeading(event: KbEvent, locale: Locale): string {
  return `${formatPartialDate(event.date, locale)} · ${escapeLine(event.title[locale])}`;
}

function kindsText(event: KbEvent, locale: Locale): string {
  return event.kinds.map((kind) => KIND_LABELS[kind][locale]).join(', ');
}

function whoLine(kb: KnowledgeBase, event: KbEvent, locale: Locale): string {
  const actor = kb.companies.get(event.actor);
  const parent = actor?.parent === undefined ? undefined : kb.companies.get(actor.parent);
  const parts = [`🏢 **${actorName(kb, event.actor)}**${parent === undefined ? '' : ` (${escapeLine(parent.name)})`}`];
  parts.push(kindsText(event, locale));
  if (event.place !== undefined) parts.push(`📍 ${escapeLine(event.place[locale])}`);
  if (event.companies !== undefined && event.companies.length > 0) {
    parts.push(`${withColon(WORDS.alsoConcerns[locale], locale)} ${event.companies.map((id) => actorName(kb, id)).join(', ')}`);
  }
  return parts.join(' · ');
}

function reasonLine(kb: KnowledgeBase, icon: string, label: string, reason: Reason, locale: Locale): string {
  const by = reason.by === undefined ? '' : ` (${escapeLine(reason.by)})`;
  return `${icon} **${withColon(`${label}${by}`, locale)}** ${escapeLine(reason.text[locale])} · ${sourceLinks(kb, reason.sources, locale)}`;
}

/** A quote in the reader's language, its speaker and source, and the published words when they differ. */
export function quoteItem(kb: KnowledgeBase, quote: Quote, locale: Locale): string {
  const sameLanguage = quote.language === locale;
  const words = sameLanguage ? quote.text : quote.translation[locale];
  const role = quote.role === undefined ? '' : `, ${escapeLine(quote.role[locale])}`;
  const lines = [
    `> 💬 ${quoted(escapeLine(words), locale)}`,
    `> — **${escapeLine(quote.speaker)}**${role} · ${sourceLinks(kb, [quote.source], locale)}`,
  ];
  if (!sameLanguage) {
    const original = `${WORDS.original[locale]} (${LANGUAGE_LABELS[quote.language][locale]})`;
    lines.push(`> _${withColon(original, locale)}_ ${quoted(escapeLine(quote.text), locale)}`);
  }
  return lines.join('\n');
}

function figureLine(kb: KnowledgeBase, figure: Figure, locale: Locale): string {
  return `📊 **${withColon(escapeLine(figure.label[locale]), locale)}** ${escapeLine(figure.value[locale])} · ${sourceLinks(kb, [figure.source], locale)}`;
}

/** "Correction: the article “X” said “…”; the record: … · sources", clearly marked. */
export function correctionLine(kb: KnowledgeBase, correction: Correction, locale: Locale): string {
  const claim = quoted(escapeLine(correction.claim[locale]), locale);
  return (
    `⚠️ **${withColon(WORDS.correction[locale], locale)}** ${WORDS.theArticle[locale]} ${articleReference(kb, correction.article, locale)} ` +
    `${WORDS.said[locale]} ${claim}${semicolon(locale)} ${withColon(WORDS.theRecord[locale], locale)} ` +
    `${escapeLine(correction.record[locale])} · ${sourceLinks(kb, correction.sources, locale)}`
  );
}

/** Every fact of an event, one line (or one multi-line quote) each, each with its sources. */
export function eventFactLines(kb: KnowledgeBase, event: KbEvent, locale: Locale): string[] {
  const lines: string[] = [];
  if (event.dateNote !== undefined) lines.push(`📅 ${escapeLine(event.dateNote[locale])}`);
  lines.push(whoLine(kb, event, locale));
  if (event.people !== undefined) {
    const note = event.people.note === undefined ? '' : ` — ${escapeLine(event.people.note[locale])}`;
    lines.push(
      `👥 **${withColon(WORDS.peopleAffected[locale], locale)}** ${formatHeadcount(event.people, locale)}${note} · ${sourceLinks(kb, event.people.sources, locale)}`,
    );
  }
  lines.push(escapeLine(event.summary[locale]));
  if (event.statedReason !== undefined) lines.push(reasonLine(kb, '🗣️', WORDS.statedReason[locale], event.statedReason, locale));
  if (event.reportedReason !== undefined) lines.push(reasonLine(kb, '📰', WORDS.reportedReason[locale], event.reportedReason, locale));
  for (const quote of event.quotes ?? []) lines.push(quoteItem(kb, quote, locale));
  for (const figure of event.figures ?? []) lines.push(figureLine(kb, figure, locale));
  for (const correction of event.corrections ?? []) lines.push(correctionLine(kb, correction, locale));
  lines.push(
    `🔎 **${withColon(WORDS.confidence[locale], locale)}** ${CONFIDENCE_LABELS[event.confidence][locale]} · ` +
      `**${withColon(WORDS.sources[locale], locale)}** ${sourceLinks(kb, event.sources, locale)}`,
  );
  return lines;
}

function composeTimelineLine(kb: KnowledgeBase, event: KbEvent, locale: Locale, namesActor: boolean): string {
  const kind = event.kinds[0] === undefined ? CATEGORY_LABELS[event.category][locale] : KIND_LABELS[event.kinds[0]][locale];
  const actor = namesActor ? `${withColon(actorName(kb, event.actor), locale)} ` : '';
  const people = event.people === undefined ? '' : ` · 👥 ${formatHeadcount(event.people, locale)}`;
  return `**${formatPartialDate(event.date, locale)}** · ${kind} — ${actor}${escapeLine(event.title[locale])}${people} · ${sourceLinks(kb, event.sources, locale)}`;
}

const timelineWithActor = memoPerItem((kb, event: KbEvent, locale) => composeTimelineLine(kb, event, locale, true));
const timelineWithoutActor = memoPerItem((kb, event: KbEvent, locale) => composeTimelineLine(kb, event, locale, false));

/**
 * One event on one line: "**22 July 2025** · Lab closure — AWS: title · sources".
 * The actor is named unless it is `focusId`, the company the list is about. Rendered once per kb and locale.
 */
export function timelineLine(kb: KnowledgeBase, event: KbEvent, locale: Locale, focusId?: string): string {
  return event.actor === focusId ? timelineWithoutActor(kb, event, locale) : timelineWithActor(kb, event, locale);
}
