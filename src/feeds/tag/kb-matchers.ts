import { createHash } from 'node:crypto';
import type { ActorType } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { buildPhraseIndex, looksLikeAcronym, type CaseRule, type PhraseEntry, type PhraseIndex } from './phrase-index.ts';

/** What tagging needs of one company (or government) of the knowledge base. */
export interface VocabularyCompany {
  readonly id: string;
  readonly name: string;
  readonly type: ActorType;
  readonly aliases: readonly string[];
}

/**
 * What tagging needs of the knowledge base, as plain data a worker thread can receive: companies and the dimensions'
 * keywords. `key` names its content, so a worker builds the matchers of one vocabulary once.
 */
export interface TagVocabulary {
  readonly key: string;
  readonly companies: readonly VocabularyCompany[];
  readonly dimensions: readonly { readonly id: string; readonly keywords: { readonly en: readonly string[]; readonly fr: readonly string[] } }[];
}

interface CompanyMention {
  readonly company: VocabularyCompany;
  /** The alias it was named by, when not its name. */
  readonly alias?: string;
}

interface KeywordMention {
  readonly dimension: string;
  readonly keyword: string;
}

export interface KbMatchers {
  readonly companies: PhraseIndex<CompanyMention>;
  readonly keywords: PhraseIndex<KeywordMention>;
}

function caseRuleFor(name: string): CaseRule {
  if (looksLikeAcronym(name)) return 'exact';
  const first = name.charAt(0);
  return first !== first.toLowerCase() ? 'capitalised' : 'any';
}

const vocabularyByKb = new WeakMap<KnowledgeBase, TagVocabulary>();
const jsonByVocabulary = new WeakMap<TagVocabulary, string>();

/** The knowledge base's tagging vocabulary, computed once per knowledge base. */
export function vocabularyOf(kb: KnowledgeBase): TagVocabulary {
  let vocabulary = vocabularyByKb.get(kb);
  if (!vocabulary) {
    const companies = [...kb.companies.values()].map(({ id, name, type, aliases }) => ({ id, name, type, aliases: [...aliases] }));
    const dimensions = kb.dimensions.map(({ id, keywords }) => ({ id, keywords: { en: [...keywords.en], fr: [...keywords.fr] } }));
    const key = createHash('sha1').update(JSON.stringify([companies, dimensions])).digest('hex');
    vocabulary = { key, companies, dimensions };
    vocabularyByKb.set(kb, vocabulary);
  }
  return vocabulary;
}

function buildMatchers(vocabulary: TagVocabulary): KbMatchers {
  const companies: PhraseEntry<CompanyMention>[] = [];
  for (const company of vocabulary.companies) {
    companies.push({ text: company.name, value: { company }, caseRule: caseRuleFor(company.name) });
    for (const alias of company.aliases) {
      companies.push({ text: alias, value: { company, alias }, caseRule: caseRuleFor(alias) });
    }
  }
  const keywords: PhraseEntry<KeywordMention>[] = vocabulary.dimensions.flatMap((dimension) =>
    [...dimension.keywords.en, ...dimension.keywords.fr].map((keyword) => {
      const caseRule: CaseRule = looksLikeAcronym(keyword) ? 'exact' : 'any';
      return { text: keyword, value: { dimension: dimension.id, keyword }, caseRule, plural: true };
    }),
  );
  return { companies: buildPhraseIndex(companies), keywords: buildPhraseIndex(keywords) };
}

/** Matchers by vocabulary key; a process (or worker) meets one or two knowledge bases, so a few are kept. */
const matchersByKey = new Map<string, KbMatchers>();
const MAX_CACHED = 4;

/** The vocabulary as JSON, serialised once per vocabulary. */
export function vocabularyJson(vocabulary: TagVocabulary): string {
  let json = jsonByVocabulary.get(vocabulary);
  if (json === undefined) {
    json = JSON.stringify(vocabulary);
    jsonByVocabulary.set(vocabulary, json);
  }
  return json;
}

/** The matchers of the vocabulary with this key, parsed from `json` only when they are not built yet. */
export function matchersForJson(key: string, json: string): KbMatchers {
  return matchersByKey.get(key) ?? matchersForVocabulary(JSON.parse(json) as TagVocabulary);
}

/** The vocabulary's companies and dimension keywords as phrase indexes, built once per vocabulary. */
export function matchersForVocabulary(vocabulary: TagVocabulary): KbMatchers {
  let matchers = matchersByKey.get(vocabulary.key);
  if (!matchers) {
    matchers = buildMatchers(vocabulary);
    if (matchersByKey.size >= MAX_CACHED) matchersByKey.delete(matchersByKey.keys().next().value as string);
    matchersByKey.set(vocabulary.key, matchers);
  }
  return matchers;
}

/** The knowledge base's companies and dimension keywords as phrase indexes, built once per knowledge base. */
export function matchersFor(kb: KnowledgeBase): KbMatchers {
  return matchersForVocabulary(vocabularyOf(kb));
}
