// @ts-check
/**
 * The collection thread: fetches, reads (through the parse workers it starts) and pools feeds away from the bot's
 * main thread, which stays free for interactions. The work is task.ts: compiled beside this file in a build, else
 * loaded from source through tsx (tests, `npm run dev`).
 */
import { importBuilt } from '../../../import-built.mjs';

/** @type {{ serveCollections(): void }} */
const task = await importBuilt(import.meta.url, 'task');
task.serveCollections();
