import { formatNumber, formatPartialDate, type Locale } from '../i18n/locale.ts';
import { withColon } from '../i18n/typography.ts';
import type { EventKind, KbEvent } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { actorName } from './events.ts';
import { KIND_LABELS } from './labels.ts';
import { layoutPages, PAGER_RESERVE, type EmbedBlock } from './layout.ts';
import { DISCORD_LIMITS as LIMITS } from './limits.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload, MessageRow } from './payload.ts';
import { nothingFound, retreatsTitle, type RetreatsContext } from './retreats.ts';
import { buttonRow, selectRow, SELECT_LIMITS, type MenuOption } from './select.ts';

/** The custom ids of the overview's controls; the Discord layer encodes them. Without them, no controls (the CLI). */
export interface OverviewControls {
  /** The `n`-th select menu of a page (0-based). */
  readonly menuId: (n: number) => string;
  readonly exportId: string;
}

const HEADER_COLOR = 0x992d22;
/** Select menus per page: with the export row and the pager, a message holds at most five rows. */
const MENUS_PER_PAGE = 3;
const EVENTS_PER_PAGE = MENUS_PER_PAGE * SELECT_LIMITS.options;
/** Room for the titles of the embeds a long list continues in, and for the page footer. */
const SLACK = 400;

const WORDS = {
  byKind: { en: 'By kind', fr: 'Par type' },
  byYear: { en: 'By year', fr: 'Par année' },
  hint: {
    en: 'Newest first. Pick an event in the menu below to open its full card with every source; **Export CSV** gives the list as a spreadsheet.',
    fr: 'Du plus récent au plus ancien. Choisissez un événement dans le menu ci-dessous pour ouvrir sa fiche complète avec toutes ses sources\u202f; **Exporter en CSV** donne la liste en tableur.',
  },
  hintPlain: { en: 'Newest first.', fr: 'Du plus récent au plus ancien.' },
  openCard: { en: 'Open an event’s full card', fr: 'Ouvrir la fiche complète d’un événement' },
  exportCsv: { en: 'Export CSV', fr: 'Exporter en CSV' },
} as const;

/** "22 July 2025 · AWS · AWS closes its Shanghai lab · 📍 Shanghai", one per event, built once per kb and locale. */
const overviewLine = memoPerItem((kb, event: KbEvent, locale): string => {
  const parts = [`**${formatPartialDate(event.date, locale)}**`, actorName(kb, event.actor), escapeLine(event.title[locale])];
  if (event.place !== undefined) parts.push(`📍 ${escapeLine(event.place[locale])}`);
  return parts.join(' · ');
});

/** The option that opens an event's card: plain text (cut to fit by the menu), built once per kb and locale. */
const menuOption = memoPerItem((kb, event: KbEvent, locale): MenuOption => {
  const details = [kb.companies.get(event.actor)?.name ?? event.actor, event.kinds.map((kind) => KIND_LABELS[kind][locale]).join(', ')];
  if (event.place !== undefined) details.push(event.place[locale]);
  return { label: `${formatPartialDate(event.date, locale)} — ${event.title[locale]}`, value: event.id, description: details.join(' · ') };
});

/** "Lab closure 5 · Layoffs 8", most frequent first; an event of several kinds counts under each. */
function countsByKind(events: readonly KbEvent[], locale: Locale): string {
  const counts = new Map<EventKind, number>();
  for (const event of events) for (const kind of event.kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${KIND_LABELS[kind][locale]} ${formatNumber(n, locale)}`).join(' · ');
}

/** "2025: 10 · 2024: 8", newest year first. */
function countsByYear(events: readonly KbEvent[], locale: Locale): string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.date.slice(0, 4), (counts.get(event.date.slice(0, 4)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[0].localeCompare(a[0])).map(([year, n]) => `${withColon(year, locale)} ${formatNumber(n, locale)}`).join(' · ');
}

/** Splits the list into pages that each fit one message and hold at most as many events as the menus can. */
function chunk(lines: readonly string[], firstBudget: number, budget: number): number[][] {
  const pages: number[][] = [];
  let page: number[] = [];
  let size = 0;
  lines.forEach((line, i) => {
    const room = pages.length === 0 ? firstBudget : budget;
    if (page.length > 0 && (page.length >= EVENTS_PER_PAGE || size + line.length + 1 > room)) {
      pages.push(page);
      page = [];
      size = 0;
    }
    page.push(i);
    size += line.length + 1;
  });
  pages.push(page);
  return pages;
}

function menuRows(kb: KnowledgeBase, events: readonly KbEvent[], locale: Locale, controls: OverviewControls): MessageRow[] {
  const rows: MessageRow[] = [];
  for (let start = 0, n = 0; start < events.length; start += SELECT_LIMITS.options, n++) {
    const slice = events.slice(start, start + SELECT_LIMITS.options);
    const first = slice[0];
    const last = slice.at(-1);
    // Several menus on a page each say which dates they cover.
    const range = events.length <= SELECT_LIMITS.options || first === undefined || last === undefined
      ? ''
      : ` (${formatPartialDate(first.date, locale)} – ${formatPartialDate(last.date, locale)})`;
    rows.push(selectRow(controls.menuId(n), `${WORDS.openCard[locale]}${range}`, slice.map((event) => menuOption(kb, event, locale))));
  }
  return rows;
}

/**
 * /retreats at a glance: the count and filters, counts by kind and by year, then one line per event (date ·
 * company · what · place), all in one message while they fit, and select menus opening each event's full card,
 * with an export button. Beyond one message the list continues on further pages, each with its own menus.
 */
export function renderRetreatsOverview(
  kb: KnowledgeBase,
  events: readonly KbEvent[],
  context: RetreatsContext & { readonly controls?: OverviewControls },
): MessagePayload[] {
  const { locale, filters, controls } = context;
  if (events.length === 0) return layoutPages([nothingFound(filters, locale)], { locale });
  const title = retreatsTitle(events, filters, locale);
  const intro = [
    `**${withColon(WORDS.byKind[locale], locale)}** ${countsByKind(events, locale)}`,
    `**${withColon(WORDS.byYear[locale], locale)}** ${countsByYear(events, locale)}`,
    '',
    controls === undefined ? WORDS.hintPlain[locale] : WORDS.hint[locale],
    '',
  ];
  const lines = events.map((event) => overviewLine(kb, event, locale));
  const budget = LIMITS.embedCharactersPerMessage - PAGER_RESERVE - SLACK;
  const introSize = intro.reduce((sum, line) => sum + line.length + 1, 0);
  return chunk(lines, budget - introSize, budget).flatMap((indexes, page) => {
    const block: EmbedBlock = { title, color: HEADER_COLOR, description: [...(page === 0 ? intro : []), ...indexes.map((i) => lines[i] ?? '')] };
    const laidOut = layoutPages([block], { locale });
    if (controls === undefined) return laidOut;
    const components = [...menuRows(kb, indexes.flatMap((i) => events[i] ?? []), locale, controls), buttonRow(controls.exportId, WORDS.exportCsv[locale])];
    return laidOut.map((payload) => ({ ...payload, components }));
  });
}
