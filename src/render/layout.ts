import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Locale } from '../i18n/locale.ts';
import { frenchSpacing } from '../i18n/typography.ts';
import { DISCORD_LIMITS as LIMITS, measureEmbed } from './limits.ts';
import { noMentions, type MessagePayload } from './payload.ts';
import { packLines, truncateAtWord } from './split.ts';

/** A field of an embed block: its value is given as lines (facts), which are never cut when they fit. */
export interface FieldBlock {
  readonly name: string;
  readonly lines: readonly string[];
  readonly inline?: boolean;
}

/**
 * One logical embed before layout. Lines are atomic facts: they may hold "\n" (a quote and its speaker),
 * and the layout only breaks between lines, unless a single line exceeds a limit on its own.
 * `title` and field names may hold markdown; `footer` and `author` are shown as plain text by Discord.
 */
export interface EmbedBlock {
  readonly title?: string;
  /** Makes the title a link; set on the first embed of the block only. */
  readonly url?: string;
  readonly color?: number;
  readonly author?: string;
  readonly description?: readonly string[];
  readonly fields?: readonly FieldBlock[];
  readonly footer?: string;
}

export interface LayoutOptions {
  readonly locale: Locale;
  /** Characters left free in every message for later additions, such as the pager's page footer. */
  readonly reserve?: number;
  /** Message text above the embeds of the first page. */
  readonly content?: string;
}

/** Room every page keeps for `withPager`'s footer by default. */
export const PAGER_RESERVE = 64;

const CONTINUED = { en: ' (cont.)', fr: ' (suite)' } as const;
const EMPTY_NAME = '\u200b';

function fieldsOf(block: EmbedBlock, suffix: string): APIEmbedField[] {
  return (block.fields ?? []).flatMap((field) => {
    let name = field.name.trim() === '' ? EMPTY_NAME : field.name;
    let lines = field.lines;
    if (name.length > LIMITS.fieldName) {
      lines = [`**${field.name}**`, ...lines];
      name = truncateAtWord(name, LIMITS.fieldName);
    }
    const continued = `${truncateAtWord(name, LIMITS.fieldName - suffix.length)}${suffix}`;
    return packLines(lines, LIMITS.fieldValue).map((value, i) => ({
      name: i === 0 ? name : continued,
      value,
      ...(field.inline === undefined ? {} : { inline: field.inline }),
    }));
  });
}

/** The block with French spacing in all its text, when the answer is in French. */
function typeset(block: EmbedBlock, locale: Locale): EmbedBlock {
  if (locale !== 'fr') return block;
  return {
    ...block,
    ...(block.title === undefined ? {} : { title: frenchSpacing(block.title) }),
    ...(block.author === undefined ? {} : { author: frenchSpacing(block.author) }),
    ...(block.footer === undefined ? {} : { footer: frenchSpacing(block.footer) }),
    ...(block.description === undefined ? {} : { description: block.description.map(frenchSpacing) }),
    ...(block.fields === undefined ? {} : { fields: block.fields.map((field) => ({ ...field, name: frenchSpacing(field.name), lines: field.lines.map(frenchSpacing) })) }),
  };
}

/** One block as embeds that each fit Discord's limits within `budget` characters; French text gets French spacing. */
export function blockToEmbeds(given: EmbedBlock, locale: Locale, budget: number): APIEmbed[] {
  const block = typeset(given, locale);
  const suffix = CONTINUED[locale];
  const footer = block.footer === undefined ? undefined : truncateAtWord(block.footer, LIMITS.footerText);
  const author = block.author === undefined ? undefined : truncateAtWord(block.author, LIMITS.authorName);
  let title = block.title;
  let description = block.description ?? [];
  if (title !== undefined && title.length > LIMITS.embedTitle) {
    description = [`**${title}**`, ...description];
    title = truncateAtWord(title, LIMITS.embedTitle);
  }
  const continuedTitle = title === undefined ? undefined : `${truncateAtWord(title, LIMITS.embedTitle - suffix.length)}${suffix}`;
  const fixed = Math.max(title?.length ?? 0, continuedTitle?.length ?? 0) + (footer?.length ?? 0) + (author?.length ?? 0);
  const room = budget - fixed;

  const start = (first: boolean, text?: string): APIEmbed => {
    const heading = first ? title : continuedTitle;
    return {
      ...(heading === undefined ? {} : { title: heading }),
      ...(first && block.url !== undefined ? { url: block.url } : {}),
      ...(text === undefined ? {} : { description: text }),
      ...(block.color === undefined ? {} : { color: block.color }),
      ...(first && author !== undefined ? { author: { name: author } } : {}),
    };
  };

  const embeds = packLines(description, Math.min(LIMITS.embedDescription, room)).map((text, i) => start(i === 0, text));
  let current = embeds.at(-1) ?? start(true);
  if (embeds.length === 0) embeds.push(current);
  for (const field of fieldsOf(block, suffix)) {
    const fields = current.fields ?? [];
    const full = fields.length >= LIMITS.fieldsPerEmbed;
    if (full || measureEmbed(current) + (footer?.length ?? 0) + field.name.length + field.value.length > budget) {
      current = start(false);
      embeds.push(current);
    }
    current.fields = [...(current.fields ?? []), field];
  }
  if (footer !== undefined) current.footer = { text: footer };
  return embeds;
}

