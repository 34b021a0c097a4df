import type { KnowledgeBase } from '../../kb/types.ts';
import { drawApart } from './apart.ts';
import { balanceEntry, chartCache, chartFile, dimensionEntry } from './charts.ts';

const LOCALES = ['en', 'fr'] as const;
/** Drawing every chart takes about a second on a quiet host; a loaded one, with tsx transpiling, far longer. */
const WARM_TIMEOUT_MS = 120_000;

/**
 * Draws every chart not yet cached in a child process and caches the PNGs, so that no user waits for the first
 * drawing (loading the canvas and chart.js, then drawing, takes up to a second on a busy host; Discord wants an
 * answer within three) and the bot itself never loads the canvas. The bot calls it in the background once it is
 * ready. A chart the child could not draw leaves the cache, to be drawn in-process when asked; the promise then
 * rejects saying how many.
 */
export async function warmCharts(kb: KnowledgeBase): Promise<void> {
  const cache = chartCache(kb);
  const entries = LOCALES.flatMap((locale) => [balanceEntry(kb, locale), ...kb.dimensions.map((dimension) => dimensionEntry(dimension, locale))]);
  const drawing = entries.filter((entry) => !cache.has(entry.name) && entry.job !== undefined);
  if (drawing.length === 0) return;
  const pngs = drawApart(drawing.map((entry) => entry.job!), WARM_TIMEOUT_MS);
  const files = drawing.map((entry, index) => {
    const file = chartFile(entry, pngs[index]!);
    cache.set(entry.name, file);
    file.catch(() => cache.get(entry.name) === file && cache.delete(entry.name));
    return file;
  });
  const failed = (await Promise.allSettled(files)).flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failed.length > 0) throw new Error(`${failed.length} of ${files.length} charts not drawn ahead`, { cause: failed[0] });
}
