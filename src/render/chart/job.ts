import { drawPanels, drawScorecard } from './draw.ts';
import { loadChartKit } from './kit.ts';
import type { PanelsSpec, ScorecardSpec } from './spec.ts';

/** One chart to draw, as plain data (it crosses to the drawing process). */
export type ChartJob = { readonly kind: 'scorecard'; readonly spec: ScorecardSpec } | { readonly kind: 'panels'; readonly spec: PanelsSpec };

/** The job's chart as a PNG. */
export async function drawJob(job: ChartJob): Promise<Buffer> {
  const kit = await loadChartKit();
  return job.kind === 'scorecard' ? drawScorecard(kit, job.spec) : drawPanels(kit, job.spec);
}
