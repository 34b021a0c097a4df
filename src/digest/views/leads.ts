import { slash } from '../../render/commands.ts';
import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import { formatNumber, formatPartialDate, type Locale, type LocalizedText } from '../../i18n/locale.ts';
import { layoutPages, type EmbedBlock } from '../../render/layout.ts';
import { DISCORD_LIMITS as LIMITS } from '../../render/limits.ts';
import { escapeLine, safeUrl } from '../../render/markdown.ts';
import type { MessagePayload } from '../../render/payload.ts';
import { truncateAtWord } from '../../render/split.ts';
import { plural, quoted } from '../../i18n/typography.ts';
import { feedLine, plainFeedLine } from '../../render/untrusted.ts';
import type { DismissOutcome } from '../deliver/leads.ts';
import type { LeadCompany, LeadsView, LeadStory } from './leads-group.ts';

/** What the user asked /leads, for the header. */
export interface LeadsContext {
  readonly locale: Locale;
  readonly days: number;
  /** The filter as the reader should see it (a company's name, or the name typed): UNTRUSTED when typed. */
  readonly filterLabel?: string | undefined;
}

/** One page of /leads and the leads it lists, numbered as on the page, for their dismiss buttons. */
export interface LeadsPage {
  readonly payload: MessagePayload;
  readonly leads: readonly { readonly number: number; readonly id: string }[];
}

/**
 * Caps on each part of a lead, so that a page of them always fits one message: a page holds at most
 * LEADS_PER_PAGE leads (two rows of dismiss buttons), COMPANIES_PER_PAGE companies and PAGE_CHARACTERS characters.
 */
const CAPS = { title: 200, link: 500, outlets: 3, outlet: 60, words: 4, word: 40, subject: 80 } as const;
export const LEADS_PER_PAGE = 10;
const COMPANIES_PER_PAGE = 6;
const PAGE_CHARACTERS = 4_800;
const COLOR = 0xb9770e;
const ACTION_ROW = 1;
const BUTTON = 2;
const SECONDARY = 2;

const WORDS = {
  title: { en: 'Possible new retreats', fr: 'Retraits possibles' },
  period: {
    en: (days: number) => (days === 1 ? 'last 24 hours' : `last ${formatNumber(days, 'en')} days`),
    fr: (days: number) => (days === 1 ? 'dernières 24 heures' : `${formatNumber(days, 'fr')} derniers jours`),
  },
  lead: { en: { one: 'lead', other: 'leads' }, fr: { one: 'piste tirée', other: 'pistes tirées' } },
  outlet: { en: { one: 'outlet', other: 'outlets' }, fr: { one: 'média', other: 'médias' } },
  summary: {
    en: (count: string, noun: string) => `${count} ${noun} from this server’s digests, by company, newest first.`,
    fr: (count: string, noun: string) => `${count} ${noun} des résumés de ce serveur, par entreprise, de la plus récente à la plus ancienne.`,
  },
  caveat: {
    en: 'Flagged automatically (a company, a word of retreat and a Chinese context in one news item): check before trusting. Admins can dismiss a lead.',
    fr: 'Repérées automatiquement (une entreprise, un mot de retrait et un contexte chinois dans une même actualité) : à vérifier avant d’y croire. Les admins peuvent écarter une piste.',
  },
  dismissed: {
    en: { one: 'dismissed lead not shown.', other: 'dismissed leads not shown.' },
    fr: { one: 'piste écartée non affichée.', other: 'pistes écartées non affichées.' },
  },
  none: {
    en: `No possible new retreat in this server’s digests for this period. The digest flags them as it delivers the news (\`${slash('digest setup', 'en')}\`).`,
    fr: `Aucun retrait possible dans les résumés de ce serveur sur cette période. Le résumé les repère en publiant les actualités (\`${slash('digest setup', 'fr')}\`).`,
  },
  notInKb: { en: 'not in the knowledge base yet', fr: 'pas encore dans la base' },
  unidentified: { en: 'Company not identified', fr: 'Entreprise non identifiée' },
  untitled: { en: '(untitled)', fr: '(sans titre)' },
  more: { en: (n: number) => `+${n} more`, fr: (n: number) => `+${n} autres` },
  continued: { en: ' (cont.)', fr: ' (suite)' },
  dismiss: { en: (n: number) => `Dismiss ${n}`, fr: (n: number) => `Écarter ${n}` },
} as const;

