import { readFileSync } from 'node:fs';
import type { FeedItem } from '../../src/feeds/item.ts';
import type { FeedServer } from '../support/feed-server.ts';

/** The feed comes through: exactly these titles, in order. */
export interface ExpectedItems {
  readonly ok: true;
  readonly titles: readonly string[];
  /** A warning that must be reported (a repair or a recovery); without it, there must be no warning at all. */
  readonly warning?: RegExp;
  /** The encoding the body must have been decoded with. */
  readonly charset?: string;
  /** The body went on past the byte cap and only its start was read (default: it did not). */
  readonly truncated?: boolean;
  /** More checks on the items (run on the pipeline's full items only). */
  readonly check?: (items: readonly FeedItem[]) => void;
}

/** The feed fails alone, for a reason a person can read. */
export interface ExpectedFailure {
  readonly ok: false;
  /** The collector's code; several when the environment decides (an endless body: size or deadline first). */
  readonly code: string | readonly string[];
  /** What the message must say about the problem. */
  readonly message: RegExp;
  readonly status?: number;
  /** Bounds of the Retry-After delay, in ms. */
  readonly retryAfterMs?: readonly [min: number, max: number];
}

/** One hostile server behaviour and what the bot must make of it. */
export interface HostileCase {
  readonly name: string;
  /** The expected outcome in words, for the coverage table. */
  readonly expected: string;
  /** Installs routes under `base` (a path prefix that keeps runs apart) and returns the path to fetch. */
  serve(server: FeedServer, base: string): string | Promise<string>;
  readonly outcome: ExpectedItems | ExpectedFailure;
  /** Fetch deadline in ms (default 600). */
  readonly deadlineMs?: number;
  /** Byte cap of the fetch (default: the fetcher's, 20 MB). */
  readonly maxBytes?: number;
  /** Time allowed past the deadline, for parsing (default 700 ms). */
  readonly slackMs?: number;
  /** The server never finishes: the answer must come at the deadline, not before. */
  readonly endsAtDeadline?: boolean;
  /** Bound on how much the process's resident memory may grow, in MB. */
  readonly maxRssGrowthMb?: number;
  /** Text that must appear nowhere in the outcome. */
  readonly forbidden?: readonly RegExp[];
}

export const DEFAULT_DEADLINE_MS = 600;
export const DEFAULT_SLACK_MS = 700;

/** A fixture of test/hostile/fixtures, as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

export const RSS_XML = { 'content-type': 'application/rss+xml; charset=utf-8' } as const;
export const ATOM_XML = { 'content-type': 'application/atom+xml; charset=utf-8' } as const;
