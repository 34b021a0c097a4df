/** Every word of the digest a reader sees, in both languages. */
export const DIGEST_WORDS = {
  title: { en: 'News digest', fr: 'Revue de presse' },
  weeklyTitle: { en: 'Weekly news digest', fr: 'Revue de presse de la semaine' },
  thisWeek: { en: 'this week', fr: 'cette semaine' },
  items: { en: { one: 'item', other: 'items' }, fr: { one: 'actualité', other: 'actualités' } },
  retreats: {
    en: { one: 'possible new retreat', other: 'possible new retreats' },
    fr: { one: 'possible nouveau retrait', other: 'possibles nouveaux retraits' },
  },
  period: { en: 'Period', fr: 'Période' },
  upTo: { en: 'up to', fr: 'jusqu’au' },
  tagsNote: {
    en: 'Tags (companies, dimensions) come from the knowledge base, matched automatically on each item’s words; a possible new retreat is a lead to check, not a confirmed fact.',
    fr: 'Les étiquettes (entreprises, dimensions) viennent de la base de connaissances, associées automatiquement aux mots de chaque actualité ; un possible nouveau retrait est une piste à vérifier, pas un fait établi.',
  },
  otherNews: { en: 'Other news', fr: 'Autres actualités' },
  retreatsSection: { en: '⚠️ Possible new retreats', fr: '⚠️ Retraits possibles' },
  alert: { en: '{count} in this digest', fr: '{count} dans cette revue' },
  retreatTag: { en: '⚠️ possible new retreat', fr: '⚠️ possible nouveau retrait' },
  continued: { en: ' (cont.)', fr: ' (suite)' },
  untitled: { en: '(untitled)', fr: '(sans titre)' },
  more: { en: '+{n} more', fr: '+{n} autres' },
  notShown: { en: 'Not in this digest', fr: 'Hors de cette revue' },
  moreFrom: { en: '+{n} more from {feed}', fr: '+{n} de plus dans {feed}' },
  moreFromOthers: {
    en: { one: '+{n} more from {k} other feed', other: '+{n} more from {k} other feeds' },
    fr: { one: '+{n} de plus dans {k} autre flux', other: '+{n} de plus dans {k} autres flux' },
  },
  moreInAll: { en: '+{n} more in all', fr: '+{n} de plus au total' },
  carriedNote: { en: 'They come in the next digest, the best first.', fr: 'Elles viendront dans la prochaine revue, les meilleures d’abord.' },
  summarizedNote: { en: 'They are only counted here.', fr: 'Elles ne sont que comptées ici.' },
  mixedNote: {
    en: 'The best {n} of each feed come in the next digest; the others are only counted here.',
    fr: 'Les {n} meilleures de chaque flux viendront dans la prochaine revue\u202f; les autres ne sont que comptées ici.',
  },
  bestNote: {
    en: { one: 'The best one comes in the next digest; the others are only counted here.', other: 'The best {n} come in the next digest; the others are only counted here.' },
    fr: { one: 'La meilleure viendra dans la prochaine revue\u202f; les autres ne sont que comptées ici.', other: 'Les {n} meilleures viendront dans la prochaine revue\u202f; les autres ne sont que comptées ici.' },
  },
  nothingNew: { en: 'Nothing new on the tracked feeds.', fr: 'Rien de nouveau dans les flux suivis.' },
} as const;
