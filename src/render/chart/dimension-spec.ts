import { formatPartialDate, type Locale, type LocalizedText } from '../../i18n/locale.ts';
import { periodStart } from '../../kb/dates.ts';
import type { Dimension, Indicator, SeriesParty, SeriesPoint } from '../../kb/schema/index.ts';
import { PALETTE, PARTY_CSS } from './colors.ts';
import { formatPoint, wrapWords } from './format.ts';
import type { PanelDataset, PanelSpec, PanelsSpec } from './spec.ts';

export const PARTY_LABELS = {
  us: { en: 'United States', fr: 'États-Unis' },
  china: { en: 'China', fr: 'Chine' },
  europe: { en: 'Europe', fr: 'Europe' },
  uae: { en: 'United Arab Emirates', fr: 'Émirats arabes unis' },
  world: { en: 'World', fr: 'Monde' },
} as const satisfies Record<SeriesParty, LocalizedText>;

const IN_FIGURES = { en: 'in figures', fr: 'en chiffres' } as const;
/** Characters per line of a panel's title, for a panel about 600 pixels wide. */
const TITLE_WIDTH = 62;

/** An indicator is worth a chart when its series compares at least two numbers. */
export function isChartable(indicator: Indicator): boolean {
  return (indicator.series?.length ?? 0) >= 2;
}

function seriesKey(point: SeriesPoint): string {
  return `${point.party}|${point.label?.en ?? ''}`;
}

function panel(indicator: Indicator, points: readonly SeriesPoint[], locale: Locale): PanelSpec {
  const dates = [...new Set(points.map((p) => p.date))].sort((a, b) => periodStart(a).localeCompare(periodStart(b)));
  const keys = [...new Set(points.map(seriesKey))];
  const oneParty = new Set(points.map((p) => p.party)).size === 1;
  const datasets = keys.map((key, k): PanelDataset => {
    const own = points.filter((p) => seriesKey(p) === key);
    const first = own[0] as SeriesPoint;
    const at = dates.map((date) => own.find((p) => p.date === date));
    return {
      label: first.label?.[locale] ?? PARTY_LABELS[first.party][locale],
      color: oneParty && keys.length > 1 ? (PALETTE[k % PALETTE.length] as string) : PARTY_CSS[first.party],
      values: at.map((p) => p?.value ?? null),
      valueLabels: at.map((p) => (p === undefined ? '' : formatPoint(p, locale))),
    };
  });
  const unit = (points[0] as SeriesPoint).unit;
  return {
    title: wrapWords(indicator.label[locale], TITLE_WIDTH),
    categories: dates.map((date) => formatPartialDate(date, locale)),
    datasets,
    tick: { unit, locale },
  };
}

/** The dimension's numbers, one panel per indicator that compares at least two; undefined when none does. */
export function dimensionChartSpec(dimension: Dimension, locale: Locale): PanelsSpec | undefined {
  const panels = dimension.indicators.filter(isChartable).map((indicator) => panel(indicator, indicator.series ?? [], locale));
  if (panels.length === 0) return undefined;
  return { title: `${dimension.name[locale]} ${IN_FIGURES[locale]}`, panels };
}
