import { measureEmbed } from '../../render/layout.ts';
import { DISCORD_LIMITS as LIMITS } from '../../render/limits.ts';
import type { MessagePayload } from '../../render/payload.ts';

/** Characters every composed digest message leaves free for `withDeliveryMarker`, separator included. */
export const DELIVERY_MARKER_ROOM = 80;
const SEPARATOR = ' · ';

/**
 * The payload with `marker` (e.g. "dw:RUNID:2/5") as the footer of its last embed, after any footer already
 * there. A marker of up to `DELIVERY_MARKER_ROOM - 3` characters always fits a message from `composeDigest`.
 * Throws a RangeError when the payload has no embed or the marker would break a Discord limit.
 */
export function withDeliveryMarker(payload: MessagePayload, marker: string): MessagePayload {
  const last = payload.embeds.at(-1);
  if (last === undefined) throw new RangeError('a delivery marker needs an embed to carry it');
  const old = last.footer?.text ?? '';
  const text = old === '' ? marker : `${old}${SEPARATOR}${marker}`;
  const total = payload.embeds.reduce((sum, embed) => sum + measureEmbed(embed), 0) - old.length + text.length;
  if (text.length > LIMITS.footerText || total > LIMITS.embedCharactersPerMessage) {
    throw new RangeError(`delivery marker "${marker}" does not fit: the message would hold ${total} characters`);
  }
  return { ...payload, embeds: [...payload.embeds.slice(0, -1), { ...last, footer: { ...last.footer, text } }] };
}
