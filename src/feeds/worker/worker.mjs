// @ts-check
/**
 * The parse worker, run by piscina: `{ job, started }` in (a ReadJob, and a port told, when the parse starts, the
 * document's size and whether it was cut at the byte cap, so that the time limit counts parsing, not waiting or
 * start-up, and grows with the document), a ReadResult out. The XML parse is plain JavaScript (xml.mjs);
 * decompressing, decoding, normalising, identifying and tagging are the TypeScript modules of task.ts: compiled
 * beside this file (task.js) in a build, else loaded from source through tsx (tests, `npm run dev`).
 */
import { importBuilt } from '../../import-built.mjs';
import { parseFeedXml } from '../parse/xml.mjs';

/**
 * @typedef {{ xml: string; maxDepth: number; maxItems: number; truncated: boolean }} Job
 * @type {{ finishRead(job: Job, parsed: unknown): object; jobText(job: Job): Promise<{ ok: true; text: string; truncated: boolean } | { ok: false; error: object }> }}
 */
const task = await importBuilt(import.meta.url, 'task');

/** @param {{ job: Job; started?: MessagePort } | { warmUp: true }} input */
export default async function read(input) {
  // A warm-up (pool.ts) only starts this worker: its modules are loaded by now.
  if ('warmUp' in input) return { warmedUp: true };
  const { job, started } = input;
  const document = await task.jobText(job);
  started?.postMessage(document.ok ? { length: document.text.length, truncated: document.truncated } : { length: 0, truncated: false });
  started?.close();
  if (!document.ok) return document;
  const parsed = await parseFeedXml(document.text, { ...job, truncated: document.truncated });
  const result = parsed.ok ? task.finishRead(job, parsed) : parsed;
  // Only the start of the body was read: the caller says so in the feed's report.
  return document.truncated ? { ...result, bodyTruncated: true } : result;
}
