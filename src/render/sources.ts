import type { Locale } from '../i18n/locale.ts';
import type { Source } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { escapeMarkdown, maskedLink } from './markdown.ts';
import { quoted } from '../i18n/typography.ts';

const VIA = { en: 'via', fr: 'via' } as const;
const UNNAMED = { en: 'publisher not named', fr: 'éditeur non précisé' } as const;

/**
 * `[Publisher](url)`, or the publisher in italics when the source has no URL ("publisher not named" when it
 * names none); "(via …)" for syndicated copies.
 */
export function sourceLink(source: Source, locale: Locale): string {
  const publisher = source.publisher ?? UNNAMED[locale];
  const name = source.url === undefined ? `_${escapeMarkdown(publisher)}_` : maskedLink(publisher, source.url);
  return source.via === undefined ? name : `${name} (${VIA[locale]} ${escapeMarkdown(source.via)})`;
}

/** Links to the sources with these ids, each once, in order; an unknown id is shown as it is. */
export function sourceLinks(kb: KnowledgeBase, ids: readonly string[], locale: Locale): string {
  return [...new Set(ids)]
    .map((id) => {
      const source = kb.sources.get(id);
      return source === undefined ? escapeMarkdown(id) : sourceLink(source, locale);
    })
    .join(', ');
}

/** An article by title and publisher: “Title” ([Publisher](url)). */
export function articleReference(kb: KnowledgeBase, id: string, locale: Locale): string {
  const source = kb.sources.get(id);
  if (source === undefined) return escapeMarkdown(id);
  return `${quoted(escapeMarkdown(source.title), locale)} (${sourceLink(source, locale)})`;
}
