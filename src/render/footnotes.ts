import type { Locale } from '../i18n/locale.ts';
import { withColon } from '../i18n/typography.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { escapeMarkdown } from './markdown.ts';
import { sourceLink } from './sources.ts';

const SUPERSCRIPT_DIGITS = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'] as const;
const SOURCES = { en: 'Sources', fr: 'Sources' } as const;
/** A "Sources" line longer than this continues on the next line, so the layout never has to cut one. */
const LINE_ROOM = 1000;

/** 12 → "¹²". */
export function superscript(n: number): string {
  return [...String(n)].map((digit) => SUPERSCRIPT_DIGITS[Number(digit)]).join('');
}

/**
 * Footnotes for one card: facts carry short markers ("¹", "¹,³") and one "Sources" line lists each source
 * once, linked, numbered in order of first use. Use one instance per card, marking facts in reading order.
 */
export class Footnotes {
  readonly #kb: KnowledgeBase;
  readonly #locale: Locale;
  readonly #numbers = new Map<string, number>();
  #listed = 0;

  constructor(kb: KnowledgeBase, locale: Locale) {
    this.#kb = kb;
    this.#locale = locale;
  }

  /** The markers of these sources ("¹,³"), numbering the new ones; "" for no source. */
  mark(ids: readonly string[]): string {
    const numbers = [...new Set(ids)].map((id) => {
      let n = this.#numbers.get(id);
      if (n === undefined) {
        n = this.#numbers.size + 1;
        this.#numbers.set(id, n);
      }
      return n;
    });
    return numbers.sort((a, b) => a - b).map(superscript).join(',');
  }

  /** `text ¹,²`: the text followed by the markers of its sources. */
  after(text: string, ids: readonly string[]): string {
    const marks = this.mark(ids);
    return marks === '' ? text : `${text} ${marks}`;
  }

  get size(): number {
    return this.#numbers.size;
  }

  /**
   * "**Sources:** ¹ [Publisher](url) · ² _Publisher_": the sources marked since the last call, each once; one
   * line, or a few when long; none when there is no new source. Two parts of one answer can share the
   * numbering: the second lists only what the first did not.
   */
  lines(): string[] {
    const fresh = [...this.#numbers].slice(this.#listed);
    this.#listed = this.#numbers.size;
    const entries = fresh.map(([id, n]) => {
      const source = this.#kb.sources.get(id);
      return `${superscript(n)} ${source === undefined ? escapeMarkdown(id) : sourceLink(source, this.#locale)}`;
    });
    const lines: string[] = [];
    let line = `**${withColon(SOURCES[this.#locale], this.#locale)}**`;
    let first = true;
    for (const entry of entries) {
      if (!first && line.length + entry.length > LINE_ROOM) {
        lines.push(line);
        line = entry;
      } else {
        line = first ? `${line} ${entry}` : `${line} · ${entry}`;
      }
      first = false;
    }
    return entries.length === 0 ? [] : [...lines, line];
  }
}
