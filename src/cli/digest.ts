import { collectFeeds } from '../digest/collect/collect.ts';
import type { CollectOptions } from '../digest/collect/types.ts';
import type { CollectReport, FeedReport } from '../digest/collect/report.ts';
import type { TrackedFeed } from '../digest/collect/types.ts';
import { composeCappedDigest, composeEmptyDigest, type DigestLimits } from '../digest/compose/compose.ts';
import { readPool } from '../digest/pool.ts';
import { UserError } from '../errors.ts';
import { normalizeUrl } from '../feeds/identify/url.ts';
import { closeParsePool } from '../feeds/parse/parse.ts';
import type { Locale } from '../i18n/locale.ts';
import type { KnowledgeBase } from '../kb/types.ts';
import type { MessagePayload } from '../render/payload.ts';
import { payloadToText } from '../render/text.ts';
import { createMemoryStore } from '../store/index.ts';
import { formatUnavailable, type CliRequest } from './args.ts';
import type { DigestItem } from '../digest/types.ts';
import { terminalSafe, terminalText, type CliIo } from './io.ts';

const STATUS_WORDS: Record<FeedReport['status'], { en: string; fr: string }> = {
  ok: { en: 'ok', fr: 'ok' },
  'not-modified': { en: 'unchanged', fr: 'inchangé' },
  skipped: { en: 'skipped', fr: 'ignoré' },
  failed: { en: 'failed', fr: 'échec' },
};

/** The feeds of `--feeds URL,URL` (labelled as the knowledge base labels them, else by host), or the tracked ones. */
export function dryRunFeeds(kb: KnowledgeBase, list: string | undefined): TrackedFeed[] {
  if (list === undefined) return kb.feeds.map(({ url, label }) => ({ url, label }));
  const urls = list.split(',').map((url) => url.trim()).filter((url) => url !== '');
  if (urls.length === 0) {
    throw new UserError({
      en: '--feeds needs at least one address: --feeds https://example.com/feed,https://example.org/rss',
      fr: '--feeds attend au moins une adresse : --feeds https://example.com/feed,https://example.org/rss',
    });
  }
  const labels = new Map(kb.feeds.map((feed) => [normalizeUrl(feed.url), feed.label]));
  return urls.map((url) => ({ url, label: labels.get(normalizeUrl(url)) ?? hostLabel(url) }));
}

function hostLabel(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function feedLine(feed: FeedReport, locale: Locale): string {
  const status = STATUS_WORDS[feed.status][locale].padEnd(10);
  const name = `${terminalSafe(feed.label)} (${terminalSafe(feed.url)})`;
  const reason = feed.error?.message[locale] ?? feed.skip?.message[locale];
  if (reason !== undefined) return `  ${status}${name}: ${reason}`;
  const counts =
    locale === 'fr'
      ? `${feed.items} article(s), ${feed.kept} pertinent(s)`
      : `${feed.items} item(s), ${feed.kept} relevant`;
  return `  ${status}${name}: ${counts}`;
}

/** The per-feed status the dry run prints on stderr. */
export function formatDryRunSummary(report: CollectReport, digestItems: number, locale: Locale): string {
  const failed = report.feeds.filter((feed) => feed.status === 'failed').length;
  const ok = report.feeds.length - failed;
  const head =
    locale === 'fr'
      ? `Essai à blanc : ${report.feeds.length} flux, ${ok} lu(s), ${failed} en échec ; ${digestItems} article(s) dans le digest.`
      : `Dry run: ${report.feeds.length} feed(s), ${ok} read, ${failed} failed; ${digestItems} item(s) in the digest.`;
  return [head, ...report.feeds.map((feed) => feedLine(feed, locale))].join('\n');
}

/** `--json`: the items the digest would show, as data; `--format discord`: the messages it would post. */
function printDigest(request: CliRequest, shown: readonly DigestItem[], payloads: readonly MessagePayload[]): string {
  if (request.format === 'json') {
    const items = shown.map(({ title, link, publishedAt, feedLabel, feedUrl, companies, dimensions, score, possibleRetreat, alsoIn }) => ({
      title, link, publishedAt, feed: feedLabel, feedUrl, companies, dimensions, score, possibleRetreat, alsoIn,
    }));
    return `${JSON.stringify({ items }, null, 2)}\n`;
  }
  if (request.format === 'discord') return `${JSON.stringify(payloads, null, 2)}\n`;
  return `${terminalText(payloads.map(payloadToText).join('\n\n'))}\n`;
}

/**
 * `digest --dry-run [--feeds URL,URL]`: collects the feeds into a throwaway in-memory store (every item new),
 * composes the digest within the bot's limits and prints it, with each feed's status on stderr. Exit 1 when every
 * feed failed.
 */
export async function runDigestCommand(kb: KnowledgeBase, request: CliRequest, io: CliIo, fetch: CollectOptions, limits: DigestLimits): Promise<number> {
  if (request.options['dry-run'] !== true || request.positionals.length > 0) {
    throw new UserError({
      en: 'The CLI only runs dry runs: npm run cli -- digest --dry-run [--feeds URL,URL]. The bot posts the real digests on their schedule.',
      fr: 'La CLI ne fait que des essais à blanc : npm run cli -- digest --dry-run [--feeds URL,URL]. C’est le bot qui publie les vrais digests, à leur heure.',
    });
  }
  if (request.format === 'csv') throw formatUnavailable(request);
  const list = request.options.feeds;
  const feeds = dryRunFeeds(kb, typeof list === 'string' ? list : undefined);
  const store = createMemoryStore();
  try {
    const now = new Date();
    const report = await collectFeeds({ kb, store, now: () => now }, feeds, {
      ...fetch,
      seed: false,
      minRefetchMs: 0,
    });
    const items = await readPool(store);
    const ctx = { locale: request.locale, now: now.toISOString() };
    const { messages, plan } = composeCappedDigest(kb, items, ctx, limits);
    const payloads: MessagePayload[] = messages.length > 0 ? messages.map((message) => message.payload) : [composeEmptyDigest(ctx)];
    io.stdout(printDigest(request, plan.shown, payloads));
    io.stderr(`${formatDryRunSummary(report, plan.shown.length, request.locale)}\n`);
    return report.feeds.length > 0 && report.feeds.every((feed) => feed.status === 'failed') ? 1 : 0;
  } finally {
    await store.close();
    await closeParsePool();
  }
}
