import type { LocalizedText } from '../../i18n/locale.ts';
import type { CappedDigest } from '../compose/compose.ts';
import type { ComposedFor } from './compose-for.ts';
import type { GuildRunResult, RunOutcome } from './types.ts';

const NOT_CONFIGURED: LocalizedText = {
  en: 'The digest is not set up on this server: choose a channel for it first.',
  fr: "Le résumé n'est pas configuré sur ce serveur : choisissez d'abord son salon.",
};

/** How many items the digest left out, by fate; nothing when it showed them all. */
export function notShownOf(digest: CappedDigest): Pick<GuildRunResult, 'notShown'> {
  const { plan } = digest;
  if (plan.overflow.length === 0) return {};
  const turnedAway = plan.overflow.reduce((sum, feed) => sum + feed.count, 0) - plan.carried.length - plan.summarized.length;
  return { notShown: { carried: plan.carried.length, summarized: plan.summarized.length, turnedAway } };
}

/** How many items the server's filters kept out of the digest; nothing when none. */
export function filteredOf(digest: ComposedFor): Pick<GuildRunResult, 'filtered'> {
  return digest.filtered.length === 0 ? {} : { filtered: digest.filtered.length };
}

export function emptyResult(guildId: string, outcome: RunOutcome): GuildRunResult {
  return { guildId, outcome, ok: true, delivered: 0, sent: 0, pending: 0, items: 0, feedNotices: [] };
}

export function notConfigured(guildId: string): GuildRunResult {
  return { ...emptyResult(guildId, 'not-configured'), ok: false, error: { code: 'not-configured', message: NOT_CONFIGURED } };
}
