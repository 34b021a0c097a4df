import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedTest } from '../../src/digest/collect/feed-test.ts';
import { closeParsePool, parseFeed } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { fixtureKb } from '../support/kb-fixture.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { DEFAULT_DEADLINE_MS, DEFAULT_SLACK_MS, RSS_XML, type ExpectedFailure, type ExpectedItems } from './case-types.ts';
import { HOSTILE_CASES, type HostileCase } from './cases.ts';
import { fetchAndParse, type PipelineOutcome } from './fetch-and-parse.ts';
import { brotliZeros } from './handlers.ts';

/**
 * Whatever a feed server sends, the bot keeps running: each case is served by a real local HTTP server and read
 * by the real fetcher and parser, once the way the collector does (fetchAndParse) and once through feedTest.
 * Every case checks the outcome, the time taken against the deadline, the sockets left open (none), and that
 * nothing escaped as an unhandled rejection or exception.
 */

/** What both ways of reading a feed have in common. */
type Outcome =
  | { ok: true; titles: string[]; links: (string | undefined)[]; elapsedMs: number }
  | { ok: false; code: string; message: string; messageFr?: string; elapsedMs: number };

let server: FeedServer;
let kb: KnowledgeBase;
const escaped: unknown[] = [];
const recordEscape = (error: unknown) => void escaped.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', recordEscape);
  process.on('uncaughtException', recordEscape);
  server = await startFeedServer();
  kb = fixtureKb();
  // Start-up costs (a parse worker, the brotli bomb) are paid once, outside the timed cases.
  await brotliZeros(1024 ** 3);
  await parseFeed(rss20({ items: [{ title: 'Warm-up' }] }));
});

afterAll(async () => {
  process.off('unhandledRejection', recordEscape);
  process.off('uncaughtException', recordEscape);
  await server.close();
  await closeParsePool();
});

function expectedCodes(outcome: ExpectedFailure): readonly string[] {
  return typeof outcome.code === 'string' ? [outcome.code] : outcome.code;
}

