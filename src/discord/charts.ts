import type { Logger } from '../log.ts';
import { withChart } from '../render/chart/attach.ts';
import type { MessageFile, MessagePayload } from '../render/payload.ts';

/** The pages with their chart; a chart that cannot be drawn is logged and the answer goes out without it. */
export async function pagesWithChart(pages: readonly MessagePayload[], chart: Promise<MessageFile | undefined>, log: Logger): Promise<MessagePayload[]> {
  try {
    return withChart(pages, await chart);
  } catch (error) {
    log.warn('chart could not be drawn; answering without it', { error });
    return [...pages];
  }
}
