import { fileURLToPath } from 'node:url';

/** The only family charts use: the bundled Noto Sans (OFL, fonts/OFL.txt), under a name no system font has. */
export const CHART_FONT = 'Decoupling Watch Sans';

const FONT_FILES = [
  { file: 'NotoSans-Regular.ttf', weight: 400 },
  { file: 'NotoSans-Bold.ttf', weight: 700 },
] as const;

async function load() {
  const [canvas, chartjs] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
  const { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Title, ScatterController, PointElement } = chartjs;
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, ScatterController, PointElement);
  for (const { file, weight } of FONT_FILES) {
    // A machine without system fonts would otherwise draw every label as nothing, and say nothing.
    const key = canvas.GlobalFonts.registerFromPath(fileURLToPath(new URL(`./fonts/${file}`, import.meta.url)), CHART_FONT, { weight });
    if (key === null) throw new Error(`could not register the chart font ${file}`);
  }
  Chart.defaults.font.family = CHART_FONT;
  Chart.defaults.font.size = 14;
  Chart.defaults.color = '#2c3e50';
  return { createCanvas: canvas.createCanvas, Chart };
}

export type ChartKit = Awaited<ReturnType<typeof load>>;

let kit: Promise<ChartKit> | undefined;

/**
 * The canvas and chart.js, loaded on first use (about a third of a second), with the bundled font registered.
 * The bot pays it at the first chart, not at start-up, and commands that draw nothing never pay it.
 */
export function loadChartKit(): Promise<ChartKit> {
  kit ??= load();
  return kit;
}
