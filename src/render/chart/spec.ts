import type { Locale } from '../../i18n/locale.ts';
import type { SeriesUnit } from '../../kb/schema/index.ts';

/**
 * What a chart shows, as plain data: every text already in the reader's language, every colour chosen.
 * Built by pure functions from the knowledge base; only draw.ts turns it into pixels. Data only, no functions:
 * a spec crosses to the process that draws (apart.ts).
 */

/** One dimension on the scorecard: its position (-1 US leads, 0 contested, 1 China leads) and where it heads. */
export interface ScorecardRow {
  readonly name: string;
  readonly position: -1 | 0 | 1;
  readonly color: string;
  /** Which way the trend points on the US ← → China axis; 'none' for a stable or undirected trend. */
  readonly heading: 'to-us' | 'to-china' | 'none';
  readonly trend: string;
}

export interface ScorecardSpec {
  readonly title: string;
  /** The three positions' names: US leads, contested, China leads. */
  readonly axis: readonly [string, string, string];
  readonly rows: readonly ScorecardRow[];
}

export interface PanelDataset {
  readonly label: string;
  readonly color: string;
  /** One value per category; null where the series has no point at that date. */
  readonly values: readonly (number | null)[];
  /** The value as written above its bar ("≈ 75%"), '' where there is none. */
  readonly valueLabels: readonly string[];
}

/** One indicator as a bar chart: dates along the axis, one bar per party (or benchmark) at each date. */
export interface PanelSpec {
  readonly title: readonly string[];
  readonly categories: readonly string[];
  readonly datasets: readonly PanelDataset[];
  /** How the value axis' ticks are written ("75%"): the series' unit in the reader's language. */
  readonly tick: { readonly unit: SeriesUnit; readonly locale: Locale };
}

export interface PanelsSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}
