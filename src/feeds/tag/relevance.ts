import type { KnowledgeBase } from '../../kb/types.ts';
import type { Words } from '../fold.ts';
import type { FeedItem } from '../item.ts';
import { matchersFor, type KbMatchers, type VocabularyCompany } from './kb-matchers.ts';
import { findPhrases, phraseStarts, startWordsOf, type PhraseHit } from './phrase-index.ts';
import { nameBefore } from './retreat-subject.ts';
import { CHINA, DECOUPLING, NOT_COMPANY, RETREAT, wordsOf } from './vocabulary.ts';

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

function overlaps(hit: PhraseHit<unknown>, spans: readonly PhraseHit<unknown>[]): boolean {
  return spans.some((span) => hit.start < span.end && span.start < hit.end);
}

function quoted(words: Words, hit: PhraseHit<unknown>): string {
  return `"${words.folded.slice(hit.start, hit.end).join(' ')}"`;
}

/**
 * Tags a news item against the knowledge base: the companies it names (by name or alias, whole words;
 * capitalised names only when capitalised, acronyms only letter for letter), the dimensions whose
 * keywords it uses, a Chinese or decoupling context, and whether it reads like a new retreat.
 * Matchers are built once per knowledge base.
 */
export function tagItem(kb: KnowledgeBase, item: Pick<FeedItem, 'title' | 'summary'>, options: TagOptions = {}): Relevance {
  return tagWithMatchers(matchersFor(kb), item, options);
}

const startWordsByMatchers = new WeakMap<KbMatchers, ReadonlySet<string>>();

/** The words that may start a phrase of any index tagging searches, once per matchers. */
function startWordsFor(matchers: KbMatchers): ReadonlySet<string> {
  let words = startWordsByMatchers.get(matchers);
  if (words === undefined) {
    words = startWordsOf([NOT_COMPANY, matchers.companies, matchers.keywords, CHINA, DECOUPLING, RETREAT]);
    startWordsByMatchers.set(matchers, words);
  }
  return words;
}

/** `tagItem` with the matchers of a vocabulary (see kb-matchers.ts): what the parse workers run. */
export function tagWithMatchers(matchers: KbMatchers, item: Pick<FeedItem, 'title' | 'summary'>, options: TagOptions = {}): Relevance {
  const words = wordsOf(item);
  // Six searches of the same words: the positions where any phrase may start are found once.
  const starts = phraseStarts(startWordsFor(matchers), words);
  const notCompany = findPhrases(NOT_COMPANY, words, starts);
  const reasons: string[] = [];

  const companies = new Map<string, VocabularyCompany>();
  for (const hit of findPhrases(matchers.companies, words, starts)) {
    if (overlaps(hit, notCompany)) continue;
    for (const { company, alias } of hit.values) {
      if (companies.has(company.id)) continue;
      companies.set(company.id, company);
      reasons.push(alias === undefined ? `company: ${company.name}` : `company: ${company.name} (alias "${alias}")`);
    }
  }

  const dimensions = new Set<string>();
  for (const hit of findPhrases(matchers.keywords, words, starts)) {
    for (const { dimension, keyword } of hit.values) {
      if (dimensions.has(dimension)) continue;
      dimensions.add(dimension);
      reasons.push(`dimension: ${dimension} (keyword "${keyword}")`);
    }
  }

  const china = findPhrases(CHINA, words, starts);
  const [firstChina] = china;
  if (firstChina) reasons.push(`china context: ${quoted(words, firstChina)}`);
  const [firstDecoupling] = findPhrases(DECOUPLING, words, starts);
  if (firstDecoupling) reasons.push(`decoupling: ${quoted(words, firstDecoupling)}`);

  const actions = findPhrases(RETREAT, words, starts);
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
