import type { Locale, LocalizedText } from '../i18n/locale.ts';

/**
 * The slash commands that answers name in their text, as each language's clients show them: a French client
 * lists `/résumé configurer`, not `/digest setup`. Must match the names and `name_localizations` the command
 * modules register (a test checks every entry against them).
 */
export const COMMAND_PATHS = {
  retreats: { en: 'retreats', fr: 'retraits' },
  company: { en: 'company', fr: 'entreprise' },
  dimension: { en: 'dimension', fr: 'dimension' },
  balance: { en: 'balance', fr: 'rapport-de-force' },
  leads: { en: 'leads', fr: 'pistes' },
  about: { en: 'about', fr: 'à-propos' },
  'digest setup': { en: 'digest setup', fr: 'résumé configurer' },
  'digest status': { en: 'digest status', fr: 'résumé état' },
  'digest preview': { en: 'digest preview', fr: 'résumé aperçu' },
  'digest now': { en: 'digest now', fr: 'résumé maintenant' },
  'digest off': { en: 'digest off', fr: 'résumé arrêter' },
  'digest filter': { en: 'digest filter', fr: 'résumé filtre' },
  'digest alert': { en: 'digest alert', fr: 'résumé alerte' },
  'feeds list': { en: 'feeds list', fr: 'flux liste' },
  'feeds add': { en: 'feeds add', fr: 'flux ajouter' },
  'feeds remove': { en: 'feeds remove', fr: 'flux retirer' },
  'feeds test': { en: 'feeds test', fr: 'flux tester' },
  'feeds mute': { en: 'feeds mute', fr: 'flux sourdine' },
  'feeds unmute': { en: 'feeds unmute', fr: 'flux rétablir' },
} as const satisfies Record<string, LocalizedText>;

export type CommandPath = keyof typeof COMMAND_PATHS;

/** "/digest setup" / "/résumé configurer". */
export function slash(path: CommandPath, locale: Locale): string {
  return `/${COMMAND_PATHS[path][locale]}`;
}
