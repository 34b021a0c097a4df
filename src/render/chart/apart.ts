import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChartJob } from './job.ts';

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

type Reply = { readonly index: number; readonly png?: Uint8Array; readonly error?: string };

/**
 * Draws the jobs in a short-lived child process: one promise per job, each settled as soon as its chart is drawn.
 * The canvas (Skia, 35 MB of native code that no process can unload) and chart.js load there, and leave with it:
 * the bot's own memory and main thread never hold them. What is not drawn within `timeoutMs` is rejected and the
 * child killed.
 */
export function drawApart(jobs: readonly ChartJob[], timeoutMs: number): Promise<Buffer>[] {
  const settlers: { resolve: (png: Buffer) => void; reject: (error: Error) => void }[] = [];
  const promises = jobs.map(() => new Promise<Buffer>((resolve, reject) => settlers.push({ resolve, reject })));
  const pending = new Set(settlers.keys());
  // Its own node, none of this process' flags: tsx (sources) or nothing (a build) is chosen by child.mjs.
  const child = fork(CHILD, [], { execArgv: [], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-1000)));
  const fail = (why: string) => {
    clearTimeout(timer);
    for (const index of pending) settlers[index]?.reject(new Error(`chart not drawn: ${why}`));
    pending.clear();
    child.kill('SIGKILL');
  };
  const timer = setTimeout(() => fail(`still drawing after ${timeoutMs} ms`), timeoutMs);
  child.on('message', ({ index, png, error }: Reply) => {
    if (index === -1) return fail(error ?? 'the drawing process could not start');
    if (!pending.delete(index)) return;
    if (png === undefined) settlers[index]?.reject(new Error(`chart not drawn: ${error}`));
    else settlers[index]?.resolve(Buffer.isBuffer(png) ? png : Buffer.from(png.buffer, png.byteOffset, png.byteLength));
    if (pending.size === 0) clearTimeout(timer);
  });
  child.once('error', (error) => fail(error.message));
  child.once('exit', (code, signal) => fail(`the drawing process ended (${signal ?? code})${stderr.trim() === '' ? '' : `: ${stderr.trim()}`}`));
  child.send({ jobs });
  return promises;
}
