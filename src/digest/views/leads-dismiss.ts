import type { APIActionRowComponent, APIButtonComponent } from 'discord.js';
import type { Locale, LocalizedText } from '../../i18n/locale.ts';
import { DISCORD_LIMITS as LIMITS } from '../../render/limits.ts';
import type { MessagePayload } from '../../render/payload.ts';
import type { DismissOutcome } from '../deliver/leads.ts';
import type { LeadsPage } from './leads.ts';
import { WORDS } from './leads-words.ts';

const ACTION_ROW = 1;
const BUTTON = 2;
const SECONDARY = 2;

/**
 * The page with its leads' dismiss buttons ("Dismiss 3" / « Écarter 3 »), five to a row, before any other row.
 * `customIdFor` gives the custom id of the button dismissing a lead.
 */
export function withDismissButtons(page: LeadsPage, locale: Locale, customIdFor: (leadId: string) => string): MessagePayload {
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let start = 0; start < page.leads.length; start += LIMITS.buttonsPerRow) {
    rows.push({
      type: ACTION_ROW,
      components: page.leads.slice(start, start + LIMITS.buttonsPerRow).map((lead) => ({
        type: BUTTON,
        style: SECONDARY,
        custom_id: customIdFor(lead.id),
        label: WORDS.dismiss[locale](lead.number),
      })),
    });
  }
  return rows.length === 0 ? page.payload : { ...page.payload, components: [...rows, ...(page.payload.components ?? [])] };
}

/** What an admin's dismissal did, said to them privately. */
export function dismissalText(outcome: DismissOutcome): LocalizedText {
  switch (outcome) {
    case 'dismissed':
      return { en: '✅ Lead dismissed: it will not be listed again.', fr: '✅ Piste écartée : elle ne sera plus listée.' };
    case 'already-dismissed':
      return { en: 'This lead was already dismissed.', fr: 'Cette piste était déjà écartée.' };
    case 'unknown':
      return { en: 'This lead is no longer kept (leads are kept about a year, 500 at most).', fr: 'Cette piste n’est plus conservée (les pistes sont gardées environ un an, 500 au plus).' };
  }
}
