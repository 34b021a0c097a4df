import { frenchSpacing } from '../../i18n/typography.ts';
import { RESUMES } from '../deliver/errors.ts';
import { slash } from '../../render/commands.ts';
import type { DigestStatusView, FeedHealth } from '../service/index.ts';
import { discordTimestamp } from '../../render/timestamp.ts';
import { feedLine, plainFeedLine } from '../../render/untrusted.ts';
import type { FeedTestResult } from '../collect/feed-test.ts';
import type { GuildRunResult } from '../run/types.ts';
import { describeSchedule } from '../schedule/cron-schedule.ts';
import { localizeReason } from '../../feeds/tag/localize-reason.ts';
import type { Locale, LocalizedText } from '../../i18n/locale.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { layoutPages, section } from '../../render/layout.ts';
import { maskedLink } from '../../render/markdown.ts';
import type { MessagePayload } from '../../render/payload.ts';
import { describeTruncation } from '../collect/truncation.ts';
import { describeRemoval } from '../compose/filter-note.ts';
import { plural, withColon } from '../../i18n/typography.ts';
import { settingsLines } from './settings.ts';

/** The admin views of /digest and /feeds: status, feed lists, feed tests, run results. */

const W = {
  statusTitle: { en: 'Daily digest', fr: 'Résumé quotidien' },
  channel: { en: 'Channel', fr: 'Salon' },
  schedule: { en: 'Schedule', fr: 'Horaire' },
  off: { en: 'off', fr: 'désactivé' },
  notSetUp: { en: `not set up — use ${slash('digest setup', 'en')}`, fr: `non configuré — utilisez ${slash('digest setup', 'fr')}` },
  nextRun: { en: 'Next digest', fr: 'Prochain résumé' },
  lastRun: { en: 'Last run', fr: 'Dernier passage' },
  never: { en: 'never', fr: 'jamais' },
  pending: { en: 'Waiting to be sent', fr: 'En attente d’envoi' },
  feeds: { en: 'Feeds', fr: 'Flux' },
  defaults: { en: 'Default feeds', fr: 'Flux par défaut' },
  own: { en: 'This server’s feeds', fr: 'Flux de ce serveur' },
  mutedDefaults: { en: 'Muted default feeds', fr: 'Flux par défaut en sourdine' },
  muted: { en: `muted — ${slash('feeds unmute', 'en')} brings it back`, fr: `en sourdine — ${slash('feeds unmute', 'fr')} le rétablit` },
  none: { en: `none yet — add one with ${slash('feeds add', 'en')}`, fr: `aucun pour l’instant — ajoutez-en avec ${slash('feeds add', 'fr')}` },
  neverFetched: { en: 'not fetched yet', fr: 'pas encore lu' },
  healthy: { en: 'ok', fr: 'ok' },
  testTitle: { en: 'Feed test', fr: 'Test du flux' },
  kept: { en: 'kept', fr: 'retenu' },
  dropped: { en: 'not relevant', fr: 'non pertinent' },
  filteredOut: { en: 'kept out by this server’s filters', fr: 'écarté par les filtres de ce serveur' },
} as const satisfies Record<string, LocalizedText>;

const FAILURES = {
  en: { one: 'failure in a row', other: 'failures in a row' },
  fr: { one: 'échec d’affilée', other: 'échecs d’affilée' },
} as const;

function feedHealthLine(feed: FeedHealth, locale: Locale): string {
  const name = maskedLink(plainFeedLine(feed.label, 80), feed.url);
  const state = feed.state;
  if (feed.muted === true) return `🔇 ${name} — ${W.muted[locale]}`;
  if (state?.lastFetchAt === undefined) return `▫️ ${name} — ${W.neverFetched[locale]}`;
  if (state.consecutiveFailures > 0) {
    const reason = state.lastError === undefined ? '' : ` — ${feedLine(state.lastError.message[locale], 200)}`;
    return `⚠️ ${name} — ${state.consecutiveFailures} ${plural(state.consecutiveFailures, FAILURES[locale], locale)}${reason}`;
  }
  return `✅ ${name} — ${discordTimestamp(state.lastSuccessAt, 'R') ?? W.healthy[locale]}`;
}

export function renderFeedList(feeds: readonly FeedHealth[], maxOwn: number, locale: Locale): MessagePayload[] {
  const own = feeds.filter((f) => f.own);
  const defaults = feeds.filter((f) => !f.own && f.muted !== true);
  const muted = feeds.filter((f) => f.muted === true);
  return layoutPages([{
    title: W.feeds[locale],
    color: 0x2b6cb0,
    fields: [
      { name: `${W.own[locale]} (${own.length}/${maxOwn})`, lines: own.length === 0 ? [W.none[locale]] : own.map((f) => feedHealthLine(f, locale)) },
      { name: `${W.defaults[locale]} (${defaults.length})`, lines: defaults.map((f) => feedHealthLine(f, locale)) },
      ...(muted.length === 0 ? [] : [{ name: `${W.mutedDefaults[locale]} (${muted.length})`, lines: muted.map((f) => feedHealthLine(f, locale)) }]),
    ],
  }], { locale });
}

