const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: nothing in it can open a tag or leave an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** An http(s) URL fit for href/src, escaped; undefined for anything else (javascript:, data:, relative…). */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? escapeHtml(parsed.href) : undefined;
  } catch {
    return undefined;
  }
}

/** A colour attribute from Discord's integer colour; nothing from the text of a payload reaches a style. */
export function cssColor(color: unknown): string | undefined {
  if (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff) return undefined;
  return `#${color.toString(16).padStart(6, '0')}`;
}
