/**
 * Word lists for tagging news items, in English and French, written as in a headline; matching folds
 * case and accents ("Pékin" = "pekin") except where a list says otherwise.
 */

/** Places and words that put an item in a Chinese context. */
export const CHINA_TERMS: readonly string[] = [
  'China', 'Chinese', 'Beijing', 'Shanghai', 'Shenzhen', 'Guangzhou', 'Hangzhou', 'Chengdu', 'Wuhan', 'Suzhou',
  'Hong Kong', "People's Republic", 'Xi Jinping', 'Sino', 'Taiwan', 'Taiwanese', 'Taipei',
  'Chine', 'Chinois', 'Chinoise', 'Chinoises', 'Pékin', 'Taïwanais', 'Taïwanaise', 'Empire du Milieu',
];

/** Acronyms of the Chinese context, matched letter for letter. */
export const CHINA_ACRONYMS: readonly string[] = ['PRC', 'RPC'];

/** The vocabulary of the technology split itself: export rules, blacklists, decoupling. */
export const DECOUPLING_TERMS: readonly string[] = [
  'export control', 'export ban', 'export restriction', 'export curb', 'export rule', 'entity list',
  'decoupling', 'decouple', 'de-risking', 'derisking', 'chip ban', 'chip war', 'chips act', 'tech war',
  'technology war', 'trade war', 'Bureau of Industry and Security', 'foreign direct product rule',
  'outbound investment', 'tech cold war',
  "contrôle des exportations", "contrôles des exportations", "contrôle à l'exportation",
  "contrôles à l'exportation", "restriction à l'exportation", "restrictions à l'exportation",
  "restrictions aux exportations", 'liste des entités', 'découplage', 'guerre technologique',
  'guerre des puces', 'guerre commerciale', 'réduction des risques',
];

/** Acronyms of the split, matched letter for letter ("BIS", not the French "bis"). */
export const DECOUPLING_ACRONYMS: readonly string[] = ['BIS', 'FDPR'];

/** How an item says a company is leaving, cutting or stopping: the verbs and nouns of a retreat. */
export const RETREAT_ACTIONS: readonly string[] = [
  'close', 'closes', 'closed', 'closing', 'closure', 'closures',
  'shut', 'shuts', 'shutting', 'shut down', 'shuts down', 'shutting down', 'shutdown',
  'lay off', 'lays off', 'laying off', 'laid off', 'layoff', 'layoffs', 'job cuts', 'cut jobs', 'cuts jobs',
  'cutting jobs', 'slash jobs', 'slashes jobs',
  'relocate', 'relocates', 'relocating', 'relocated', 'relocation', 'move staff', 'moves staff', 'moving staff',
  'withdraw', 'withdraws', 'withdrawing', 'withdrew', 'withdrawal', 'pull out', 'pulls out', 'pulling out',
  'pulled out', 'exit', 'exits', 'exiting', 'exited', 'wind down', 'winds down', 'winding down', 'retreat',
  'retreats', 'ban', 'bans', 'banned', 'banning', 'bar', 'bars', 'barred', 'halt', 'halts', 'halted', 'halting',
  'stop', 'stops', 'stopped', 'stopping', 'suspend', 'suspends', 'suspended', 'suspending',
  'ferme', 'ferment', 'fermer', 'fermera', 'fermeront', 'fermé', 'fermée', 'fermeture', 'fermetures',
  'licencie', 'licencient', 'licencier', 'licenciement', 'licenciements', 'suppression de postes',
  'suppressions de postes', 'supprime des postes', 'suppression d\'emplois', 'suppressions d\'emplois',
  'délocalise', 'délocalisent', 'délocalisation', 'relocalise', 'relocalisent', 'relocalisation',
  'se retire', 'se retirent', 'retrait', 'quitte', 'quittent', 'quitter', 'interdit', 'interdisent',
  'interdiction', 'suspend', 'suspendent', 'suspension', 'cesse', 'cessent', 'arrête', 'arrêtent',
];

/** Where a company's name means something else: "the Oracle of Omaha" is Warren Buffett. */
export const NOT_COMPANY_PHRASES: readonly string[] = [
  'Oracle of Omaha', 'Amazon rainforest', 'Amazon rain forest', 'Amazon river', 'Amazon basin', 'Amazon forest',
  'Amazon jungle', 'forêt amazonienne', 'Big Apple', 'Apple pie', 'Adam\'s apple',
];

/**
 * Capitalised words that open a headline or name a government, not a company: an unknown company
 * before a retreat verb is guessed from capitalised words other than these (folded).
 */
export const NOT_COMPANY_NAMES: readonly string[] = [
  'the', 'a', 'an', 'in', 'on', 'at', 'as', 'after', 'amid', 'why', 'how', 'what', 'when', 'who', 'will', 'to',
  'report', 'reports', 'exclusive', 'breaking', 'update', 'analysis', 'opinion', 'live', 'watch', 'new',
  'us', 'u', 's', 'usa', 'uk', 'eu', 'un', 'america', 'american', 'americans', 'washington', 'trump', 'biden',
  'white', 'house', 'government', 'congress', 'senate', 'commerce', 'department', 'ministry', 'officials',
  'europe', 'european', 'japan', 'india', 'korea', 'germany', 'france', 'le', 'la', 'les', 'l', 'une', 'des',
  'du', 'de', 'en', 'au', 'aux', 'selon', 'pourquoi', 'comment', 'apres', 'face', 'etats', 'unis',
  'gouvernement', 'ministere', 'europe', 'japon', 'inde', 'coree', 'allemagne', 'il', 'elle', 'ils', 'elles',
  'it', 'they', 'he', 'she', 'we', 'i', 'company', 'firm', 'group', 'entreprise', 'groupe', 'societe',
];
