import { UserError } from '../errors.ts';
import type { LocalizedText } from '../i18n/locale.ts';
import { NARROW_NBSP, NBSP, quoted } from '../i18n/typography.ts';

const MAX_ECHO = 80;

/** What is being looked up, in both languages (both nouns are feminine in French: "aucune", "laquelle"). */
export interface LookupNouns {
  readonly en: { readonly one: string; readonly many: string };
  readonly fr: { readonly one: string; readonly many: string };
}

/** A failed lookup: the text typed, the nearest names (in each language) and examples to offer when none is near. */
export interface FailedLookup {
  readonly text: string;
  readonly status: 'ambiguous' | 'unknown';
  readonly suggestions: LocalizedList;
  readonly examples: LocalizedList;
}

export interface LocalizedList {
  readonly en: readonly string[];
  readonly fr: readonly string[];
}

function echo(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_ECHO ? `${trimmed.slice(0, MAX_ECHO - 1)}…` : trimmed;
}

/** The user-facing error for a name that matched nothing, or several things equally well. */
export function lookupError(nouns: LookupNouns, lookup: FailedLookup): UserError {
  const typed = echo(lookup.text);
  const { en, fr } = nouns;
  const list = (locale: 'en' | 'fr') => lookup.suggestions[locale].join(', ');
  const examples = (locale: 'en' | 'fr') => lookup.examples[locale].join(', ');
  let message: LocalizedText;
  if (typed.length === 0) {
    message = {
      en: `Give the name of a ${en.one}, for example: ${examples('en')}.`,
      fr: `Indiquez le nom d’une ${fr.one}, par exemple${NBSP}: ${examples('fr')}.`,
    };
  } else if (lookup.status === 'ambiguous') {
    message = {
      en: `Several ${en.many} match ${quoted(typed, 'en')}: ${list('en')}. Which one do you mean?`,
      fr: `Plusieurs ${fr.many} correspondent à ${quoted(typed, 'fr')}${NBSP}: ${list('fr')}. Laquelle voulez-vous dire${NARROW_NBSP}?`,
    };
  } else if (lookup.suggestions.en.length > 0) {
    message = {
      en: `No ${en.one} matches ${quoted(typed, 'en')}. Did you mean: ${list('en')}?`,
      fr: `Aucune ${fr.one} ne correspond à ${quoted(typed, 'fr')}. Vouliez-vous dire${NBSP}: ${list('fr')}${NARROW_NBSP}?`,
    };
  } else {
    message = {
      en: `No ${en.one} matches ${quoted(typed, 'en')}. Try for example: ${examples('en')}.`,
      fr: `Aucune ${fr.one} ne correspond à ${quoted(typed, 'fr')}. Essayez par exemple${NBSP}: ${examples('fr')}.`,
    };
  }
  return new UserError(message);
}
