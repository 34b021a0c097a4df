import type { Locale } from '../../i18n/locale.ts';
import { withColon } from '../../i18n/typography.ts';

/** The reason labels `tagItem` writes, and their French; `(alias …)` and `(keyword …)` notes likewise. */
const REASON_LABELS_FR: Readonly<Record<string, string>> = {
  company: 'entreprise',
  dimension: 'dimension',
  'china context': 'contexte chinois',
  decoupling: 'découplage',
  'possible retreat': 'retrait possible',
};

/** A reason from `tagItem` (English, as stored and logged) in the reader's language. */
export function localizeReason(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  const colon = reason.indexOf(': ');
  const label = colon < 0 ? undefined : REASON_LABELS_FR[reason.slice(0, colon)];
  if (label === undefined) return reason;
  const rest = reason.slice(colon + 2).replace(/ \(keyword "/, ' (mot-clé "');
  return `${withColon(label, 'fr')} ${rest}`;
}
