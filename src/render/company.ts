import { formatNumber, formatPartialDate, type Locale } from '../i18n/locale.ts';
import type { Company, Dimension, KbEvent, Reason } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { actorName, reasonLabel, timelineLine } from './events.ts';
import { ACTOR_TYPE_LABELS, COUNTRY_FLAGS, COUNTRY_LABELS, LEADER_LABELS, LEADER_SYMBOLS, TREND_LABELS } from './labels.ts';
import { layoutPages, type EmbedBlock, type FieldBlock } from './layout.ts';
import { escapeLine, maskedLink } from './markdown.ts';
import { feedLine, plainFeedLine } from './untrusted.ts';
import type { MessagePayload } from './payload.ts';
import { Footnotes } from './footnotes.ts';
import { sourceLinks } from './sources.ts';

/** A news item tagged with the company, as the digest stores it. */
export interface CompanyNewsItem {
  readonly title: string;
  readonly url: string;
  /** ISO 8601; only its date part is shown. */
  readonly publishedAt?: string;
  readonly source?: string;
}

/** The news to show: the items, or 'unavailable' when the store could not be read in time (the page says so). */
export type CompanyNews = readonly CompanyNewsItem[] | 'unavailable';

const COMPANY_COLOR = 0x2e86c1;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/;

const WORDS = {
  type: { en: 'Type', fr: 'Type' },
  country: { en: 'Country', fr: 'Pays' },
  sector: { en: 'Sector', fr: 'Secteur' },
  aliases: { en: 'Also known as', fr: 'Autres noms' },
  parent: { en: 'Part of', fr: 'Appartient à' },
  subsidiaries: { en: 'Subsidiaries', fr: 'Filiales' },
  dimensions: { en: 'Dimensions touched', fr: 'Dimensions concernées' },
  sources: { en: 'Sources', fr: 'Sources' },
  events: { en: 'Events', fr: 'Événements' },
  profile: { en: 'Profile', fr: 'Profil' },
  noEvents: { en: 'No event recorded for this company.', fr: 'Aucun événement enregistré pour cette entreprise.' },
  news: { en: 'Latest news', fr: 'Dernières actualités' },
  newsUnavailable: { en: 'Latest news unavailable right now.', fr: 'Dernières actualités indisponibles pour le moment.' },
} as const;

function dimensionLine(dimension: Dimension, locale: Locale): string {
  const leader = `${LEADER_SYMBOLS[dimension.leader]} ${LEADER_LABELS[dimension.leader][locale]}`;
  return `**${escapeLine(dimension.name[locale])}** — ${leader} · ${TREND_LABELS[dimension.trend][locale]}`;
}

function reasonText(which: 'stated' | 'reported', reason: Reason, locale: Locale, notes: Footnotes): string {
  return notes.after(`_${reasonLabel(which, reason, locale)}_ ${escapeLine(reason.text[locale])}`, reason.sources);
}

/** An event and its why: its timeline line (date, kind, title, people affected, sources), then its reasons, footnoted. */
function eventLine(kb: KnowledgeBase, event: KbEvent, locale: Locale, companyId: string, notes: Footnotes): string {
  const line = timelineLine(kb, event, locale, companyId, notes);
  const why = [
    ...(event.statedReason === undefined ? [] : [reasonText('stated', event.statedReason, locale, notes)]),
    ...(event.reportedReason === undefined ? [] : [reasonText('reported', event.reportedReason, locale, notes)]),
  ].join(' · ');
  return why === '' ? line : `${line}\n↳ ${why}`;
}

function newsLine(item: CompanyNewsItem, locale: Locale): string {
  const parts = [maskedLink(plainFeedLine(item.title, 200), item.url)];
  if (item.source !== undefined && item.source.trim() !== '') parts.push(`_${feedLine(item.source, 80)}_`);
  const day = item.publishedAt === undefined ? undefined : ISO_DAY.exec(item.publishedAt)?.[0];
  if (day !== undefined && !Number.isNaN(Date.parse(day))) parts.push(formatPartialDate(day, locale));
  return `📰 ${parts.join(' · ')}`;
}

function profileFields(kb: KnowledgeBase, company: Company, dimensions: readonly Dimension[], locale: Locale): FieldBlock[] {
  const fields: FieldBlock[] = [
    { name: WORDS.type[locale], lines: [ACTOR_TYPE_LABELS[company.type][locale]], inline: true },
    { name: WORDS.country[locale], lines: [`${COUNTRY_FLAGS[company.country]} ${COUNTRY_LABELS[company.country][locale]}`], inline: true },
    { name: WORDS.sector[locale], lines: [escapeLine(company.sector[locale])], inline: true },
  ];
  if (company.aliases.length > 0) fields.push({ name: WORDS.aliases[locale], lines: [company.aliases.map(escapeLine).join(', ')] });
  if (company.parent !== undefined) fields.push({ name: WORDS.parent[locale], lines: [actorName(kb, company.parent)] });
  const subsidiaries = [...kb.companies.values()].filter((other) => other.parent === company.id);
  if (subsidiaries.length > 0) fields.push({ name: WORDS.subsidiaries[locale], lines: subsidiaries.map((s) => escapeLine(s.name)) });
  if (dimensions.length > 0) fields.push({ name: WORDS.dimensions[locale], lines: dimensions.map((d) => dimensionLine(d, locale)) });
  if (company.sources !== undefined && company.sources.length > 0) {
    fields.push({ name: WORDS.sources[locale], lines: [sourceLinks(kb, company.sources, locale)] });
  }
  return fields;
}

/**
 * A company's page, its events first: one line per event with its why (stated and reported reasons, people
 * affected), then the profile (country, sector, aliases, parent and subsidiaries, the dimensions it touches),
 * then the latest tagged news when given (or a line saying it is unavailable right now).
 */
export function renderCompany(
  kb: KnowledgeBase,
  company: Company,
  events: readonly KbEvent[],
  dimensions: readonly Dimension[],
  locale: Locale,
  news?: CompanyNews,
): MessagePayload[] {
  const notes = new Footnotes(kb, locale);
  const blocks: EmbedBlock[] = [
    {
      title: `${COUNTRY_FLAGS[company.country]} ${escapeLine(company.name)} · ${WORDS.events[locale]} (${formatNumber(events.length, locale)})`,
      color: COMPANY_COLOR,
      description: events.length === 0 ? [WORDS.noEvents[locale]] : [...events.map((event) => eventLine(kb, event, locale, company.id, notes)), '', ...notes.lines()],
    },
    {
      title: `${WORDS.profile[locale]} · ${escapeLine(company.name)}`,
      color: COMPANY_COLOR,
      description: [escapeLine(company.profile[locale])],
      fields: profileFields(kb, company, dimensions, locale),
    },
  ];
  if (news === 'unavailable') {
    blocks.push({ title: WORDS.news[locale], color: COMPANY_COLOR, description: [`_${WORDS.newsUnavailable[locale]}_`] });
  } else if (news !== undefined && news.length > 0) {
    blocks.push({ title: WORDS.news[locale], color: COMPANY_COLOR, description: news.map((item) => newsLine(item, locale)) });
  }
  return layoutPages(blocks, { locale });
}
