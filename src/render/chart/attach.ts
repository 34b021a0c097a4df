import type { MessageFile, MessagePayload } from '../payload.ts';

/**
 * The answer with its chart: the first page carries the PNG and shows it in its first embed; the other pages
 * carry no file, so turning to them takes the chart off the message and turning back puts it on again.
 * Without a chart the pages are returned as they are.
 */
export function withChart(pages: readonly MessagePayload[], chart: MessageFile | undefined): MessagePayload[] {
  if (chart === undefined) return [...pages];
  return pages.map((page, index) => {
    if (index > 0) return { ...page, files: [] };
    const [first, ...rest] = page.embeds;
    const embeds = first === undefined ? [{ image: { url: `attachment://${chart.name}` } }] : [{ ...first, image: { url: `attachment://${chart.name}` } }, ...rest];
    return { ...page, embeds, files: [chart] };
  });
}
