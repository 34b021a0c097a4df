import { formatPartialDate, type Locale, type LocalizedText } from '../i18n/locale.ts';
import type { DatePrecision } from '../kb/dates.ts';
import type { Correction, Figure, KbEvent, Quote, Reason } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { CATEGORY_LABELS, CONFIDENCE_LABELS, formatHeadcount, ICONS, KIND_LABELS, LANGUAGE_LABELS } from './labels.ts';
import { escapeLine, escapeMarkdown } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import { Footnotes } from './footnotes.ts';
import { sourceLinks } from './sources.ts';
import { quoted, withColon } from '../i18n/typography.ts';

/** The words of an event's facts, in both languages. */
const WORDS = {
  peopleAffected: { en: 'People affected', fr: 'Personnes concernées' },
  alsoConcerns: { en: 'Also concerns', fr: 'Concerne aussi' },
  statedReason: { en: 'Stated reason', fr: 'Raison avancée' },
  reportedReason: { en: 'Reported reason', fr: 'Raison rapportée' },
  original: { en: 'Original', fr: 'Original' },
  correction: { en: 'Correction', fr: 'Correction' },
  theRecord: { en: 'What the record shows', fr: 'Ce qu’établissent les faits' },
  theArticle: { en: 'the article', fr: 'l’article' },
  confidence: { en: 'Confidence', fr: 'Fiabilité' },
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
  return `${eventDate(event, locale)} · ${escapeLine(event.title[locale])}`;
}

/** How a precision reads before a year or a month: "Early 2025", "Mid-October 2022", « Fin 2025 ». */
const PRECISION_WORDS = {
  early: { en: 'Early ', fr: 'Début ' },
  mid: { en: 'Mid-', fr: 'Mi-' },
  late: { en: 'Late ', fr: 'Fin ' },
} as const satisfies Record<DatePrecision, LocalizedText>;

/** An event's date as precise as the fact: "22 July 2025", "2019", "Early 2025" / « Début 2025 ». */
export function eventDate(event: KbEvent, locale: Locale): string {
  const date = formatPartialDate(event.date, locale);
  return event.datePrecision === undefined || event.date.length > 7 ? date : `${PRECISION_WORDS[event.datePrecision][locale]}${date}`;
}

function kindsText(event: KbEvent, locale: Locale): string {
  return event.kinds.map((kind) => KIND_LABELS[kind][locale]).join(', ');
}

function whoLine(kb: KnowledgeBase, event: KbEvent, locale: Locale): string {
  const actor = kb.companies.get(event.actor);
  const parent = actor?.parent === undefined ? undefined : kb.companies.get(actor.parent);
  const parts = [`${ICONS.actor} **${actorName(kb, event.actor)}**${parent === undefined ? '' : ` (${escapeLine(parent.name)})`}`];
  parts.push(kindsText(event, locale));
  if (event.place !== undefined) parts.push(`${ICONS.place} ${escapeLine(event.place[locale])}`);
  if (event.companies !== undefined && event.companies.length > 0) {
    parts.push(`${withColon(WORDS.alsoConcerns[locale], locale)} ${event.companies.map((id) => actorName(kb, id)).join(', ')}`);
  }
  return parts.join(' · ');
}

/** "Stated reason (AWS spokesman):", who gave it named in the reader's language when the data says it in both. */
export function reasonLabel(which: 'stated' | 'reported', reason: Reason, locale: Locale): string {
  const label = (which === 'stated' ? WORDS.statedReason : WORDS.reportedReason)[locale];
  const by = reason.by === undefined ? '' : ` (${escapeLine(typeof reason.by === 'string' ? reason.by : reason.by[locale])})`;
  return withColon(`${label}${by}`, locale);
}

function reasonLine(notes: Footnotes, icon: string, which: 'stated' | 'reported', reason: Reason, locale: Locale): string {
  return notes.after(`${icon} **${reasonLabel(which, reason, locale)}** ${escapeLine(reason.text[locale])}`, reason.sources);
}

/** A quote in the reader's language, its speaker and the marker of its source, and the published words when they differ. */
export function quoteItem(notes: Footnotes, quote: Quote, locale: Locale): string {
  const sameLanguage = quote.language === locale;
  const words = sameLanguage ? quote.text : quote.translation[locale];
  const role = quote.role === undefined ? '' : `, ${escapeLine(quote.role[locale])}`;
  const lines = [`> ${ICONS.quote} ${quoted(escapeLine(words), locale)}`, notes.after(`> — **${escapeLine(quote.speaker)}**${role}`, [quote.source])];
  if (!sameLanguage) {
    const original = `${WORDS.original[locale]} (${LANGUAGE_LABELS[quote.language][locale]})`;
    lines.push(`> _${withColon(original, locale)}_ ${quoted(escapeLine(quote.text), locale)}`);
  }
  return lines.join('\n');
}

