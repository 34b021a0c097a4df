// @ts-check
/**
 * The digest as the bot's own process runs it, for the pipeline section: a process that holds only the compiled
 * pipeline (`dist/`, as `npm start` runs it, no tsx, no benchmark harness) and the knowledge base. It answers
 * `{ kind: 'run', feeds, options, fresh }` with the run's wall time, its CPU time (every thread) and its peak RSS
 * (VmHWM, reset before the run through /proc/self/clear_refs), so the memory figure is the pipeline's and nothing
 * else's. `fresh` starts a new scratch store; otherwise the run reuses the last one (the all-304 rerun). As in the
 * bot, the collection runs in its thread (createThreadCollector) with its own connection to the scratch store, and
 * the main thread composes; the thread is kept between back-to-back runs on one store, as the bot's is for 2 s.
 *
 * Usage: node [the flags of npm start] bench/digest-child.cjs <app directory with dist/> <data directory> (which applies
 * the app's thread-pool default, then loads this file)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [app, dataDir] = process.argv.slice(2);
if (app === undefined || dataDir === undefined) throw new Error('usage: digest-child.mjs <app directory> <data directory>');
/** @param {string} module */
const load = (module) => import(pathToFileURL(path.join(app, 'dist', 'src', module)).href);

const { loadKnowledgeBase } = await load('kb/load/index.js');
const { createThreadCollector } = await load('digest/collect/thread/thread-collector.js');
const { silentLogger } = await load('log.js');
const { DEFAULT_DIGEST_LIMITS } = await load('digest/compose/compose.js');
const { composeCappedDigestInSlices } = await load('digest/compose/compose-sliced.js');
const { candidatesFor } = await load('digest/pool.js');
const { openStore } = await load('store/index.js');
const { closeParsePool } = await load('feeds/worker/pool.js');

const kb = await loadKnowledgeBase(dataDir);
const CHANNEL = '100000000000000001';

/** @param {'VmHWM' | 'VmRSS'} field */
async function statusMb(field) {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(await readFile('/proc/self/status', 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** @type {{ store: any; dir: string; collector: { collect: Function; close(): Promise<void> } } | undefined} */
let scratch;

async function dropScratch() {
  if (scratch === undefined) return;
  await scratch.collector.close();
  await scratch.store.close();
  await rm(scratch.dir, { recursive: true, force: true });
  scratch = undefined;
}

/** @param {{ feeds: { url: string; label: string }[]; options: object; fresh: boolean }} command */
async function run(command) {
  if (command.fresh || scratch === undefined) {
    await dropScratch();
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-bench-'));
    const storeUrl = `sqlite://${path.join(dir, 'bench.sqlite')}`;
    scratch = { dir, store: await openStore(storeUrl), collector: createThreadCollector({ storeUrl, storeTimeoutMs: 3_000, kb, log: silentLogger }) };
  }
  const { store, collector } = scratch;
  // Peak RSS from here: the high-water mark starts again at the RSS of now.
  await writeFile('/proc/self/clear_refs', '5');
  const rssBeforeMb = await statusMb('VmRSS');
  const cpu = process.cpuUsage();
  const start = performance.now();
  const now = new Date();
  const report = await collector.collect(command.feeds, command.options);
  const items = await candidatesFor(store, { channelId: CHANNEL, feedUrls: new Set(command.feeds.map((feed) => feed.url)), since: now.toISOString(), now });
  const { messages } = await composeCappedDigestInSlices(kb, items, { locale: 'en', now: now.toISOString() }, DEFAULT_DIGEST_LIMITS);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  /** @type {Record<string, number>} */
  const statuses = {};
  for (const feed of report.feeds) statuses[feed.status] = (statuses[feed.status] ?? 0) + 1;
  const failed = report.feeds.find((/** @type {{ status: string }} */ feed) => feed.status !== 'ok' && feed.status !== 'not-modified');
  return {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    peakRssMb: await statusMb('VmHWM'),
    rssBeforeMb,
    statuses,
    example: failed === undefined ? undefined : `${failed.url} ${failed.status} ${failed.error?.message.en ?? failed.skip?.code ?? ''}`,
    items: report.feeds.reduce((/** @type {number} */ sum, /** @type {{ items: number }} */ feed) => sum + feed.items, 0),
    pooled: report.added,
    messages: messages.length,
  };
}

process.on('message', (/** @type {any} */ message) => {
  const answer = message.kind === 'run' ? run(message) : message.kind === 'close' ? dropScratch().then(() => closeParsePool()).then(() => ({})) : Promise.reject(new Error(`unknown command ${message.kind}`));
  answer.then(
    (result) => {
      process.send?.({ id: message.id, ...result });
      if (message.kind === 'close') process.disconnect();
    },
    (error) => process.send?.({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
