import { feedTest, type FeedTestItem, type FeedTestResult } from '../digest/collect/feed-test.ts';
import type { FeedFetchOptions } from '../digest/collect/read-feed.ts';
import { UserError } from '../errors.ts';
import { closeParsePool } from '../feeds/parse/parse.ts';
import { localizeReason } from '../feeds/tag/localize-reason.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import { describeTruncation } from '../digest/collect/truncation.ts';
import { formatUnavailable, type CliRequest } from './args.ts';
import { terminalSafe, type CliIo } from './io.ts';

const WORDS = {
  kept: { en: 'kept', fr: 'gardé' },
  dropped: { en: 'dropped', fr: 'écarté' },
  companies: { en: 'companies', fr: 'entreprises' },
  dimensions: { en: 'dimensions', fr: 'dimensions' },
  undated: { en: 'no date', fr: 'sans date' },
  untitled: { en: '(no title)', fr: '(sans titre)' },
} as const;

function summaryLine(status: number, items: readonly FeedTestItem[], locale: Locale): string {
  const kept = items.filter((item) => item.kept).length;
  return locale === 'fr'
    ? `HTTP ${status} · ${items.length} article(s) · ${kept} gardé(s) pour le digest`
    : `HTTP ${status} · ${items.length} item(s) · ${kept} kept for the digest`;
}

function itemLines(item: FeedTestItem, locale: Locale): string {
  const verdict = (item.kept ? WORDS.kept : WORDS.dropped)[locale].padEnd(8);
  const indent = ' '.repeat(14);
  const tags = [
    item.published ?? WORDS.undated[locale],
    ...(item.companies.length === 0 ? [] : [`${WORDS.companies[locale]}: ${item.companies.join(', ')}`]),
    ...(item.dimensions.length === 0 ? [] : [`${WORDS.dimensions[locale]}: ${item.dimensions.join(', ')}`]),
  ];
  return [
    `${verdict} ${String(item.score).padStart(3)}  ${terminalSafe(item.title) || WORDS.untitled[locale]}`,
    ...(item.link === null ? [] : [`${indent}${terminalSafe(item.link)}`]),
    `${indent}${tags.join(' · ')}`,
    ...(item.reasons.length === 0 ? [] : [`${indent}${terminalSafe(item.reasons.join('; '))}`]),
  ].join('\n');
}

/**
 * The text `feeds test` prints: a summary line (and one saying the feed was truncated, when it was), then each item
 * with its verdict, score, tags and reasons.
 */
export function formatFeedTest(result: Extract<FeedTestResult, { ok: true }>, locale: Locale): string {
  const truncated = result.truncated === undefined ? '' : `\n${describeTruncation(result.truncated, result.items.length, locale)}`;
  return [`${summaryLine(result.status, result.items, locale)}${truncated}`, ...result.items.map((item) => itemLines(item, locale))].join('\n\n');
}

/** `feeds test <url> [--json]`: exit 0 with the judged items, 1 when the feed cannot be fetched or read. */
export async function runFeedsCommand(kb: KnowledgeBase, request: CliRequest, io: CliIo, fetch: FeedFetchOptions): Promise<number> {
  const [action, url, ...extra] = request.positionals;
  if (action !== 'test' || url === undefined || extra.length > 0) {
    throw new UserError({
      en: 'Usage: npm run cli -- feeds test <url> [--json] [--locale en|fr]',
      fr: 'Utilisation : npm run cli -- feeds test <adresse> [--json] [--locale en|fr]',
    });
  }
  if (request.format !== 'text' && request.format !== 'json') throw formatUnavailable(request);
  try {
    const tested = await feedTest(kb, url, fetch);
    const result = tested.ok
      ? { ...tested, items: tested.items.map((item) => ({ ...item, reasons: item.reasons.map((reason) => localizeReason(reason, request.locale)) })) }
      : tested;
    if (request.json) {
      const output = result.ok ? result : { ok: false, error: result.error.message[request.locale] };
      io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    } else if (result.ok) {
      io.stdout(`${formatFeedTest(result, request.locale)}\n`);
    } else {
      io.stderr(`${result.error.message[request.locale]}\n`);
    }
    return result.ok ? 0 : 1;
  } finally {
    await closeParsePool();
  }
}
