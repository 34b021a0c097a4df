import { formatNumber, formatPartialDate, type Locale } from '../../i18n/locale.ts';
import { plural, quoted } from '../../i18n/typography.ts';
import { escapeLine, safeUrl } from '../../render/markdown.ts';
import { feedLine, plainFeedLine } from '../../render/untrusted.ts';
import type { LeadCompany, LeadStory } from './leads-group.ts';
import { CAPS, WORDS } from './leads-words.ts';

/** A company's heading: its name, or the guessed subject (UNTRUSTED) of a company not in the knowledge base. */
export function companyTitle(entry: LeadCompany, locale: Locale): string {
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
