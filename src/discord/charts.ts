import type { Logger } from '../log.ts';
import { withChart } from '../render/chart/attach.ts';
import type { MessageFile, MessagePayload } from '../render/payload.ts';

/** How long an answer waits for a chart still being drawn (normally drawn at start-up) before going without it. */
export const CHART_WAIT_MS = 1500;

/**
 * The pages with their chart. A chart that cannot be drawn is logged and the answer goes out without it; so does
 * one not drawn within CHART_WAIT_MS (it stays cached for the next ask), since Discord wants an answer within 3 s.
 */
export async function pagesWithChart(pages: readonly MessagePayload[], chart: Promise<MessageFile | undefined>, log: Logger): Promise<MessagePayload[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CHART_WAIT_MS)));
  try {
    const file = await Promise.race([chart, late]);
    if (file === 'late') {
      log.info('chart not drawn in time; answering without it');
      return [...pages];
    }
    return withChart(pages, file);
  } catch (error) {
    log.warn('chart could not be drawn; answering without it', { error });
    return [...pages];
  } finally {
    clearTimeout(timer);
  }
}
