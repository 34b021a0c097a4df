import { DISCORD_LIMITS as LIMITS, measureEmbed } from '../../render/limits.ts';
import type { MessagePayload } from '../../render/payload.ts';
import type { DiscordPoster } from './poster.ts';

/** Characters every composed digest message leaves free for `withDeliveryMarker`, separator included. */
export const DELIVERY_MARKER_ROOM = 80;
const SEPARATOR = ' · ';
/** How many of the channel's latest messages are searched for the marker of an interrupted attempt. */
const MARKER_LOOKBACK = 100;

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

/**
 * The id of the latest channel message whose last embed's footer is `marker` or ends with " " + `marker` (as
 * `withDeliveryMarker` writes it), so that a marker never matches inside a longer one. Rejects if history is unreadable.
 */
export async function findByMarker(poster: DiscordPoster, channelId: string, marker: string): Promise<string | undefined> {
  const recent = await poster.recentMessages(channelId, MARKER_LOOKBACK);
  const carries = (text: string | undefined) => text !== undefined && (text === marker || text.endsWith(` ${marker}`));
  return recent.find((candidate) => carries(candidate.embeds.at(-1)?.footer?.text))?.id;
}
