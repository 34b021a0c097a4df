// @ts-check
/**
 * The parse worker, run by piscina: `{ job, started }` in (a ReadJob, and a port told when the job starts so that the
 * time limit counts parsing, not waiting or start-up), a ReadResult out. The XML parse is plain JavaScript (xml.mjs);
 * normalising, identifying and tagging are the TypeScript modules of task.ts: compiled beside this file (task.js) in
 * a build, else loaded from source through tsx (tests, `npm run dev`).
 */
import { importBuilt } from '../../import-built.mjs';
import { parseFeedXml } from '../parse/xml.mjs';

/** @type {{ finishRead(job: unknown, parsed: unknown): unknown; jobText(job: unknown): string }} */
const task = await importBuilt(import.meta.url, 'task');

/** @param {{ job: { xml: string; maxDepth: number; maxItems: number; truncated: boolean }; started?: MessagePort }} input */
export default async function read({ job, started }) {
  started?.postMessage(0);
  started?.close();
  const parsed = await parseFeedXml(task.jobText(job), job);
  return parsed.ok ? task.finishRead(job, parsed) : parsed;
}
