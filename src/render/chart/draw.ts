import { setImmediate } from 'node:timers/promises';
import type { Chart as ChartType, ChartConfiguration, Plugin } from 'chart.js';
import { formatValue } from './format.ts';
import { CHART_FONT, type ChartKit } from './kit.ts';
import type { PanelSpec, PanelsSpec, ScorecardSpec } from './spec.ts';

/**
 * Draws chart specs with chart.js on @napi-rs/canvas. Drawing is synchronous and short (tens of milliseconds,
 * see the bench); the PNG is encoded off the main thread (`canvas.encode`).
 */

const BACKGROUND = '#ffffff';
const TEXT = '#2c3e50';
const PANEL = { width: 620, height: 400 } as const;
const HEADER = 56;

/** Discord shows a transparent PNG on a dark background, where dark text vanishes: paint the background first. */
const background: Plugin = {
  id: 'dw-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = BACKGROUND;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Writes each bar's value, as its source words it, above the bar. */
function valueLabels(panel: PanelSpec): Plugin<'bar'> {
  return {
    id: 'dw-value-labels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `bold 13px "${CHART_FONT}"`;
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      panel.datasets.forEach((dataset, d) => {
        chart.getDatasetMeta(d).data.forEach((bar, i) => {
          const label = dataset.valueLabels[i];
          if (label) ctx.fillText(label, bar.x, bar.y - 4);
        });
      });
      ctx.restore();
    },
  };
}

type Target = ReturnType<ReturnType<ChartKit['createCanvas']>['getContext']>;

/**
 * Draws one chart.js chart onto `target` at (x, y). The chart gets its own canvas, copied over before the
 * chart is destroyed (destroying clears its canvas and drops it from chart.js' registry of instances).
 */
function drawChart(kit: ChartKit, target: Target, at: { x: number; y: number; width: number; height: number }, config: ChartConfiguration): void {
  const canvas = kit.createCanvas(at.width, at.height);
  // chart.js takes a DOM context; @napi-rs/canvas implements the part it uses.
  const chart: ChartType = new kit.Chart(canvas.getContext('2d') as never, {
    ...config,
    options: { ...config.options, animation: false, responsive: false, devicePixelRatio: 1 },
    plugins: [background, ...(config.plugins ?? [])],
  });
  try {
    target.drawImage(canvas, at.x, at.y);
  } finally {
    chart.destroy();
  }
}

/** A white canvas to compose charts on, and its 2D context. */
function sheet(kit: ChartKit, width: number, height: number) {
  const canvas = kit.createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, width, height);
  return { canvas, ctx };
}

function drawPanel(kit: ChartKit, target: Target, x: number, y: number, panel: PanelSpec): void {
  const largest = Math.max(0, ...panel.datasets.flatMap((d) => d.values.map((v) => v ?? 0)));
  drawChart(kit, target, { x, y, ...PANEL }, {
    type: 'bar',
    data: {
      labels: [...panel.categories],
      datasets: panel.datasets.map((d) => ({ label: d.label, data: [...d.values], backgroundColor: d.color })),
    },
    options: {
      layout: { padding: { left: 8, right: 16, top: 4, bottom: 4 } },
      plugins: {
        title: { display: true, text: [...panel.title], font: { size: 15, weight: 'bold' } },
        legend: { position: 'bottom' },
      },
      // Room above the tallest bar for its value label.
      scales: { y: { beginAtZero: true, suggestedMax: largest * 1.15, ticks: { callback: (value) => formatValue(Number(value), panel.tick.unit, panel.tick.locale) } } },
    },
    plugins: [valueLabels(panel) as Plugin],
  });
}

