import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import type { Locale } from '../i18n/locale.ts';
import { DISCORD_LIMITS as LIMITS, measureEmbed } from './limits.ts';
import type { MessagePayload } from './payload.ts';

export interface PagerOptions {
  /** Zero-based index of the page shown. */
  readonly index: number;
  readonly total: number;
  /** The custom id of a button that shows `page` (zero-based); the Discord layer encodes its state in it. */
  readonly customIdFor: (page: number) => string;
  readonly locale: Locale;
}

const PREVIOUS = { en: '◀ Previous', fr: '◀ Précédent' } as const;
const NEXT = { en: 'Next ▶', fr: 'Suivant ▶' } as const;
const ACTION_ROW = 1;
const BUTTON = 2;
const SECONDARY = 2;

function button(customId: string, label: string, disabled: boolean): APIButtonComponent {
  if (customId.length > LIMITS.customId) throw new Error(`custom id longer than ${LIMITS.customId} characters: ${customId}`);
  return { type: BUTTON, style: SECONDARY, custom_id: customId, label, disabled };
}

/** The page's footer with "Page 2 / 5" added to its last embed, unless that would break a limit. */
function withPageFooter(embeds: readonly APIEmbed[], label: string): APIEmbed[] {
  const last = embeds.at(-1);
  if (last === undefined) return [...embeds];
  const text = last.footer?.text ? `${last.footer.text} · ${label}` : label;
  const total = embeds.reduce((sum, embed) => sum + measureEmbed(embed), 0) - (last.footer?.text.length ?? 0) + text.length;
  if (text.length > LIMITS.footerText || total > LIMITS.embedCharactersPerMessage) return [...embeds];
  return [...embeds.slice(0, -1), { ...last, footer: { ...last.footer, text } }];
}

/**
 * The page with a row of buttons: ◀ Previous, a disabled "2 / 5", Next ▶ (each arrow disabled at its end).
 * Each button targets a different page number (the disabled arrows point just outside the range), so the
 * three custom ids are distinct whenever `customIdFor` is.
 */
export function withPager(payload: MessagePayload, options: PagerOptions): MessagePayload {
  const { index, total, customIdFor, locale } = options;
  const indicator = `${index + 1} / ${total}`;
  const row: APIActionRowComponent<APIButtonComponent> = {
    type: ACTION_ROW,
    components: [
      button(customIdFor(index - 1), PREVIOUS[locale], index <= 0),
      button(customIdFor(index), indicator, true),
      button(customIdFor(index + 1), NEXT[locale], index >= total - 1),
    ],
  };
  const ids = new Set(row.components.map((component) => ('custom_id' in component ? component.custom_id : '')));
  if (ids.size !== row.components.length) throw new Error('customIdFor must give each page its own custom id');
  const components = [...(payload.components ?? []), row];
  if (components.length > LIMITS.actionRowsPerMessage) throw new Error('a message holds at most 5 rows of buttons');
  return { ...payload, embeds: withPageFooter(payload.embeds, `Page ${indicator}`), components };
}
