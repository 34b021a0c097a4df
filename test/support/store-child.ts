/**
 * Increments one counter of the store from a process of its own, for the cross-process update tests:
 * `node --import tsx test/support/store-child.ts` with
 * - DW_STORE: the store URL (sqlite://… or redis://…);
 * - DW_KEY: the key of the `history` namespace to increment;
 * - DW_COUNT: how many increments, all started at once;
 * - DW_GO: a file; the increments start once it exists, so that both processes run at the same time.
 * Prints "ready" once the store is open, then "done <n>" with the number of increments that resolved, and exits 0
 * (1 when one rejected, its error on stderr).
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../src/store/index.ts';
import { requiredEnv } from './child-env.ts';

const required = (name: string) => requiredEnv('store-child', name);

const store = await openStore(required('DW_STORE'), { timeoutMs: 30_000 });
const counter = store.namespace<number>('history');
const count = Number(required('DW_COUNT'));
process.stdout.write('ready\n');
while (!existsSync(required('DW_GO'))) await sleep(2);
const results = await Promise.allSettled(Array.from({ length: count }, () => counter.update(required('DW_KEY'), (n) => (n ?? 0) + 1)));
const failed = results.filter((result) => result.status === 'rejected');
for (const failure of failed) process.stderr.write(`${String(failure.reason)}\n`);
process.stdout.write(`done ${results.length - failed.length}\n`);
await store.close();
process.exit(failed.length === 0 ? 0 : 1);