/** One panel per indicator, two per row, under the dimension's title. */
export async function drawPanels(kit: ChartKit, spec: PanelsSpec): Promise<Buffer> {
  const columns = spec.panels.length === 1 ? 1 : 2;
  const rows = Math.ceil(spec.panels.length / columns);
  const { canvas, ctx } = sheet(kit, columns * PANEL.width, HEADER + rows * PANEL.height);
  ctx.fillStyle = TEXT;
  ctx.font = `bold 22px "${CHART_FONT}"`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(spec.title, canvas.width / 2, HEADER / 2);
  for (const [i, panel] of spec.panels.entries()) {
    // One panel per turn of the event loop: a four-panel chart never holds it for all four.
    if (i > 0) await setImmediate();
    drawPanel(kit, ctx, (i % columns) * PANEL.width, HEADER + Math.floor(i / columns) * PANEL.height, panel);
  }
  return canvas.encode('png');
}

const ROW_HEIGHT = 64;
const MARKER = 13;
const ROTATION = { 'to-china': 90, 'to-us': -90, none: 0 } as const;

/** Shades the two outer columns in the powers' colours, faintly, so the axis reads at a glance. */
const bands: Plugin = {
  id: 'dw-bands',
  beforeDatasetsDraw(chart) {
    const { ctx, chartArea } = chart;
    const x = chart.scales.x;
    if (x === undefined) return;
    ctx.save();
    ctx.fillStyle = 'rgba(60, 59, 110, 0.07)';
    ctx.fillRect(chartArea.left, chartArea.top, x.getPixelForValue(-0.5) - chartArea.left, chartArea.height);
    ctx.fillStyle = 'rgba(222, 41, 16, 0.07)';
    ctx.fillRect(x.getPixelForValue(0.5), chartArea.top, chartArea.right - x.getPixelForValue(0.5), chartArea.height);
    ctx.restore();
  },
};

function trendLabels(spec: ScorecardSpec): Plugin {
  return {
    id: 'dw-trend-labels',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = `13px "${CHART_FONT}"`;
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      chart.getDatasetMeta(0).data.forEach((point, i) => {
        const row = spec.rows[i];
        if (row) ctx.fillText(row.trend, point.x, point.y + MARKER + 4);
      });
      ctx.restore();
    },
  };
}

/** The dimensions down the side; across, US leads · contested · China leads; the marker points where the trend heads. */
export async function drawScorecard(kit: ChartKit, spec: ScorecardSpec): Promise<Buffer> {
  const names = spec.rows.map((row) => row.name);
  const size = { width: 1000, height: 110 + spec.rows.length * ROW_HEIGHT };
  const { canvas, ctx } = sheet(kit, size.width, size.height);
  drawChart(kit, ctx, { x: 0, y: 0, ...size }, {
    type: 'scatter',
    data: {
      datasets: [
        {
          data: spec.rows.map((row) => ({ x: row.position, y: row.name })) as never,
          pointBackgroundColor: spec.rows.map((row) => row.color),
          pointBorderColor: spec.rows.map((row) => row.color),
          pointStyle: spec.rows.map((row) => (row.heading === 'none' ? 'circle' : 'triangle')),
          rotation: spec.rows.map((row) => ROTATION[row.heading]),
          pointRadius: MARKER,
        },
      ],
    },
    options: {
      layout: { padding: { left: 8, right: 24, top: 4, bottom: 8 } },
      plugins: { title: { display: true, text: spec.title, font: { size: 20, weight: 'bold' } }, legend: { display: false } },
      scales: {
        x: {
          position: 'top',
          min: -1.5,
          max: 1.5,
          afterBuildTicks: (scale) => {
            scale.ticks = [{ value: -1 }, { value: 0 }, { value: 1 }];
          },
          ticks: { callback: (value) => spec.axis[Number(value) + 1] ?? '', font: { size: 15, weight: 'bold' } },
        },
        y: { type: 'category', labels: names, offset: true, ticks: { font: { size: 15 } }, grid: { display: false } },
      },
    },
    plugins: [bands, trendLabels(spec)],
  });
  return canvas.encode('png');
}
