import { slash } from '../../render/commands.ts';
import type { Locale } from '../../i18n/locale.ts';
import { quoted, withColon } from '../../i18n/typography.ts';
import { feedLine } from '../../render/untrusted.ts';
import { describeSchedule, weekdayName } from '../schedule/cron-schedule.ts';
import type { BeforeSetup, MuteOutcome } from '../service/index.ts';
import { DEFAULT_DIGEST_ITEMS, type DigestFilters, type GuildSettings } from '../state.ts';

/** The views of the digest's shaping settings: filters, the alert role, the item cap, the frequency, muted feeds. */

/** A filter word as shown back: inert (it is what an admin typed), quoted. */
const shownWord = (word: string, locale: Locale) => quoted(feedLine(word, 80), locale);

function wordList(words: readonly string[], locale: Locale): string {
  return words.map((word) => shownWord(word, locale)).join(', ');
}

/** "include “Huawei”, “TSMC” · exclude “sports”", or "none". */
export function describeFilters(filters: DigestFilters | undefined, locale: Locale): string {
  const include = filters?.include ?? [];
  const exclude = filters?.exclude ?? [];
  if (include.length + exclude.length === 0) return { en: 'none (every relevant item)', fr: 'aucun (toute actualité pertinente)' }[locale];
  const parts = [
    ...(include.length === 0 ? [] : [`${{ en: 'only items with', fr: 'seulement les actualités avec' }[locale]} ${wordList(include, locale)}`]),
    ...(exclude.length === 0 ? [] : [`${{ en: 'none with', fr: 'aucune avec' }[locale]} ${wordList(exclude, locale)}`]),
  ];
  return parts.join(' · ');
}

/** /digest filter: the filters now (after a change when `changed`). */
export function renderFilters(filters: DigestFilters, changed: boolean, locale: Locale): string {
  const label = withColon({ en: 'Digest filters', fr: 'Filtres du résumé' }[locale], locale);
  const hint = {
    en: `Set them with ${slash('digest filter', 'en')} include:words exclude:words (commas between words); clear:True removes them.`,
    fr: `Réglez-les avec ${slash('digest filter', 'fr')} inclure:mots exclure:mots (virgules entre les mots) ; effacer:True les retire.`,
  }[locale];
  return `${changed ? '✅ ' : ''}${label} ${describeFilters(filters, locale)}${changed ? '' : `\n${hint}`}`;
}

/** /digest alert: the role now pinged (shown as a mention the reply never pings), or that the alert is off. */
export function renderAlert(roleId: string | undefined, previous: string | undefined, locale: Locale, unpingable = false): string {
  if (roleId !== undefined) {
    const warning = unpingable
      ? {
        en: '\n⚠️ This role is not mentionable and I lack the “Mention @everyone, @here and All Roles” permission: Discord would show the mention without pinging. Make the role mentionable (Server Settings → Roles) or give me that permission.',
        fr: '\n⚠️ Ce rôle n’est pas mentionnable et il me manque la permission « Mentionner @everyone, @here et tous les rôles » : Discord afficherait la mention sans notifier. Rendez le rôle mentionnable (Paramètres du serveur → Rôles) ou donnez-moi cette permission.',
      }[locale]
      : '';
    return {
      en: `✅ <@&${roleId}> will be pinged in the digest message that holds possible new retreats (and nobody else, ever).${warning}`,
      fr: `✅ <@&${roleId}> sera mentionné dans le message du résumé qui contient des retraits possibles (et personne d’autre, jamais).${warning}`,
    }[locale];
  }
  return previous === undefined
    ? { en: 'No alert role was set: the digest pings nobody.', fr: 'Aucun rôle d’alerte n’était défini : le résumé ne mentionne personne.' }[locale]
    : { en: `The alert is off: <@&${previous}> will no longer be pinged.`, fr: `L’alerte est désactivée : <@&${previous}> ne sera plus mentionné.` }[locale];
}

/** /feeds mute and unmute. */
export function renderMuted(outcome: MuteOutcome, muted: boolean, locale: Locale): string {
  const name = quoted(feedLine(outcome.feed.label, 80), locale);
  if (!muted) return { en: `✅ ${name} is tracked again from the next digest.`, fr: `✅ ${name} est de nouveau suivi dès le prochain résumé.` }[locale];
  if (!outcome.changed) return { en: `${name} was already muted.`, fr: `${name} était déjà en sourdine.` }[locale];
  return {
    en: `🔇 ${name} is muted: it is no longer fetched for this server nor shown in its digest. ${slash('feeds unmute', 'en')} brings it back.`,
    fr: `🔇 ${name} est en sourdine : il n’est plus lu pour ce serveur ni montré dans son résumé. ${slash('feeds unmute', 'fr')} le rétablit.`,
  }[locale];
}

