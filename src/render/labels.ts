import type { ActorType, Confidence, Country, EventCategory, EventKind, Headcount, Leader, Trend } from '../kb/schema/index.ts';
import { formatNumber, type Locale, type LocalizedText } from '../i18n/locale.ts';

/** Event categories. Every table below has a label in both languages for each value of its schema enum. */
export const CATEGORY_LABELS = {
  retreat: { en: 'Retreat', fr: 'Retrait' },
  acceleration: { en: 'Acceleration', fr: 'Accélération' },
  'export-control': { en: 'Export control', fr: 'Contrôle des exportations' },
  countermeasure: { en: 'Chinese counter-measure', fr: 'Contre-mesure chinoise' },
  context: { en: 'Context', fr: 'Contexte' },
} as const satisfies Record<EventCategory, LocalizedText>;

/** Also the choice names of /retreats' "kind" option (at most 100 characters; at most 25 kinds, Discord's choice limit). */
export const KIND_LABELS = {
  'lab-closure': { en: 'Lab closure', fr: 'Fermeture de laboratoire' },
  layoffs: { en: 'Layoffs', fr: 'Licenciements' },
  relocation: { en: 'Staff relocation', fr: 'Relocalisation du personnel' },
  'product-exit': { en: 'Product withdrawal', fr: 'Retrait d’un produit' },
  'project-ban': { en: 'Ban on China projects', fr: 'Interdiction de projets chinois' },
  'work-ban': { en: 'Ban on work from China', fr: 'Interdiction de travailler depuis la Chine' },
  'sales-ban': { en: 'Sales halt', fr: 'Arrêt des ventes' },
  'full-exit': { en: 'Full exit', fr: 'Départ complet' },
  'market-loss': { en: 'Market loss', fr: 'Perte de marché' },
  'lab-opening': { en: 'Lab opening', fr: 'Ouverture de laboratoire' },
  investment: { en: 'Investment', fr: 'Investissement' },
  'open-source-release': { en: 'Open-source release', fr: 'Publication en open source' },
  'export-control': { en: 'Export control', fr: 'Contrôle des exportations' },
  'purchase-ban': { en: 'Purchase ban', fr: 'Interdiction d’achat' },
  'production-relocation': { en: 'Production relocation', fr: 'Délocalisation de la production' },
  'ban-lifted': { en: 'Ban lifted or eased', fr: 'Interdiction levée ou assouplie' },
  blacklisting: { en: 'Blacklisting', fr: 'Inscription sur liste noire' },
  'licence-revocation': { en: 'Licence revoked', fr: 'Licence révoquée' },
  'antitrust-probe': { en: 'Antitrust probe', fr: 'Enquête antitrust' },
  'security-review': { en: 'Security review', fr: 'Examen de sécurité' },
  'forced-divestment': { en: 'Forced sale', fr: 'Cession forcée' },
  breakthrough: { en: 'Technical breakthrough', fr: 'Percée technique' },
  'domestic-substitution': { en: 'Home-grown substitution', fr: 'Substitution par des produits chinois' },
  'model-misuse': { en: 'Unauthorised use of a model', fr: 'Usage non autorisé d’un modèle' },
} as const satisfies Record<EventKind, LocalizedText>;

/** Who leads a dimension. */
export const LEADER_LABELS = {
  us: { en: 'United States', fr: 'États-Unis' },
  china: { en: 'China', fr: 'Chine' },
  contested: { en: 'Contested', fr: 'Disputé' },
} as const satisfies Record<Leader, LocalizedText>;

/**
 * 🔵 🔴 🟡, shown before a leader or a dimension's name, in the colours of the dimension's embed. Not flags:
 * a flag means a country (a company's), and one symbol keeps one meaning across answers.
 */
export const LEADER_SYMBOLS = {
  us: '🔵',
  china: '🔴',
  contested: '🟡',
} as const satisfies Record<Leader, string>;

/**
 * The icons that start a fact in an answer, each with one meaning wherever it appears. No icon here is a
 * flag or a leader's symbol.
 */
