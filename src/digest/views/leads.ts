import { formatNumber, type Locale } from '../../i18n/locale.ts';
import { plural } from '../../i18n/typography.ts';
import { layoutPages, type EmbedBlock } from '../../render/layout.ts';
import { DISCORD_LIMITS as LIMITS } from '../../render/limits.ts';
import type { MessagePayload } from '../../render/payload.ts';
import { truncateAtWord } from '../../render/split.ts';
import { feedLine } from '../../render/untrusted.ts';
import type { LeadsView } from './leads-group.ts';
import { companyTitle, leadLine } from './leads-line.ts';
import { CAPS, WORDS } from './leads-words.ts';

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
 * A page holds at most LEADS_PER_PAGE leads (two rows of dismiss buttons), COMPANIES_PER_PAGE companies and
 * PAGE_CHARACTERS characters (each lead's parts are capped: see CAPS).
 */
export const LEADS_PER_PAGE = 10;
const COMPANIES_PER_PAGE = 6;
const PAGE_CHARACTERS = 4_800;
const COLOR = 0xb9770e;

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
