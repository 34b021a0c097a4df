import { setMaxListeners } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { closeParsePool } from '../../../feeds/parse/parse.ts';
import { plainFields, type Logger, type LogLevel } from '../../../log.ts';
import { openStore, StoreError, type Store } from '../../../store/index.ts';
import { collectFeeds } from '../collect.ts';
import { summarizeCollect } from '../report.ts';
import type { CollectThreadData, FromCollectThread, ThreadError, ToCollectThread } from './messages.ts';

/** The collection thread's side: runs the collections it is sent, on a store connection of its own, until closed. */
export function serveCollections(): void {
  if (parentPort === null) throw new Error('the collection task runs in a worker thread');
  const port = parentPort;
  const { storeUrl, storeTimeoutMs, kb } = workerData as CollectThreadData;
  const send = (message: FromCollectThread) => port.postMessage(message);
  const logAt = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => send({ kind: 'log', level, message, fields: plainFields(fields) });
  const log: Logger = { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
  const aborts = new Map<number, AbortController>();
  let store: Promise<Store> | undefined;
  // Opened at the first run; a store that could not be opened is tried again by the next one.
  const storeOf = () =>
    (store ??= openStore(storeUrl, { timeoutMs: storeTimeoutMs, log }).catch((error: unknown) => {
      store = undefined;
      throw error;
    }));

  async function collect(message: Extract<ToCollectThread, { kind: 'collect' }>): Promise<void> {
    const abort = new AbortController();
    // Every read of the run listens to it, as many at once as the run's concurrency: no leak to warn about.
    setMaxListeners(0, abort.signal);
    aborts.set(message.id, abort);
    try {
      const report = await collectFeeds({ kb, store: await storeOf(), log }, message.feeds, { ...message.options, signal: abort.signal });
      send({ kind: 'report', id: message.id, report: summarizeCollect(report) });
    } catch (error) {
      send({ kind: 'failed', id: message.id, error: threadError(error) });
    } finally {
      aborts.delete(message.id);
    }
  }

  async function close(): Promise<void> {
    for (const abort of aborts.values()) abort.abort();
    const opened = store;
    store = undefined;
    await opened?.then((open) => open.close()).catch(() => undefined);
    await closeParsePool();
    port.close();
  }

  port.on('message', (message: ToCollectThread) => {
    if (message.kind === 'collect') void collect(message);
    else if (message.kind === 'abort') aborts.get(message.id)?.abort();
    else void close();
  });
}

function threadError(error: unknown): ThreadError {
  if (error instanceof StoreError) return { name: error.name, message: error.message, location: error.location };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
