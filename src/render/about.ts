import { formatNumber, formatPartialDate, type Locale } from '../i18n/locale.ts';
import { perKnowledgeBase } from '../kb/indexes.ts';
import type { EventCategory, Source } from '../kb/schema/index.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { layoutPages, section } from './layout.ts';
import { escapeLine } from './markdown.ts';
import { memoPerItem } from './memo.ts';
import type { MessagePayload } from './payload.ts';
import { sourceLink } from './sources.ts';
import { plural, quoted, withColon } from '../i18n/typography.ts';

/** What the knowledge base holds, counted by the query core. */
export interface AboutStats {
  companies: number;
  governments: number;
  associations: number;
  eventsByCategory: Record<EventCategory, number>;
  dimensions: number;
  indicators: number;
  sources: number;
  /** The date of the newest event, as a partial date. */
  latestFactDate: string;
  foundingArticles: readonly Source[];
}

type Forms = { readonly one: string; readonly other: string };
type Nouns = { readonly en: Forms; readonly fr: Forms };

const NOUNS = {
  company: { en: { one: 'company', other: 'companies' }, fr: { one: 'entreprise', other: 'entreprises' } },
  government: { en: { one: 'government', other: 'governments' }, fr: { one: 'gouvernement', other: 'gouvernements' } },
  association: { en: { one: 'industry association', other: 'industry associations' }, fr: { one: 'association professionnelle', other: 'associations professionnelles' } },
  event: { en: { one: 'event', other: 'events' }, fr: { one: 'événement', other: 'événements' } },
  dimension: { en: { one: 'dimension of the balance', other: 'dimensions of the balance' }, fr: { one: 'dimension du rapport de force', other: 'dimensions du rapport de force' } },
  indicator: { en: { one: 'dated indicator', other: 'dated indicators' }, fr: { one: 'indicateur daté', other: 'indicateurs datés' } },
  source: { en: { one: 'source', other: 'sources' }, fr: { one: 'source', other: 'sources' } },
  actor: { en: { one: 'actor', other: 'actors' }, fr: { one: 'acteur', other: 'acteurs' } },
  correction: { en: { one: 'correction', other: 'corrections' }, fr: { one: 'correction', other: 'corrections' } },
} as const satisfies Record<string, Nouns>;

const CATEGORY_NOUNS = {
  retreat: { en: { one: 'retreat', other: 'retreats' }, fr: { one: 'retrait', other: 'retraits' } },
  acceleration: { en: { one: 'acceleration', other: 'accelerations' }, fr: { one: 'accélération', other: 'accélérations' } },
  'export-control': { en: { one: 'export control', other: 'export controls' }, fr: { one: 'contrôle des exportations', other: 'contrôles des exportations' } },
  countermeasure: { en: { one: 'Chinese counter-measure', other: 'Chinese counter-measures' }, fr: { one: 'contre-mesure chinoise', other: 'contre-mesures chinoises' } },
  context: { en: { one: 'context event', other: 'context events' }, fr: { one: 'événement de contexte', other: 'événements de contexte' } },
} as const satisfies Record<EventCategory, Nouns>;

const WORDS = {
  title: { en: 'About Decoupling Watch', fr: 'À propos de Decoupling Watch' },
  intro: {
    en: 'Decoupling Watch follows the US–China technology split from a sourced knowledge base: every fact it shows links to the reporting it comes from, and dates are never more precise than their sources.',
    fr: 'Decoupling Watch suit la séparation technologique entre les États-Unis et la Chine à partir d’une base de connaissances sourcée\u202f: chaque fait affiché renvoie aux articles dont il provient, et aucune date n’est plus précise que ses sources.',
  },
  knows: { en: 'What it knows', fr: 'Ce qu’il sait' },
  and: { en: 'and', fr: 'et' },
  latestFact: { en: 'Latest fact', fr: 'Fait le plus récent' },
  reviewed: { en: 'Last reviewed', fr: 'Dernière révision' },
  recent: { en: 'Recently added ({date})', fr: 'Ajouts récents ({date})' },
  among: { en: 'Among them', fr: 'Parmi eux' },
  more: { en: 'and {n} more', fr: 'et {n} autres' },
  founding: { en: 'The founding articles', fr: 'Les articles fondateurs' },
  foundingNote: {
    en: 'The bot was founded on these articles and checks their claims against the published record: {n} to date, each marked “Correction” where it applies.',
    fr: 'Le bot est né de ces articles et vérifie leurs affirmations au regard des faits publiés\u202f: {n} à ce jour, chacune signalée «\u00a0Correction\u00a0» là où elle s’applique.',
  },
  commands: { en: 'Commands', fr: 'Commandes' },
  report: { en: 'Spotted an error?', fr: 'Une erreur\u202f?' },
  reportHow: {
    en: 'Tell this server’s admins, or whoever hosts the bot, which fact is wrong, outdated or missing, with a source: every fact here names its own, and a correction is checked the same way before it is added.',
    fr: 'Signalez aux admins de ce serveur, ou à qui héberge le bot, le fait erroné, dépassé ou manquant, avec une source\u00a0: chaque fait ici cite la sienne, et une correction est vérifiée de la même façon avant d’être ajoutée.',
  },
} as const;

