import { atom, rss20, type XmlItem } from '../test/support/feed-xml.ts';

/**
 * Deterministic feed documents for the benchmark: a mix of RSS 2.0 and Atom of real-world size (50–150 KB,
 * descriptions from a few hundred bytes to a few KB of HTML), a share of stories syndicated across feeds (so
 * dedup has work), some that name the knowledge base's companies in a Chinese context (so tagging keeps some).
 * The same inputs give the same bytes in every process, so the feed host and the baselines agree.
 */

/** One feed of the corpus: where the host serves it and what it serves. */
export interface CorpusFeed {
  readonly path: string;
  readonly label: string;
  readonly body: string;
}

export interface CorpusSpec {
  readonly feeds: number;
  readonly itemsPerFeed: number;
  /** Add the hostile feeds: one of `hugeBytes` bytes and one with a description quadratic for naive regexes. */
  readonly hostile?: { readonly hugeBytes: number; readonly pathologicalBytes: number };
}

/** Mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'market quarterly growth investors report analysts said company new products launch customers revenue ' +
  'government policy officials week year plan teams industry global supply software services platform ' +
  'cloud users data security research development startup funding round valuation strategy partners ' +
  'regulators approval deal acquisition talks statement spokesperson earnings forecast demand prices'
).split(' ');
const COMPANIES = ['Microsoft', 'IBM', 'Amazon Web Services', 'Nvidia', 'Google', 'Tencent', 'Alibaba', 'Micron', 'OpenAI', 'Baidu'];
const SPLIT_PHRASES = ['export controls', 'the entity list', 'semiconductor curbs', 'in Beijing', 'in Shanghai', 'Chinese researchers', 'a lab closure in China'];

type Random = () => number;

function pick<T>(rng: Random, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)] as T;
}

function sentence(rng: Random, relevant: boolean): string {
  const length = 8 + Math.floor(rng() * 14);
  const words = Array.from({ length }, () => pick(rng, WORDS));
  if (relevant) {
    words.splice(Math.floor(rng() * length), 0, pick(rng, COMPANIES));
    words.splice(Math.floor(rng() * length), 0, pick(rng, SPLIT_PHRASES));
  }
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** HTML of about `bytes` bytes: paragraphs, links, emphasis, an image, entities — what feeds put in descriptions. */
function htmlDescription(rng: Random, bytes: number, relevant: boolean, link: string): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const text = sentence(rng, relevant && parts.length === 0);
    const roll = rng();
    const paragraph =
      roll < 0.2 ? `<p><a href="${link}?ref=${parts.length}" rel="noopener">${text}</a></p>`
      : roll < 0.35 ? `<p>${text} <strong>${pick(rng, WORDS)}</strong> &amp; ${pick(rng, WORDS)}&#8217;s ${pick(rng, WORDS)}.</p>`
      : roll < 0.4 ? `<figure><img src="${link}/img-${parts.length}.jpg" alt="${pick(rng, WORDS)}" width="640" height="360"/><figcaption>${text}</figcaption></figure>`
      : `<p>${text} ${sentence(rng, false)}</p>`;
    parts.push(paragraph);
    size += paragraph.length;
  }
  return parts.join('\n');
}

const EPOCH = Date.UTC(2025, 6, 1);

/** A story: its own in most feeds, one of a shared set (syndicated across feeds) for about one in ten. */
function item(rng: Random, feedIndex: number, itemIndex: number, descriptionBytes: number, isoDates = false): XmlItem {
  const shared = rng() < 0.1;
  const story = shared ? `wire-${Math.floor(rng() * 400)}` : `f${feedIndex}-s${itemIndex}`;
  const relevant = rng() < 0.15;
  const host = shared ? 'wire.example.com' : `news-${feedIndex}.example.com`;
  const link = `https://${host}/2025/07/${story}`;
  const storyRng = shared ? random(hashOf(story)) : rng;
  const date = new Date(EPOCH - (feedIndex * 50 + itemIndex) * 600_000);
  return {
    title: `${sentence(storyRng, relevant).slice(0, 110)} (${story})`,
    link,
    description: { cdata: htmlDescription(rng, descriptionBytes, relevant, link) },
    guid: link,
    date: isoDates ? date.toISOString() : date.toUTCString(),
  };
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** Feed `index`: even ones RSS 2.0, odd ones Atom; its size drawn in about 50–150 KB. */
function regularFeed(index: number, itemsPerFeed: number): CorpusFeed {
  const rng = random(1000 + index);
  const isAtom = index % 2 === 1;
  // Descriptions overshoot their budget and items carry titles, links and dates: about 1.3× the budget in all.
  const budget = 38_000 + rng() * 77_000;
  const mean = budget / itemsPerFeed;
  const items = Array.from({ length: itemsPerFeed }, (_, i) =>
    item(rng, index, i, Math.min(6_000, Math.max(250, mean * (0.3 + rng() * 1.4))), isAtom),
  );
  const feed = { title: `Bench news ${index}`, link: `https://news-${index}.example.com/`, items };
  return { path: `/feeds/${index}.xml`, label: `Bench news ${index}`, body: isAtom ? atom(feed) : rss20(feed) };
}

/** A feed of about `bytes` bytes (a site that never trims its feed): many ordinary items. */
function hugeFeed(bytes: number): CorpusFeed {
  const rng = random(7);
  const perItem = 5_000;
  const items = Array.from({ length: Math.ceil(bytes / (perItem + 400)) }, (_, i) => item(rng, 9_000, i, perItem));
  return { path: '/feeds/huge.xml', label: 'Huge feed', body: rss20({ title: 'Huge feed', items }) };
}

/**
 * A feed whose first description is `bytes` of unclosed tags (`<a <a <a …`, never a `>`): a naive
 * `/<[^>]*>/g` scans to the end from every `<`, quadratic in its length.
 */
function pathologicalFeed(bytes: number): CorpusFeed {
  const rng = random(11);
  const items = Array.from({ length: 20 }, (_, i) => item(rng, 9_001, i, 1_000));
  const first = items[0];
  if (first) items[0] = { ...first, description: { cdata: `<p>Broken markup ${'<a href=x '.repeat(Math.ceil(bytes / 10))}` } };
  return { path: '/feeds/pathological.xml', label: 'Pathological feed', body: rss20({ title: 'Pathological feed', items }) };
}

/** The corpus for a spec, feeds in a stable order (hostile ones last). */
export function buildCorpus(spec: CorpusSpec): CorpusFeed[] {
  const feeds = Array.from({ length: spec.feeds }, (_, index) => regularFeed(index, spec.itemsPerFeed));
  if (spec.hostile) feeds.push(hugeFeed(spec.hostile.hugeBytes), pathologicalFeed(spec.hostile.pathologicalBytes));
  return feeds;
}