function figureLine(notes: Footnotes, figure: Figure, locale: Locale): string {
  return notes.after(`${ICONS.figure} **${withColon(escapeLine(figure.label[locale]), locale)}** ${escapeLine(figure.value[locale])}`, [figure.source]);
}

/** "Fixes the count at…" → "fixes the count at…": a claim continues the sentence "the article … ". */
function asPredicate(claim: string): string {
  const [first = '', second = ''] = claim;
  return second === second.toLowerCase() ? `${first.toLowerCase()}${claim.slice(1)}` : claim;
}

/**
 * "✏️ Correction: the article “Title” ¹ puts the number at about a dozen. What the record shows: … ²": what
 * the article stated, in reported speech (the claim is a paraphrase, never in quotation marks), then the record.
 * The article's title is quoted as published.
 */
export function correctionLine(kb: KnowledgeBase, notes: Footnotes, correction: Correction, locale: Locale): string {
  const article = kb.sources.get(correction.article);
  const title = article === undefined ? escapeMarkdown(correction.article) : quoted(escapeLine(article.title), locale);
  const claim = escapeLine(asPredicate(correction.claim[locale]));
  return notes.after(
    `${ICONS.correction} **${withColon(WORDS.correction[locale], locale)}** ${WORDS.theArticle[locale]} ${notes.after(title, [correction.article])} ` +
      `${claim}${/[.!?…]$/.test(claim) ? '' : '.'} **${withColon(WORDS.theRecord[locale], locale)}** ${escapeLine(correction.record[locale])}`,
    correction.sources,
  );
}

/**
 * Every fact of an event, one line (or one multi-line quote) each, each with the markers of its sources, then
 * the confidence when it is not high, then one "Sources" line listing each source once, linked.
 */
export function eventFactLines(kb: KnowledgeBase, event: KbEvent, locale: Locale): string[] {
  const notes = new Footnotes(kb, locale);
  const lines: string[] = [];
  if (event.dateNote !== undefined) lines.push(`${ICONS.dateNote} ${escapeLine(event.dateNote[locale])}`);
  lines.push(whoLine(kb, event, locale));
  if (event.people !== undefined) {
    const note = event.people.note === undefined ? '' : ` — ${escapeLine(event.people.note[locale])}`;
    lines.push(notes.after(`${ICONS.people} **${withColon(WORDS.peopleAffected[locale], locale)}** ${formatHeadcount(event.people, locale)}${note}`, event.people.sources));
  }
  lines.push(notes.after(escapeLine(event.summary[locale]), event.sources));
  if (event.statedReason !== undefined) lines.push(reasonLine(notes, ICONS.statedReason, 'stated', event.statedReason, locale));
  if (event.reportedReason !== undefined) lines.push(reasonLine(notes, ICONS.press, 'reported', event.reportedReason, locale));
  for (const quote of event.quotes ?? []) lines.push(quoteItem(notes, quote, locale));
  for (const figure of event.figures ?? []) lines.push(figureLine(notes, figure, locale));
  for (const correction of event.corrections ?? []) lines.push(correctionLine(kb, notes, correction, locale));
  if (event.confidence !== 'high') {
    lines.push(`${ICONS.confidence} **${withColon(WORDS.confidence[locale], locale)}** ${CONFIDENCE_LABELS[event.confidence][locale]}`);
  }
  lines.push(...notes.lines());
  return lines;
}

function composeTimelineLine(kb: KnowledgeBase, event: KbEvent, locale: Locale, namesActor: boolean): string {
  const kind = event.kinds[0] === undefined ? CATEGORY_LABELS[event.category][locale] : KIND_LABELS[event.kinds[0]][locale];
  const actor = namesActor ? `${withColon(actorName(kb, event.actor), locale)} ` : '';
  const people = event.people === undefined ? '' : ` · ${ICONS.people} ${formatHeadcount(event.people, locale)}`;
  return `**${eventDate(event, locale)}** · ${kind} — ${actor}${escapeLine(event.title[locale])}${people}`;
}

const timelineWithActor = memoPerItem((kb, event: KbEvent, locale) => composeTimelineLine(kb, event, locale, true));
const timelineWithoutActor = memoPerItem((kb, event: KbEvent, locale) => composeTimelineLine(kb, event, locale, false));

/**
 * One event on one line: "**22 July 2025** · Lab closure — AWS: title ¹,²" with the markers of its sources in
 * `notes` (the list's one "Sources" line), or " · [Source](url)" links when no notes are given.
 * The actor is named unless it is `focusId`, the company the list is about. The text is rendered once per kb and locale.
 */
export function timelineLine(kb: KnowledgeBase, event: KbEvent, locale: Locale, focusId?: string, notes?: Footnotes): string {
  const text = event.actor === focusId ? timelineWithoutActor(kb, event, locale) : timelineWithActor(kb, event, locale);
  return notes === undefined ? `${text} · ${sourceLinks(kb, event.sources, locale)}` : notes.after(text, event.sources);
}
