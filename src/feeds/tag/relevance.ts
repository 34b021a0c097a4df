import type { Locale } from '../../i18n/locale.ts';
import { withColon } from '../../i18n/typography.ts';
import type { Company } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { splitWords, type Words } from '../fold.ts';
import type { FeedItem } from '../item.ts';
import {
  buildPhraseIndex, findPhrases, looksLikeAcronym, type CaseRule, type PhraseEntry, type PhraseHit, type PhraseIndex,
} from './phrase-index.ts';
import {
  CHINA_ACRONYMS, CHINA_TERMS, DECOUPLING_ACRONYMS, DECOUPLING_TERMS, NOT_COMPANY_NAMES, NOT_COMPANY_PHRASES,
  RETREAT_ACTIONS,
} from './terms.ts';

/** Score from which an item is kept: a company in a Chinese context, or a keyword of the split in one. */
export const DEFAULT_RELEVANCE_THRESHOLD = 3;

/**
 * What each signal adds to the score. A company alone (2) or China alone (2) is not enough: "the Oracle
 * of Omaha" or a Shanghai marathon stay out; the vocabulary of the split (3) is enough on its own.
 */
const WEIGHTS = {
  firstCompany: 2,
  otherCompany: 1,
  maxOtherCompanies: 2,
  dimension: 1,
  maxDimensions: 3,
  china: 2,
  decoupling: 3,
  retreat: 1,
} as const;

/** Why a news item matters to the knowledge base, or does not. */
export interface Relevance {
  /** Ids of the companies (and governments) of the knowledge base the item names, in order of mention. */
  readonly companies: string[];
  /** Ids of the dimensions whose keywords the item uses. */
  readonly dimensions: string[];
  readonly score: number;
  /** One line per signal, in English, for logs and review: 'company: Microsoft', 'china context: "beijing"'. */
  readonly reasons: string[];
  /** The item reads like a new retreat: a company, a retreat action and a Chinese context. */
  readonly possibleRetreat: boolean;
  /** score ≥ threshold. */
  readonly kept: boolean;
}

export interface TagOptions {
  /** Defaults to DEFAULT_RELEVANCE_THRESHOLD. */
  readonly threshold?: number;
}

interface CompanyMention {
  readonly company: Company;
  /** The alias it was named by, when not its name. */
  readonly alias?: string;
}

interface KeywordMention {
  readonly dimension: string;
  readonly keyword: string;
}

interface KbMatchers {
  readonly companies: PhraseIndex<CompanyMention>;
  readonly keywords: PhraseIndex<KeywordMention>;
}

function caseRuleFor(name: string): CaseRule {
  if (looksLikeAcronym(name)) return 'exact';
  const first = name.charAt(0);
  return first !== first.toLowerCase() ? 'capitalised' : 'any';
}

function termEntries(terms: readonly string[], caseRule: CaseRule): PhraseEntry<string>[] {
  return terms.map((text) => ({ text, value: text, caseRule, plural: caseRule === 'any' }));
}

const CHINA = buildPhraseIndex([...termEntries(CHINA_TERMS, 'any'), ...termEntries(CHINA_ACRONYMS, 'exact')]);
const DECOUPLING = buildPhraseIndex([...termEntries(DECOUPLING_TERMS, 'any'), ...termEntries(DECOUPLING_ACRONYMS, 'exact')]);
const RETREAT = buildPhraseIndex(RETREAT_ACTIONS.map((text) => ({ text, value: text })));
const NOT_COMPANY = buildPhraseIndex(NOT_COMPANY_PHRASES.map((text) => ({ text, value: text })));
const NOT_NAMES = new Set([...NOT_COMPANY_NAMES, ...CHINA_TERMS.flatMap((term) => splitWords(term).folded)]);

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

function matchersFor(kb: KnowledgeBase): KbMatchers {
  let matchers = matchersByKb.get(kb);
  if (!matchers) {
    matchers = buildMatchers(kb);
    matchersByKb.set(kb, matchers);
  }
  return matchers;
}

/** A word no phrase matches, between title and summary so that no phrase spans both. */
const BREAK = '\u0000';

function wordsOf(item: Pick<FeedItem, 'title' | 'summary'>): Words {
  const title = splitWords(item.title);
  const summary = splitWords(item.summary);
  return {
    written: [...title.written, BREAK, ...summary.written],
    folded: [...title.folded, BREAK, ...summary.folded],
  };
}

function overlaps(hit: PhraseHit<unknown>, spans: readonly PhraseHit<unknown>[]): boolean {
  return spans.some((span) => hit.start < span.end && span.start < hit.end);
}

function quoted(words: Words, hit: PhraseHit<unknown>): string {
  return `"${words.folded.slice(hit.start, hit.end).join(' ')}"`;
}

/** A capitalised word that is not a known non-name: part of a company's name, maybe. */
function isNameWord(words: Words, i: number): boolean {
  const written = words.written[i] ?? BREAK;
  const first = written.charAt(0);
  return written !== BREAK && written.length >= 2 && first !== first.toLowerCase() && !NOT_NAMES.has(words.folded[i] ?? '');
}

