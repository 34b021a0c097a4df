import { formatNumber, type Locale } from '../../i18n/locale.ts';
import { plural } from '../../i18n/typography.ts';
import { safeMentions } from '../../render/payload.ts';
import type { DigestItem, DigestMessage } from '../types.ts';
import { DIGEST_WORDS } from './words.ts';

/**
 * The messages with the server's alert: the first one holding a possible new retreat starts with `<@&roleId>` and a
 * count of them, and may ping that role and only it; the others ping nobody. No retreat shown, or an id that is not a
 * Discord id: the messages unchanged.
 */
export function withRoleAlert(messages: readonly DigestMessage[], shown: readonly DigestItem[], roleId: string | undefined, locale: Locale): DigestMessage[] {
  const retreats = new Set(shown.filter((item) => item.possibleRetreat).map((item) => item.id));
  const mentions = safeMentions({ roles: [roleId] });
  const at = messages.findIndex((message) => message.itemIds.some((id) => retreats.has(id)));
  if (!('roles' in mentions) || at < 0) return [...messages];
  const count = `⚠️ ${formatNumber(retreats.size, locale)} ${plural(retreats.size, DIGEST_WORDS.retreats[locale], locale)}`;
  const content = `<@&${mentions.roles[0]}> ${DIGEST_WORDS.alert[locale].replace('{count}', count)}`;
  return messages.map((message, index) => (index === at ? { ...message, payload: { ...message.payload, content, allowed_mentions: mentions } } : message));
}