/** A block's embeds for one locale and budget, each with its size as `measureEmbed` counts it. */
interface LaidOutBlock {
  readonly embeds: readonly APIEmbed[];
  readonly sizes: readonly number[];
}

/** Layouts of lasting blocks, by locale and budget; a block that is not lasting has no entry. */
const lastingLayouts = new WeakMap<EmbedBlock, Map<string, LaidOutBlock>>();

function freezeEmbed(embed: APIEmbed): APIEmbed {
  for (const field of embed.fields ?? []) Object.freeze(field);
  if (embed.fields !== undefined) Object.freeze(embed.fields);
  if (embed.footer !== undefined) Object.freeze(embed.footer);
  if (embed.author !== undefined) Object.freeze(embed.author);
  return Object.freeze(embed);
}

/**
 * Marks a block as lasting: built once and never changed (a knowledge-base event rendered once per kb
 * and locale), so `layoutPages` lays it out once per locale and budget and reuses its embeds, frozen,
 * in every answer that shows it. Returns the block itself.
 */
export function lastingBlock<B extends EmbedBlock>(block: B): B {
  if (!lastingLayouts.has(block)) lastingLayouts.set(block, new Map());
  return block;
}

function layOut(block: EmbedBlock, locale: Locale, budget: number): LaidOutBlock {
  const layouts = lastingLayouts.get(block);
  const key = `${locale}:${budget}`;
  const known = layouts?.get(key);
  if (known !== undefined) return known;
  const embeds = blockToEmbeds(block, locale, budget);
  const laidOut: LaidOutBlock = { embeds: layouts === undefined ? embeds : embeds.map(freezeEmbed), sizes: embeds.map(measureEmbed) };
  layouts?.set(key, laidOut);
  return laidOut;
}

/**
 * Lays logical blocks out as messages within every Discord limit: long descriptions and fields continue in
 * further embeds and fields ("(cont.)" / « (suite) »), then embeds are packed in order, at most 10 and
 * 6,000 characters (minus the reserve) per message. Same input, same output.
 */
export function layoutPages(blocks: readonly EmbedBlock[], options: LayoutOptions): MessagePayload[] {
  const budget = LIMITS.embedCharactersPerMessage - (options.reserve ?? PAGER_RESERVE);
  const pages: APIEmbed[][] = [];
  let page: APIEmbed[] = [];
  let size = 0;
  for (const block of blocks) {
    const { embeds, sizes } = layOut(block, options.locale, budget);
    for (let i = 0; i < embeds.length; i++) {
      const embed = embeds[i] as APIEmbed;
      const measure = sizes[i] ?? 0;
      if (measure === 0) continue;
      if (page.length > 0 && (page.length >= LIMITS.embedsPerMessage || size + measure > budget)) {
        pages.push(page);
        page = [];
        size = 0;
      }
      page.push(embed);
      size += measure;
    }
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages.map((embeds, i) => ({
    ...(i === 0 && options.content !== undefined
      ? { content: truncateAtWord(options.locale === 'fr' ? frenchSpacing(options.content) : options.content, LIMITS.content) }
      : {}),
    embeds,
    allowed_mentions: noMentions(),
  }));
}

/** Lines under a bold heading, the heading kept with the first line so no chunk ends on a bare heading. */
export function section(heading: string, lines: readonly string[]): string[] {
  const [first, ...rest] = lines;
  return first === undefined ? [] : [`**${heading}**\n${first}`, ...rest];
}
