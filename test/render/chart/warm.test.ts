import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawApart } from '../../../src/render/chart/apart.ts';
import { balanceChart, dimensionChart } from '../../../src/render/chart/charts.ts';
import { drawJob } from '../../../src/render/chart/job.ts';
import { scorecardSpec } from '../../../src/render/chart/scorecard-spec.ts';
import { warmCharts } from '../../../src/render/chart/warm.ts';
import { loadRealKb } from '../../support/real-kb.ts';
import { pngSize } from './png.ts';

/**
 * Charts drawn ahead in a child process (its own file: vitest gives each file its own process, so this one has
 * loaded no canvas before the test looks).
 */

const SLOW = 180_000;

/** Whether this process has mapped the canvas' native library (Skia), which no process can unload. */
const holdsSkia = () => readFileSync('/proc/self/maps', 'utf8').includes('skia');

describe('warmCharts', () => {
  it('caches every chart, drawn by a child process: the caller never loads the canvas, and the pixels are those drawn in-process', { timeout: SLOW }, async () => {
    const kb = await loadRealKb();
    await warmCharts(kb);
    const charts = [await balanceChart(kb, 'en'), await balanceChart(kb, 'fr')];
    for (const locale of ['en', 'fr'] as const) {
      for (const dimension of kb.dimensions) charts.push(...[await dimensionChart(kb, dimension, locale)].flatMap((file) => (file ? [file] : [])));
    }
    expect(charts.map((file) => file.name)).toContain('dimension-frontier-fr.png');
    expect(pngSize(charts[0]!.data)).toEqual({ width: 1000, height: 110 + kb.dimensions.length * 64 });
    expect(holdsSkia()).toBe(false);

    expect((await drawJob({ kind: 'scorecard', spec: scorecardSpec(kb, 'en') })).equals(charts[0]!.data)).toBe(true);
    expect(holdsSkia()).toBe(true);
  });
});

describe('drawApart', () => {
  it('rejects the job the child cannot draw, saying why, and still draws the others', { timeout: SLOW }, async () => {
    const kb = await loadRealKb();
    const broken = { kind: 'panels', spec: { title: 'broken', panels: null } } as never;
    const [bad, good] = drawApart([broken, { kind: 'scorecard', spec: scorecardSpec(kb, 'fr') }], SLOW);
    await expect(bad).rejects.toThrow(/chart not drawn: .*null/);
    expect(pngSize(await good!).width).toBe(1000);
  });

  it('rejects what is not drawn in time', { timeout: SLOW }, async () => {
    const kb = await loadRealKb();
    const [late] = drawApart([{ kind: 'scorecard', spec: scorecardSpec(kb, 'en') }], 1);
    await expect(late).rejects.toThrow(/still drawing after 1 ms/);
  });
});