const USAGE = {
  en: [
    '`/retreats [company] [kind] [since] [until]` — US firms pulling back from China, newest first (dates: 2023, 2023-05 or 2023-05-17); a `kind` also lists other events: export controls, counter-measures…',
    '`/company <name>` — a company’s profile, its events and the dimensions it touches',
    '`/dimension <name>` — one dimension: who leads, the trend, dated indicators, the outlook',
    '`/balance` — every dimension at a glance, the US dynamics, China’s strategy, the outlook',
    '`/leads [days] [company]` — possible new retreats this server’s digests flagged, by company, with how many outlets carried each (admins can dismiss one)',
    '`/digest setup`, `preview`, `now`, `status`, `filter`, `alert`, `off` — for admins: a news digest posted daily or weekly in the channel, at the time and in the language they choose, possible new retreats first, filtered by words, with an optional role alert',
    '`/feeds list`, `add`, `remove`, `test`, `mute`, `unmute` — for admins: the news feeds the digest reads, the defaults (which can be muted) and the server’s own',
    '`/about` — this page',
    'Add `private: True` to any command to see the answer alone.',
  ],
  fr: [
    '`/retraits [entreprise] [type] [depuis] [jusque]` — les retraits de Chine des firmes américaines, du plus récent au plus ancien (dates\u00a0: 2023, 2023-05 ou 17/05/2023)\u202f; un `type` donne aussi les autres événements\u00a0: contrôles des exportations, contre-mesures…',
    '`/entreprise <nom>` — le profil d’une entreprise, ses événements et les dimensions qu’elle touche',
    '`/dimension <nom>` — une dimension\u00a0: qui mène, la tendance, les indicateurs datés, les perspectives',
    '`/rapport-de-force` — toutes les dimensions d’un coup d’œil, les dynamiques américaines, la stratégie chinoise, les perspectives',
    '`/pistes [jours] [entreprise]` — les retraits possibles repérés par les résumés de ce serveur, par entreprise, avec le nombre de médias qui ont relayé chacun (les admins peuvent en écarter)',
    '`/résumé configurer`, `aperçu`, `maintenant`, `état`, `filtre`, `alerte`, `arrêter` — pour les admins\u00a0: un résumé de l’actualité publié chaque jour ou chaque semaine dans le salon, à l’heure et dans la langue choisies, retraits possibles en tête, filtré par mots, avec une alerte de rôle si on le souhaite',
    '`/flux liste`, `ajouter`, `retirer`, `tester`, `sourdine`, `rétablir` — pour les admins\u00a0: les flux d’actualité que lit le résumé, ceux par défaut (que l’on peut mettre en sourdine) et ceux du serveur',
    '`/à-propos` — cette page',
    'Ajoutez `privé: True` à une commande pour être seul à voir la réponse.',
  ],
} as const satisfies Record<Locale, readonly string[]>;

const ABOUT_COLOR = 0x5d6d7e;
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const CATEGORIES = ['retreat', 'acceleration', 'export-control', 'countermeasure', 'context'] as const satisfies readonly EventCategory[];

function counted(count: number, nouns: Nouns, locale: Locale): string {
  return `${formatNumber(count, locale)} ${plural(count, nouns[locale], locale)}`;
}