/** The frequency in words: "daily" / "weekly, on Mondays". */
export function describeFrequency(settings: Pick<GuildSettings, 'frequency' | 'weekday'>, locale: Locale): string {
  if (settings.frequency !== 'weekly' || settings.weekday === undefined) return { en: 'daily', fr: 'quotidien' }[locale];
  const day = weekdayName(settings.weekday, locale);
  return locale === 'fr' ? `hebdomadaire, le ${day}` : `weekly, on ${day}s`;
}

/** The item cap in words: "at most 20 items (default)". */
export function describeCap(maxItems: number | undefined, locale: Locale): string {
  const n = maxItems ?? DEFAULT_DIGEST_ITEMS;
  const base = { en: `at most ${n} item(s)`, fr: `au plus ${n} actualité(s)` }[locale];
  return maxItems === undefined ? `${base} ${{ en: '(default)', fr: '(par défaut)' }[locale]}` : base;
}

/** The /digest status lines of the shaping settings: frequency, item cap, filters, alert role. */
export function settingsLines(settings: GuildSettings | undefined, locale: Locale): string[] {
  const line = (label: { en: string; fr: string }, value: string) => `${withColon(label[locale], locale)} ${value}`;
  const alert = settings?.alertRoleId === undefined
    ? { en: `none — ${slash('digest alert', 'en')} role: sets one`, fr: `aucun — ${slash('digest alert', 'fr')} rôle: en définit un` }[locale]
    : `<@&${settings.alertRoleId}> ${{ en: '(pinged for possible new retreats)', fr: '(mentionné pour les retraits possibles)' }[locale]}`;
  return [
    line({ en: 'Frequency', fr: 'Fréquence' }, describeFrequency(settings ?? {}, locale)),
    line({ en: 'Items per digest', fr: 'Actualités par résumé' }, describeCap(settings?.maxItems, locale)),
    line({ en: 'Filters', fr: 'Filtres' }, describeFilters(settings?.filters, locale)),
    line({ en: 'Alert role', fr: 'Rôle d’alerte' }, alert),
  ];
}

/** What a server not set up yet is shown before its preview: what the preview assumed, and what setup would change. */
export function renderPreviewBeforeSetup({ settings, defaultFeeds }: BeforeSetup, locale: Locale): string {
  const feeds = { en: `${defaultFeeds} default feed(s)`, fr: `${defaultFeeds} flux par défaut` }[locale]
    + (settings.feeds.length === 0 ? '' : { en: ` and ${settings.feeds.length} of this server’s`, fr: ` et ${settings.feeds.length} de ce serveur` }[locale]);
  const period = settings.frequency === 'weekly' ? { en: 'the last 7 days', fr: 'les 7 derniers jours' } : { en: 'the last 24 hours', fr: 'les dernières 24 heures' };
  const when = describeSchedule(settings.cron, settings.timeZone, locale);
  return {
    en: [
      `👀 **Preview before setup.** The digest is not set up on this server: this is what it would post now from ${feeds}, with filters: ${describeFilters(settings.filters, 'en')}, covering ${period.en} of collected news.`,
      `${slash('digest setup', 'en')} channel:… would post it in that channel ${when} (time:, timezone:, frequency:, items: change that), ${describeCap(settings.maxItems, 'en')} each time, starting with the news that comes after setup: nothing from before is posted.`,
    ].join('\n'),
    fr: [
      `👀 **Aperçu avant configuration.** Le résumé n’est pas configuré sur ce serveur : voici ce qu’il publierait maintenant à partir de ${feeds}, avec les filtres : ${describeFilters(settings.filters, 'fr')}, sur ${period.fr} d’actualités collectées.`,
      `${slash('digest setup', 'fr')} salon:… le publierait dans ce salon ${when} (heure:, fuseau:, fréquence:, actualités: le changent), ${describeCap(settings.maxItems, 'fr')} à chaque fois, à partir des actualités qui arrivent après la configuration : rien d’antérieur n’est publié.`,
    ].join('\n'),
  }[locale];
}