/** `shard`: the shard that answered, shown to operators when the bot runs several. */
export function renderDigestStatus(status: DigestStatusView, locale: Locale, shard?: { readonly id: number; readonly count: number }): MessagePayload[] {
  const s = status.settings;
  const lines = [
    `${withColon(W.channel[locale], locale)} ${s?.channelId === undefined ? W.notSetUp[locale] : `<#${s.channelId}>`}`,
    `${withColon(W.schedule[locale], locale)} ${s === undefined ? W.notSetUp[locale] : `${describeSchedule(s.cron, s.timeZone, locale)}${s.enabled ? '' : ` — ${W.off[locale]}`}`}`,
    ...settingsLines(s, locale),
    `${withColon(W.nextRun[locale], locale)} ${discordTimestamp(status.nextRun?.toISOString(), 'F') ?? '—'}`,
    `${withColon(W.lastRun[locale], locale)} ${lastRunText(status, locale)}`,
    ...(status.pendingMessages > 0
      ? [`${withColon(W.pending[locale], locale)} ${{ en: `${status.pendingMessages} message(s), ${status.pendingItems} item(s)`, fr: `${status.pendingMessages} message(s), ${status.pendingItems} actualité(s)` }[locale]}`]
      : []),
    ...(shard !== undefined && shard.count > 1
      ? [`${withColon({ en: 'Answered by shard', fr: 'Réponse du shard' }[locale], locale)} ${shard.id} / ${shard.count}`]
      : []),
  ];
  return layoutPages([
    { title: W.statusTitle[locale], color: 0x2b6cb0, description: lines },
    { title: W.feeds[locale], color: 0x2b6cb0, description: status.feeds.map((f) => feedHealthLine(f, locale)) },
  ], { locale });
}

function lastRunText(status: DigestStatusView, locale: Locale): string {
  const run = status.lastRun;
  if (run === undefined) return W.never[locale];
  const when = discordTimestamp(run.at, 'R') ?? run.at;
  const result = run.ok
    ? { en: `${run.delivered} item(s) delivered`, fr: `${run.delivered} actualité(s) envoyée(s)` }[locale]
    : `⚠️ ${run.error?.[locale] ?? ''}`;
  return `${when} — ${result}`;
}

export function renderFeedTest(kb: KnowledgeBase, url: string, result: FeedTestResult, locale: Locale): MessagePayload[] {
  if (!result.ok) {
    return layoutPages([{ title: W.testTitle[locale], color: 0xc53030, description: [maskedLink(plainFeedLine(url, 200), url), `⚠️ ${result.error.message[locale]}`] }], { locale });
  }
  const kept = result.items.filter((i) => i.kept && i.filteredOut === undefined).length;
  const summary = {
    en: `HTTP ${result.status} · ${result.items.length} item(s) · ${kept} would go into the digest`,
    fr: `HTTP ${result.status} · ${result.items.length} élément(s) · ${kept} iraient dans le résumé`,
  }[locale];
  const lines = result.items.slice(0, 20).map((item) => {
    const tags = [...item.companies.map((id) => kb.companies.get(id)?.name ?? id), ...item.dimensions.map((id) => kb.dimensionsById.get(id)?.name[locale] ?? id)];
    const verdict = !item.kept
      ? `▫️ ${W.dropped[locale]}`
      : item.filteredOut === undefined ? `✅ ${W.kept[locale]}` : `🚫 ${W.filteredOut[locale]} (${describeRemoval(item.filteredOut, locale)})`;
    const title = item.link === null ? feedLine(item.title, 200) : maskedLink(plainFeedLine(item.title, 200), item.link);
    const why = item.reasons.map((reason) => localizeReason(reason, locale)).join(' · ');
    return `${verdict} (${item.score}) ${title}${tags.length > 0 ? ` — ${feedLine(tags.join(', '), 200)}` : ''}${why === '' ? '' : `\n  ↳ ${feedLine(why, 300)}`}`;
  });
  const truncated = result.truncated === undefined ? [] : [`⚠️ ${describeTruncation(result.truncated, result.items.length, locale)}`];
  return layoutPages([{ title: W.testTitle[locale], color: 0x2f855a, description: [maskedLink(plainFeedLine(url, 200), url), summary, ...truncated, ...section('—', lines)] }], { locale });
}

const OUTCOMES: Record<GuildRunResult['outcome'], LocalizedText> = {
  delivered: { en: 'Digest posted in <#{channel}>: {items} item(s) in {sent} message(s).', fr: 'Résumé publié dans <#{channel}>\u00a0: {items} actualité(s) en {sent} message(s).' },
  'nothing-new': { en: 'Nothing new to post: every relevant item was already delivered.', fr: 'Rien de nouveau à publier\u00a0: toutes les actualités pertinentes ont déjà été envoyées.' },
  failed: { en: 'The digest could not be posted in full: {error}', fr: 'Le résumé n’a pas pu être publié en entier\u00a0: {error}' },
  'not-configured': {
    en: `The digest is not set up on this server: run ${slash('digest setup', 'en')} first.`,
    fr: `Le résumé n’est pas configuré sur ce serveur\u00a0: lancez d’abord ${slash('digest setup', 'fr')}.`,
  },
  preview: { en: 'Preview.', fr: 'Aperçu.' },
};

export function describeRun(result: GuildRunResult, channelId: string | undefined, locale: Locale): string {
  const text = OUTCOMES[result.outcome][locale]
    .replace('{channel}', channelId ?? '')
    .replace('{items}', String(result.delivered))
    .replace('{sent}', String(result.sent))
    .replace('{error}', withResumeNote(result.error?.message[locale] ?? '', locale));
  // The failure's own words come from deeper layers, written with plain spaces.
  return locale === 'fr' ? frenchSpacing(text) : text;
}

/** A failure's message ending with what happens next, said once (delivery errors already say it). */
function withResumeNote(message: string, locale: Locale): string {
  if (message.endsWith(RESUMES[locale])) return message;
  const note = { en: 'What was not sent will go out at the next run.', fr: 'Ce qui n’est pas parti sera envoyé au prochain passage.' }[locale];
  return `${message} ${note}`;
}