/** "5 companies and 2 governments", or "5 companies, 2 governments and 1 industry association" when there are any. */
function actorsLine(stats: AboutStats, locale: Locale): string {
  const companies = counted(stats.companies, NOUNS.company, locale);
  const governments = counted(stats.governments, NOUNS.government, locale);
  if (stats.associations === 0) return `${companies} ${WORDS.and[locale]} ${governments}`;
  return `${companies}, ${governments} ${WORDS.and[locale]} ${counted(stats.associations, NOUNS.association, locale)}`;
}

function knowledgeLines(stats: AboutStats, locale: Locale): string[] {
  const total = CATEGORIES.reduce((sum, category) => sum + stats.eventsByCategory[category], 0);
  const byCategory = CATEGORIES.filter((category) => stats.eventsByCategory[category] > 0)
    .map((category) => counted(stats.eventsByCategory[category], CATEGORY_NOUNS[category], locale))
    .join(', ');
  const events = counted(total, NOUNS.event, locale);
  return [
    `• ${actorsLine(stats, locale)}`,
    `• ${byCategory === '' ? events : `${withColon(events, locale)} ${byCategory}`}`,
    `• ${counted(stats.dimensions, NOUNS.dimension, locale)}, ${counted(stats.indicators, NOUNS.indicator, locale)}`,
    `• ${counted(stats.sources, NOUNS.source, locale)}`,
    `• ${withColon(WORDS.latestFact[locale], locale)} ${PARTIAL_DATE.test(stats.latestFactDate) ? formatPartialDate(stats.latestFactDate, locale) : '—'}`,
  ];
}

const NAMED_ADDITIONS = 8;

/** The latest additions: how many actors and events, what they cover, and the first actors by name. */
function recentLines(kb: KnowledgeBase, locale: Locale): string[] {
  const { recentlyAdded } = kb.meta;
  const actors = recentlyAdded.companies.length;
  const events = recentlyAdded.events.length;
  const counts = [
    ...(actors > 0 ? [counted(actors, NOUNS.actor, locale)] : []),
    ...(events > 0 ? [counted(events, NOUNS.event, locale)] : []),
  ].join(` ${WORDS.and[locale]} `);
  const lines = [...(counts === '' ? [] : [`• ${counts}`]), `• ${escapeLine(recentlyAdded.summary[locale])}`];
  const names = recentlyAdded.companies.slice(0, NAMED_ADDITIONS).map((id) => escapeLine(kb.companies.get(id)?.name ?? id));
  if (names.length > 0) {
    const rest = actors - names.length;
    const more = rest > 0 ? ` ${WORDS.more[locale].replace('{n}', formatNumber(rest, locale))}` : '';
    lines.push(`• ${withColon(WORDS.among[locale], locale)} ${names.join(', ')}${more}`);
  }
  return lines;
}

const foundingLine = memoPerItem(
  (_kb, source: Source, locale): string =>
    `• ${quoted(escapeLine(source.title), locale)} — ${sourceLink(source, locale)}, ${formatPartialDate(source.published, locale)}`,
);

const correctionCount = perKnowledgeBase((kb) => kb.events.reduce((sum, event) => sum + (event.corrections?.length ?? 0), 0));

/**
 * What the bot knows, the date of its latest fact and of its last review, what was added recently,
 * the founding articles and their corrections, and the commands.
 */
export function renderAbout(kb: KnowledgeBase, stats: AboutStats, locale: Locale): MessagePayload[] {
  const note = WORDS.foundingNote[locale].replace('{n}', counted(correctionCount(kb), NOUNS.correction, locale));
  return layoutPages(
    [
      {
        title: WORDS.title[locale],
        color: ABOUT_COLOR,
        description: [
          WORDS.intro[locale],
          '',
          ...section(WORDS.knows[locale], [
            ...knowledgeLines(stats, locale),
            `• ${withColon(WORDS.reviewed[locale], locale)} ${formatPartialDate(kb.meta.reviewed, locale)}`,
          ]),
          '',
          ...section(WORDS.recent[locale].replace('{date}', formatPartialDate(kb.meta.recentlyAdded.date, locale)), recentLines(kb, locale)),
          '',
          ...section(WORDS.founding[locale], [...stats.foundingArticles.map((source) => foundingLine(kb, source, locale)), note]),
          '',
          ...section(WORDS.commands[locale], USAGE[locale]),
          '',
          ...section(WORDS.report[locale], [WORDS.reportHow[locale]]),
        ],
      },
    ],
    { locale },
  );
}
