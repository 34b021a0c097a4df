// @ts-check
/**
 * The chart-drawing process forked by apart.ts: `{ jobs }` in (ChartJobs), one `{ index, png }` or
 * `{ index, error }` out per job in order, then it leaves, taking the canvas (Skia) and chart.js with it.
 * job.ts is compiled beside this file (job.js) in a build, else loaded from source through tsx (tests, dev).
 */
import { importBuilt } from '../../import-built.mjs';

/** @param {unknown} message */
const send = (message) => new Promise((resolve) => process.send?.(message, undefined, {}, () => resolve(undefined)));

// The parent gone (it stopped, or gave up waiting), nothing is left to draw for. A signal to the process group
// (Ctrl-C, systemd's stop) is the bot's to handle: this process ends when the bot does, not in the middle of its stop.
process.on('disconnect', () => process.exit(0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => undefined);
process.once('message', async (/** @type {{ jobs: unknown[] }} */ { jobs }) => {
  try {
    /** @type {{ drawJob(job: unknown): Promise<Buffer> }} */
    const { drawJob } = await importBuilt(import.meta.url, 'job');
    for (const [index, job] of jobs.entries()) {
      try {
        await send({ index, png: await drawJob(job) });
      } catch (error) {
        await send({ index, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } catch (error) {
    await send({ index: -1, error: error instanceof Error ? error.message : String(error) });
  }
  process.disconnect();
});