/** The index of the last name word just before the action (at most four words back): an unknown company, maybe. */
function nameBefore(words: Words, start: number): number | undefined {
  for (let i = start - 1; i >= Math.max(0, start - 4); i--) {
    if ((words.written[i] ?? BREAK) === BREAK) return undefined;
    if (isNameWord(words, i)) return i;
  }
  return undefined;
}

/**
 * Who seems to be retreating when the item names no company of the knowledge base: the run of name words just
 * before its first retreat action in a Chinese context ("Acme Robotics" in "Acme Robotics closes its Shanghai
 * lab"), as written less accents; undefined when there is none. A guess from untrusted text, for /leads.
 */
export function retreatSubject(item: Pick<FeedItem, 'title' | 'summary'>): string | undefined {
  const words = wordsOf(item);
  if (findPhrases(CHINA, words).length === 0) return undefined;
  for (const hit of findPhrases(RETREAT, words)) {
    const last = nameBefore(words, hit.start);
    if (last === undefined) continue;
    let first = last;
    while (first > 0 && isNameWord(words, first - 1)) first -= 1;
    return words.written.slice(first, last + 1).join(' ');
  }
  return undefined;
}

/** The reason labels `tagItem` writes, and their French; `(alias …)` and `(keyword …)` notes likewise. */
const REASON_LABELS_FR: Readonly<Record<string, string>> = {
  company: 'entreprise',
  dimension: 'dimension',
  'china context': 'contexte chinois',
  decoupling: 'découplage',
  'possible retreat': 'retrait possible',
};

/** A reason from `tagItem` (English, as stored and logged) in the reader's language. */
export function localizeReason(reason: string, locale: Locale): string {
  if (locale === 'en') return reason;
  const colon = reason.indexOf(': ');
  const label = colon < 0 ? undefined : REASON_LABELS_FR[reason.slice(0, colon)];
  if (label === undefined) return reason;
  const rest = reason.slice(colon + 2).replace(/ \(keyword "/, ' (mot-clé "');
  return `${withColon(label, 'fr')} ${rest}`;
}

/**
 * Tags a news item against the knowledge base: the companies it names (by name or alias, whole words;
 * capitalised names only when capitalised, acronyms only letter for letter), the dimensions whose
 * keywords it uses, a Chinese or decoupling context, and whether it reads like a new retreat.
 * Matchers are built once per knowledge base.
 */
export function tagItem(kb: KnowledgeBase, item: Pick<FeedItem, 'title' | 'summary'>, options: TagOptions = {}): Relevance {
  const matchers = matchersFor(kb);
  const words = wordsOf(item);
  const notCompany = findPhrases(NOT_COMPANY, words);
  const reasons: string[] = [];

  const companies = new Map<string, Company>();
  for (const hit of findPhrases(matchers.companies, words)) {
    if (overlaps(hit, notCompany)) continue;
    for (const { company, alias } of hit.values) {
      if (companies.has(company.id)) continue;
      companies.set(company.id, company);
      reasons.push(alias === undefined ? `company: ${company.name}` : `company: ${company.name} (alias "${alias}")`);
    }
  }

  const dimensions = new Set<string>();
  for (const hit of findPhrases(matchers.keywords, words)) {
    for (const { dimension, keyword } of hit.values) {
      if (dimensions.has(dimension)) continue;
      dimensions.add(dimension);
      reasons.push(`dimension: ${dimension} (keyword "${keyword}")`);
    }
  }

  const china = findPhrases(CHINA, words);
  const [firstChina] = china;
  if (firstChina) reasons.push(`china context: ${quoted(words, firstChina)}`);
  const [firstDecoupling] = findPhrases(DECOUPLING, words);
  if (firstDecoupling) reasons.push(`decoupling: ${quoted(words, firstDecoupling)}`);

  const actions = findPhrases(RETREAT, words);
  const knownCompany = [...companies.values()].some((company) => company.type === 'company');
  const retreatAction = china.length === 0 ? undefined : actions.find((hit) => knownCompany || nameBefore(words, hit.start) !== undefined);
  if (retreatAction) reasons.push(`possible retreat: ${quoted(words, retreatAction)}`);

  const score =
    (companies.size === 0 ? 0 : WEIGHTS.firstCompany + Math.min(companies.size - 1, WEIGHTS.maxOtherCompanies) * WEIGHTS.otherCompany) +
    Math.min(dimensions.size, WEIGHTS.maxDimensions) * WEIGHTS.dimension +
    (firstChina ? WEIGHTS.china : 0) +
    (firstDecoupling ? WEIGHTS.decoupling : 0) +
    (retreatAction ? WEIGHTS.retreat : 0);

  return {
    companies: [...companies.keys()],
    dimensions: [...dimensions],
    score,
    reasons,
    possibleRetreat: retreatAction !== undefined,
    kept: score >= (options.threshold ?? DEFAULT_RELEVANCE_THRESHOLD),
  };
}