function checkCommon(outcome: Outcome, hostile: HostileCase): void {
  const expected = hostile.outcome;
  if (expected.ok) {
    if (!outcome.ok) throw new Error(`expected ${expected.titles.length} items, got ${outcome.code}: ${outcome.message}`);
    expect(outcome.titles).toEqual(expected.titles);
    for (const title of outcome.titles) expect(title).not.toMatch(/\uFFFD|Ã|â€/);
    for (const link of outcome.links) if (link !== undefined) expect(link).toMatch(/^https?:\/\//);
  } else {
    if (outcome.ok) throw new Error(`expected ${expectedCodes(expected).join(' or ')}, got ${outcome.titles.length} items`);
    expect(expectedCodes(expected)).toContain(outcome.code);
    expect(outcome.message).toMatch(expected.message);
    if (outcome.messageFr !== undefined) expect(outcome.messageFr.length).toBeGreaterThan(10);
  }
  const deadlineMs = hostile.deadlineMs ?? DEFAULT_DEADLINE_MS;
  expect(outcome.elapsedMs).toBeLessThan(deadlineMs + (hostile.slackMs ?? DEFAULT_SLACK_MS));
  if (hostile.endsAtDeadline) expect(outcome.elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 5);
  const text = JSON.stringify(outcome);
  for (const pattern of hostile.forbidden ?? []) expect(text).not.toMatch(pattern);
}

/** Serves the case, reads it with `read`, then checks the outcome, sockets, escapes and memory around it. */
async function runCase(hostile: HostileCase, base: string, read: (url: string) => Promise<Outcome>): Promise<void> {
  server.resetStats();
  const path = await hostile.serve(server, base);
  const rssBefore = process.memoryUsage().rss;
  const outcome = await read(server.url(path));
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;

  checkCommon(outcome, hostile);
  if (hostile.maxRssGrowthMb !== undefined) expect(rssGrowthMb).toBeLessThan(hostile.maxRssGrowthMb);
  expect(server.requests.length).toBeGreaterThan(0);
  await server.waitForIdle(1_000);
  expect(server.openSockets()).toBe(0);
  expect(escaped).toEqual([]);
}

function fromPipeline(result: PipelineOutcome): Outcome {
  if (!result.ok) {
    const { code, message, messageFr, elapsedMs } = result;
    return { ok: false, code, message, ...(messageFr === undefined ? {} : { messageFr }), elapsedMs };
  }
  return { ok: true, titles: result.items.map((item) => item.title), links: result.items.map((item) => item.link), elapsedMs: result.elapsedMs };
}

function checkItems(expected: ExpectedItems, outcome: Extract<PipelineOutcome, { ok: true }>): void {
  if (expected.warning) expect(outcome.warnings.join('\n')).toMatch(expected.warning);
  else expect(outcome.warnings).toEqual([]);
  if (expected.charset !== undefined) expect(outcome.charset).toBe(expected.charset);
  expect(outcome.truncated).toBe(expected.truncated ?? false);
  for (const item of outcome.items) {
    expect(typeof item.title).toBe('string');
    expect(typeof item.summary).toBe('string');
  }
  expect(new Set(outcome.items.map((item) => item.id)).size).toBe(outcome.items.length);
  expected.check?.(outcome.items);
}

function checkFailure(expected: ExpectedFailure, outcome: Extract<PipelineOutcome, { ok: false }>): void {
  if (expected.status !== undefined) expect(outcome.status).toBe(expected.status);
  if (expected.retryAfterMs === undefined) {
    expect(outcome.retryAfterMs).toBeUndefined();
  } else {
    expect(outcome.retryAfterMs).toBeGreaterThanOrEqual(expected.retryAfterMs[0]);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(expected.retryAfterMs[1]);
  }
}

describe('hostile feeds: the cases (name → expected outcome)', () => {
  it('covers at least 30 cases, each named once', () => {
    const names = HOSTILE_CASES.map((hostile) => hostile.name);
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(HOSTILE_CASES.map((hostile) => [hostile.name, hostile.expected, hostile] as const))('%s → %s', (_name, expected, hostile) => {
    const outcome = hostile.outcome;
    if (outcome.ok) {
      const count = outcome.titles.length;
      expect(expected).toMatch(outcome.warning ? /^ok with a warning: / : /^ok: /);
      expect(expected.replace(/(\d) (\d{3})/g, '$1$2')).toMatch(new RegExp(`\\b${count} (item|entr)`));
    } else {
      expect(expected.startsWith(`failed: ${expectedCodes(outcome)[0]}`)).toBe(true);
    }
  });
});

describe('hostile feeds, read as the collector reads them (fetchFeed + parseFeed)', () => {
  it.each(HOSTILE_CASES.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    let result: PipelineOutcome | undefined;
    await runCase(hostile, '/pipeline', async (url) => {
      const maxBytes = hostile.maxBytes === undefined ? {} : { maxBytes: hostile.maxBytes };
      result = await fetchAndParse(url, { deadlineMs: hostile.deadlineMs ?? DEFAULT_DEADLINE_MS, ...maxBytes });
      return fromPipeline(result);
    });
    const expected = hostile.outcome;
    if (expected.ok && result?.ok) checkItems(expected, result);
    if (!expected.ok && result?.ok === false) checkFailure(expected, result);
  });

  it('still reads a good feed after all of them', async () => {
    server.route('/after/feed', respond({ body: rss20({ items: [{ title: 'Still standing – café' }] }), headers: RSS_XML }));
    const outcome = await fetchAndParse(server.url('/after/feed'), { deadlineMs: DEFAULT_DEADLINE_MS });
    expect(outcome.ok && outcome.items.map((item) => item.title)).toEqual(['Still standing – café']);
  });
});

describe('hostile feeds through feedTest (fetch + parse + tag one URL)', () => {
  it.each(HOSTILE_CASES.map((hostile) => [hostile.name, hostile] as const))('%s', async (_name, hostile) => {
    const deadlineMs = hostile.deadlineMs ?? DEFAULT_DEADLINE_MS;
    await runCase(hostile, '/feed-test', async (url): Promise<Outcome> => {
      const started = performance.now();
      const maxBytes = hostile.maxBytes === undefined ? {} : { maxBytes: hostile.maxBytes };
      const result = await feedTest(kb, url, { allowPrivate: true, deadlineMs, ...maxBytes });
      const elapsedMs = performance.now() - started;
      if (!result.ok) {
        const { code, message } = result.error;
        return { ok: false, code, message: message.en, messageFr: message.fr, elapsedMs };
      }
      expect(result.status).toBe(200);
      return { ok: true, titles: result.items.map((item) => item.title), links: result.items.map((item) => item.link ?? undefined), elapsedMs };
    });
  });
});