function companyTitle(entry: LeadCompany, locale: Locale): string {
  if (entry.company !== undefined) return `🏢 ${escapeLine(entry.company.name)}`;
  const name = entry.subject === undefined ? WORDS.unidentified[locale] : feedLine(entry.subject, CAPS.subject);
  return `❔ ${name} — ${WORDS.notInKb[locale]}`;
}

function dayOf(iso: string | undefined): string | undefined {
  const day = iso === undefined ? undefined : /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0];
  return day !== undefined && !Number.isNaN(Date.parse(day)) ? day : undefined;
}

function outletsText(story: LeadStory, locale: Locale): string {
  const labels = story.outlets.map((outlet) => feedLine(outlet.feedLabel, CAPS.outlet)).filter((label) => label !== '');
  const shown = labels.slice(0, CAPS.outlets);
  const hidden = labels.length - shown.length;
  const names = [...shown, ...(hidden > 0 ? [WORDS.more[locale](hidden)] : [])].join(', ');
  const count = `**${formatNumber(story.outlets.length, locale)} ${plural(story.outlets.length, WORDS.outlet[locale], locale)}**`;
  return names === '' ? count : `📰 ${names} · ${count}`;
}

/** "**3.** [Title](https://…)" then "📰 Wire A, Wire B · **2 outlets** · 12 March 2026 · 🔑 “closes”, “shanghai”". */
export function leadLine(story: LeadStory, number: number, locale: Locale): string {
  const plain = plainFeedLine(story.title, CAPS.title);
  const label = plain === '' ? WORDS.untitled[locale] : feedLine(plain, CAPS.title);
  const url = story.link === undefined ? undefined : safeUrl(story.link);
  const title = url !== undefined && url.length <= CAPS.link ? `[${label}](${url})` : label;
  const meta = [outletsText(story, locale)];
  const day = dayOf(story.publishedAt) ?? dayOf(story.deliveredAt);
  if (day !== undefined) meta.push(formatPartialDate(day, locale));
  const words = story.words.slice(0, CAPS.words).map((word) => feedLine(word, CAPS.word)).filter((word) => word !== '');
  if (words.length > 0) meta.push(`🔑 ${words.map((word) => quoted(word, locale)).join(', ')}`);
  return `**${number}.** ${title}\n${meta.join(' · ')}`;
}

function headerBlock(view: LeadsView, context: LeadsContext, total: number): EmbedBlock {
  const { locale } = context;
  const parts = [WORDS.title[locale], WORDS.period[locale](context.days)];
  if (context.filterLabel !== undefined) parts.push(feedLine(context.filterLabel, CAPS.subject));
  const description =
    total === 0
      ? [WORDS.none[locale]]
      : [WORDS.summary[locale](formatNumber(total, locale), plural(total, WORDS.lead[locale], locale)), WORDS.caveat[locale]];
  if (view.dismissed > 0) description.push(`${formatNumber(view.dismissed, locale)} ${plural(view.dismissed, WORDS.dismissed[locale], locale)}`);
  return { title: `🔎 ${parts.join(' · ')}`, color: COLOR, description };
}

interface PageDraft {
  blocks: { title: string; lines: string[] }[];
  leads: { number: number; id: string }[];
  characters: number;
}

function blockSize(title: string): number {
  // The title may be repeated on a continuation embed.
  return 2 * (title.length + WORDS.continued.en.length);
}