export const ICONS = {
  dateNote: '📅',
  actor: '🏢',
  place: '📍',
  people: '👥',
  statedReason: '🗣️',
  /** From the press: a reason newspapers reported, a news item. */
  press: '📰',
  quote: '💬',
  figure: '📊',
  correction: '✏️',
  confidence: '🔎',
  risk: '⚠️',
  outlook: '🔭',
  thesis: '📌',
  balance: '⚖️',
} as const;

/** Where the gap between the two powers is heading. */
export const TREND_LABELS = {
  'gap-narrowing': { en: 'Gap narrowing', fr: 'Écart qui se réduit' },
  'gap-widening': { en: 'Gap widening', fr: 'Écart qui se creuse' },
  stable: { en: 'Stable', fr: 'Stable' },
  'shifting-to-china': { en: 'Shifting towards China', fr: 'Bascule vers la Chine' },
  'shifting-to-us': { en: 'Shifting towards the United States', fr: 'Bascule vers les États-Unis' },
} as const satisfies Record<Trend, LocalizedText>;

/** Confidence in a fact, lower case: it follows "Confidence:". */
export const CONFIDENCE_LABELS = {
  high: { en: 'high', fr: 'élevée' },
  'medium-high': { en: 'medium-high', fr: 'moyenne à élevée' },
  medium: { en: 'medium', fr: 'moyenne' },
  low: { en: 'low', fr: 'faible' },
} as const satisfies Record<Confidence, LocalizedText>;

/** Country of a company or government. */
export const COUNTRY_LABELS = {
  US: { en: 'United States', fr: 'États-Unis' },
  CN: { en: 'China', fr: 'Chine' },
  TW: { en: 'Taiwan', fr: 'Taïwan' },
  KR: { en: 'South Korea', fr: 'Corée du Sud' },
  NL: { en: 'Netherlands', fr: 'Pays-Bas' },
  GB: { en: 'United Kingdom', fr: 'Royaume-Uni' },
  INT: { en: 'International', fr: 'International' },
} as const satisfies Record<Country, LocalizedText>;

/** Flag shown before a company's name. */
export const COUNTRY_FLAGS = {
  US: '🇺🇸',
  CN: '🇨🇳',
  TW: '🇹🇼',
  KR: '🇰🇷',
  NL: '🇳🇱',
  GB: '🇬🇧',
  INT: '🌐',
} as const satisfies Record<Country, string>;

/** The language a quote or source was published in, lower case in French as inside a sentence. */
export const LANGUAGE_LABELS = {
  en: { en: 'English', fr: 'anglais' },
  fr: { en: 'French', fr: 'français' },
  zh: { en: 'Chinese', fr: 'chinois' },
} as const satisfies Record<'en' | 'fr' | 'zh', LocalizedText>;

/** Company, government or association. */
export const ACTOR_TYPE_LABELS = {
  company: { en: 'Company', fr: 'Entreprise' },
  government: { en: 'Government', fr: 'Gouvernement' },
  association: { en: 'Industry association', fr: 'Association professionnelle' },
} as const satisfies Record<ActorType, LocalizedText>;

/** How a headcount qualifier reads; `{n}` is the count, `{max}` a range's upper bound. */
export const HEADCOUNT_LABELS = {
  exact: { en: '{n}', fr: '{n}' },
  about: { en: 'about {n}', fr: 'environ {n}' },
  'more-than': { en: 'more than {n}', fr: 'plus de {n}' },
  range: { en: '{n}–{max}', fr: '{n} à {max}' },
  undisclosed: { en: 'undisclosed', fr: 'non communiqué' },
} as const satisfies Record<Headcount['qualifier'], LocalizedText>;

/** "more than 1,000" / « plus de 1 000 », "about 150", "700–800", "undisclosed" / « non communiqué ». */
export function formatHeadcount(people: Headcount, locale: Locale): string {
  const count = people.count === undefined ? '' : formatNumber(people.count, locale);
  const max = people.max === undefined ? '' : formatNumber(people.max, locale);
  return HEADCOUNT_LABELS[people.qualifier][locale].replace('{n}', count).replace('{max}', max);
}
