import type { Company } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { buildPhraseIndex, looksLikeAcronym, type CaseRule, type PhraseEntry, type PhraseIndex } from './phrase-index.ts';

interface CompanyMention {
  readonly company: Company;
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

const matchersByKb = new WeakMap<KnowledgeBase, KbMatchers>();

function buildMatchers(kb: KnowledgeBase): KbMatchers {
  const companies: PhraseEntry<CompanyMention>[] = [];
  for (const company of kb.companies.values()) {
    companies.push({ text: company.name, value: { company }, caseRule: caseRuleFor(company.name) });
    for (const alias of company.aliases) {
      companies.push({ text: alias, value: { company, alias }, caseRule: caseRuleFor(alias) });
    }
  }
  const keywords: PhraseEntry<KeywordMention>[] = kb.dimensions.flatMap((dimension) =>
    [...dimension.keywords.en, ...dimension.keywords.fr].map((keyword) => {
      const caseRule: CaseRule = looksLikeAcronym(keyword) ? 'exact' : 'any';
      return { text: keyword, value: { dimension: dimension.id, keyword }, caseRule, plural: true };
    }),
  );
  return { companies: buildPhraseIndex(companies), keywords: buildPhraseIndex(keywords) };
}

/** The knowledge base's companies and dimension keywords as phrase indexes, built once per knowledge base. */
export function matchersFor(kb: KnowledgeBase): KbMatchers {
  let matchers = matchersByKb.get(kb);
  if (!matchers) {
    matchers = buildMatchers(kb);
    matchersByKb.set(kb, matchers);
  }
  return matchers;
}
