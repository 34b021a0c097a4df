// @ts-check
/**
 * The parse worker, run by piscina: `{ job, started }` in (a ReadJob, and a port told when the job starts so that the
 * time limit counts parsing, not waiting or start-up), a ReadResult out. The XML parse is plain JavaScript (xml.mjs);
 * normalising, identifying and tagging are the TypeScript modules of task.ts: compiled beside this file (task.js) in
 * a build, else loaded from source through tsx (tests, `npm run dev`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFeedXml } from '../parse/xml.mjs';

async function loadTask() {
  const compiled = new URL('./task.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  // A worker of vitest's does not inherit tsx's loader as one of `node --import tsx` does: register it here either way.
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL('./task.ts', import.meta.url).href);
}

/** @type {{ finishRead(job: unknown, parsed: unknown): unknown; jobText(job: unknown): string }} */
const task = await loadTask();

/** @param {{ job: { xml: string; maxDepth: number; maxItems: number; truncated: boolean }; started?: MessagePort }} input */
export default async function read({ job, started }) {
  started?.postMessage(0);
  started?.close();
  const parsed = await parseFeedXml(task.jobText(job), job);
  return parsed.ok ? task.finishRead(job, parsed) : parsed;
}
