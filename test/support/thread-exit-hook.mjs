// @ts-check
/**
 * Loaded with `--import` into a process and, through the Node options the collection thread inherits, into that
 * thread: once the file DW_EXIT_WHEN exists (the test writes it when the run's request has arrived), the first
 * collection thread ends with `process.exit(7)`, mid-run and without an error, and writes DW_EXITED so that the
 * threads after it run normally. Anywhere else (the main thread, the parse workers) it does nothing.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';

const when = process.env.DW_EXIT_WHEN;
const exited = process.env.DW_EXITED;
const isCollectionThread = !isMainThread && typeof workerData?.storeUrl === 'string';
if (isCollectionThread && when !== undefined && exited !== undefined && !existsSync(exited)) {
  const poll = setInterval(() => {
    if (!existsSync(when)) return;
    writeFileSync(exited, '');
    process.exit(7);
  }, 10);
  // The poll alone never keeps the thread alive.
  poll.unref();
}
