import { describe, expect, it } from 'vitest';
import { CHART_WAIT_MS, pagesWithChart } from '../../src/discord/charts.ts';
import { createLogger } from '../../src/log.ts';
import { noMentions, type MessagePayload } from '../../src/render/payload.ts';

const pages: MessagePayload[] = [
  { embeds: [{ title: 'one' }], allowed_mentions: noMentions() },
  { embeds: [{ title: 'two' }], allowed_mentions: noMentions() },
];
const png = { name: 'c.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]) };

function logger() {
  const lines: string[] = [];
  return { log: createLogger({ level: 'debug', write: (line) => lines.push(line) }), lines };
}

describe('pagesWithChart', () => {
  it('attaches a drawn chart to the first page and shows it there', async () => {
    const { log } = logger();
    const [first, second] = await pagesWithChart(pages, Promise.resolve(png), log);
    expect(first?.files?.map((file) => file.name)).toEqual(['c.png']);
    expect(first?.embeds[0]?.image?.url).toBe('attachment://c.png');
    expect(second?.files).toEqual([]);
  });

  it('answers without the chart, and says so in the log, when drawing fails or takes longer than the wait', async () => {
    const failing = logger();
    expect(await pagesWithChart(pages, Promise.reject(new Error('no canvas')), failing.log)).toEqual(pages);
    expect(failing.lines.join('\n')).toMatch(/chart could not be drawn/);

    const slow = logger();
    const started = Date.now();
    const answered = await pagesWithChart(pages, new Promise(() => {}), slow.log);
    expect(answered).toEqual(pages);
    expect(Date.now() - started).toBeGreaterThanOrEqual(CHART_WAIT_MS - 50);
    expect(slow.lines.join('\n')).toMatch(/chart not drawn in time/);
  });
});