/**
 * The leads as pages of at most LEADS_PER_PAGE numbered leads under their company's heading ("(cont.)" on a later
 * page), the first page opening with the period, the count and what a lead is. Every feed text is made inert and
 * only http(s) links are linked. Each page fits one Discord message, with room for a pager and two rows of buttons.
 */
export function renderLeads(view: LeadsView, context: LeadsContext): LeadsPage[] {
  const { locale } = context;
  const total = view.companies.reduce((sum, entry) => sum + entry.stories.length, 0);
  const header = headerBlock(view, context, total);
  const headerSize = (header.title?.length ?? 0) + (header.description ?? []).join('\n').length;
  const drafts: PageDraft[] = [];
  let page: PageDraft = { blocks: [], leads: [], characters: headerSize };
  let number = 0;
  for (const entry of view.companies) {
    const title = companyTitle(entry, locale);
    let block: PageDraft['blocks'][number] | undefined;
    let started = false;
    for (const story of entry.stories) {
      number += 1;
      const line = leadLine(story, number, locale);
      const opening = block === undefined ? blockSize(title) : 0;
      const full =
        page.leads.length >= LEADS_PER_PAGE ||
        (block === undefined && page.blocks.length >= COMPANIES_PER_PAGE) ||
        page.characters + opening + line.length + 1 > PAGE_CHARACTERS;
      if (full && page.leads.length > 0) {
        drafts.push(page);
        page = { blocks: [], leads: [], characters: 0 };
        block = undefined;
      }
      if (block === undefined) {
        block = { title: started ? `${truncateAtWord(title, LIMITS.embedTitle - 10)}${WORDS.continued[locale]}` : title, lines: [] };
        started = true;
        page.blocks.push(block);
        page.characters += blockSize(title);
      }
      block.lines.push(line);
      page.leads.push({ number, id: story.id });
      page.characters += line.length + 1;
    }
  }
  drafts.push(page);
  return drafts.map((draft, index) => {
    const blocks: EmbedBlock[] = draft.blocks.map((b) => ({ title: b.title, color: COLOR, description: b.lines }));
    const [payload, ...overflow] = layoutPages(index === 0 ? [header, ...blocks] : blocks, { locale });
    if (payload === undefined || overflow.length > 0) throw new Error('a page of leads must fit one message');
    return { payload, leads: draft.leads };
  });
}

/**
 * The page with its leads' dismiss buttons ("Dismiss 3" / « Écarter 3 »), five to a row, before any other row.
 * `customIdFor` gives the custom id of the button dismissing a lead.
 */
export function withDismissButtons(page: LeadsPage, locale: Locale, customIdFor: (leadId: string) => string): MessagePayload {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let start = 0; start < page.leads.length; start += LIMITS.buttonsPerRow) {
    rows.push({
      type: ACTION_ROW,
      components: page.leads.slice(start, start + LIMITS.buttonsPerRow).map((lead) => ({
        type: BUTTON,
        style: SECONDARY,
        custom_id: customIdFor(lead.id),
        label: WORDS.dismiss[locale](lead.number),
      })),
    });
  }
  return rows.length === 0 ? page.payload : { ...page.payload, components: [...rows, ...(page.payload.components ?? [])] };
}

/** What an admin's dismissal did, said to them privately. */
export function dismissalText(outcome: DismissOutcome): LocalizedText {
  switch (outcome) {
    case 'dismissed':
      return { en: '✅ Lead dismissed: it will not be listed again.', fr: '✅ Piste écartée : elle ne sera plus listée.' };
    case 'already-dismissed':
      return { en: 'This lead was already dismissed.', fr: 'Cette piste était déjà écartée.' };
    case 'unknown':
      return { en: 'This lead is no longer kept (leads are kept about a year, 500 at most).', fr: 'Cette piste n’est plus conservée (les pistes sont gardées environ un an, 500 au plus).' };
  }
}
