/**
 * Runs one feed collection in a process of its own, for crash tests that kill it mid-collection:
 * `node --import tsx test/support/collect-child.ts` with
 * - DW_STORE: the SQLite file;
 * - DW_FEEDS: the feed URLs, as a JSON array (every one on loopback);
 * - DW_CLAIM_TTL_MS: the claim TTL of the run.
 * Prints "result {json}" once the collection is over (a test that kills it mid-way never sees it).
 */
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { createLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import { fixtureKb } from './kb-fixture.ts';
import { requiredEnv } from './child-env.ts';

const required = (name: string) => requiredEnv('collect-child', name);

const urls = JSON.parse(required('DW_FEEDS')) as string[];
const store = await openStore(`sqlite://${required('DW_STORE')}`);
try {
  const report = await collectFeeds(
    { kb: fixtureKb(), store, log: createLogger({ level: 'warn' }) },
    urls.map((url) => ({ url, label: url })),
    { allowPrivate: true, perHostConcurrency: 8, deadlineMs: 120_000, claimTtlMs: Number(required('DW_CLAIM_TTL_MS')) },
  );
  process.stdout.write(`result ${JSON.stringify(report.feeds.map((feed) => feed.status))}\n`);
} finally {
  await store.close();
  await closeParsePool();
}
