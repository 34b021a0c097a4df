// @ts-check
/**
 * The parse worker: one job at a time, `{ id, xml, maxDepth, maxItems, truncated }` in, `{ id, result }` out.
 * Says `{ ready: true }` once rss-parser is loaded so that the main thread times parsing, not start-up.
 */
import { parentPort } from 'node:worker_threads';
import { parseFeedXml } from './xml.mjs';

if (!parentPort) throw new Error('worker.mjs runs only as a worker thread');
const port = parentPort;

port.on('message', async (/** @type {{ id: number; xml: string; maxDepth: number; maxItems: number; truncated: boolean }} */ job) => {
  const result = await parseFeedXml(job.xml, job);
  port.postMessage({ id: job.id, result });
});
port.postMessage({ ready: true });
