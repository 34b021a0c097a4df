import { slash } from '../../render/commands.ts';
import { formatNumber } from '../../i18n/locale.ts';

/** Caps on each part of a lead, so that a page of them always fits one message. */
export const CAPS = { title: 200, link: 500, outlets: 3, outlet: 60, words: 4, word: 40, subject: 80 } as const;

/** The text of /leads in both languages. */
export const WORDS = {
  title: { en: 'Possible new retreats', fr: 'Retraits possibles' },
  period: {
    en: (days: number) => (days === 1 ? 'last 24 hours' : `last ${formatNumber(days, 'en')} days`),
    fr: (days: number) => (days === 1 ? 'dernières 24 heures' : `${formatNumber(days, 'fr')} derniers jours`),
  },
  lead: { en: { one: 'lead', other: 'leads' }, fr: { one: 'piste tirée', other: 'pistes tirées' } },
  outlet: { en: { one: 'outlet', other: 'outlets' }, fr: { one: 'média', other: 'médias' } },
  summary: {
    en: (count: string, noun: string) => `${count} ${noun} from this server’s digests, by company, newest first.`,
    fr: (count: string, noun: string) => `${count} ${noun} des résumés de ce serveur, par entreprise, de la plus récente à la plus ancienne.`,
  },
  caveat: {
    en: 'Flagged automatically (a company, a word of retreat and a Chinese context in one news item): check before trusting. Admins can dismiss a lead.',
    fr: 'Repérées automatiquement (une entreprise, un mot de retrait et un contexte chinois dans une même actualité) : à vérifier avant d’y croire. Les admins peuvent écarter une piste.',
  },
  dismissed: {
    en: { one: 'dismissed lead not shown.', other: 'dismissed leads not shown.' },
    fr: { one: 'piste écartée non affichée.', other: 'pistes écartées non affichées.' },
  },
  none: {
    en: `No possible new retreat in this server’s digests for this period. The digest flags them as it delivers the news (\`${slash('digest setup', 'en')}\`).`,
    fr: `Aucun retrait possible dans les résumés de ce serveur sur cette période. Le résumé les repère en publiant les actualités (\`${slash('digest setup', 'fr')}\`).`,
  },
  notInKb: { en: 'not in the knowledge base yet', fr: 'pas encore dans la base' },
  unidentified: { en: 'Company not identified', fr: 'Entreprise non identifiée' },
  untitled: { en: '(untitled)', fr: '(sans titre)' },
  more: { en: (n: number) => `+${n} more`, fr: (n: number) => `+${n} autres` },
  continued: { en: ' (cont.)', fr: ' (suite)' },
  dismiss: { en: (n: number) => `Dismiss ${n}`, fr: (n: number) => `Écarter ${n}` },
} as const;
