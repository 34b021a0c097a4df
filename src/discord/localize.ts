/** Fields for a command or option name in English with its French localisation. */
export function names(en: string, fr: string) {
  return { name: en, name_localizations: { fr } };
}

/** Fields for a description (≤ 100 characters) in English with its French localisation. */
export function descriptions(en: string, fr: string) {
  return { description: en, description_localizations: { fr } };
}
