/**
 * Runs two collections through a thread collector, for the test of a collection thread that ends mid-run without an
 * error: `node --import tsx --import test/support/thread-exit-hook.mjs test/support/thread-exit-child.ts` with
 * - DW_STORE: the SQLite file;
 * - DW_HELD, DW_FEED: a feed whose request is never answered, and an ordinary one;
 * - DW_EXIT_WHEN, DW_EXITED: see thread-exit-hook.mjs.
 * The first run reads the held feed (its thread ends meanwhile), the second the ordinary one; prints
 * "first {json}" and "second {json}", each `{ ok, statuses }` or `{ ok: false, message }`, then "closed".
 */
import { createThreadCollector } from '../../src/digest/collect/thread/thread-collector.ts';
import type { CollectOptions } from '../../src/digest/collect/types.ts';
import { createLogger } from '../../src/log.ts';
import { fixtureKb } from './kb-fixture.ts';
import { requiredEnv } from './child-env.ts';

const required = (name: string) => requiredEnv('thread-exit-child', name);

const options: CollectOptions = { allowPrivate: true, deadlineMs: 120_000, seed: false, minRefetchMs: 0 };
const collector = createThreadCollector({ storeUrl: `sqlite://${required('DW_STORE')}`, storeTimeoutMs: 5_000, kb: fixtureKb(), log: createLogger({ level: 'error' }) });

async function run(url: string): Promise<string> {
  try {
    const report = await collector.collect([{ url, label: url }], options);
    return JSON.stringify({ ok: true, statuses: report.feeds.map((feed) => feed.status) });
  } catch (error) {
    return JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
}

process.stdout.write(`first ${await run(required('DW_HELD'))}\n`);
process.stdout.write(`second ${await run(required('DW_FEED'))}\n`);
await collector.close();
process.stdout.write('closed\n');
