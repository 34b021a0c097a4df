import { GlobalFonts } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../../src/kb/types.ts';
import { withChart } from '../../../src/render/chart/attach.ts';
import { balanceChart, dimensionChart } from '../../../src/render/chart/charts.ts';
import { dimensionChartSpec } from '../../../src/render/chart/dimension-spec.ts';
import { drawPanels, drawScorecard } from '../../../src/render/chart/draw.ts';
import { formatValue } from '../../../src/render/chart/format.ts';
import { CHART_FONT, loadChartKit } from '../../../src/render/chart/kit.ts';
import { scorecardSpec, trendHeading } from '../../../src/render/chart/scorecard-spec.ts';
import type { PanelsSpec, ScorecardSpec } from '../../../src/render/chart/spec.ts';
import { noMentions, type MessagePayload } from '../../../src/render/payload.ts';
import { loadRealKb } from '../../support/real-kb.ts';
import { PNG_SIGNATURE, pngSize } from './png.ts';

let kb: KnowledgeBase;

beforeAll(async () => {
  kb = await loadRealKb();
});

function dimension(id: string) {
  const found = kb.dimensionsById.get(id);
  if (!found) throw new Error(`no dimension ${id}`);
  return found;
}

/** The same spec with every text emptied: what a machine without a usable font would draw. */
function blankScorecard(spec: ScorecardSpec): ScorecardSpec {
  return { title: '', axis: ['', '', ''], rows: spec.rows.map((row) => ({ ...row, name: ' ', trend: '' })) };
}

function blankPanels(spec: PanelsSpec): PanelsSpec {
  return {
    title: '',
    panels: spec.panels.map((panel) => ({
      title: [''],
      categories: panel.categories.map(() => ''),
      datasets: panel.datasets.map((d) => ({ ...d, label: '', valueLabels: d.valueLabels.map(() => '') })),
      tick: panel.tick,
    })),
  };
}

describe('the /balance scorecard chart', () => {
  it('is a PNG of the expected size, in each language, drawn once per knowledge base and locale', async () => {
    const en = await balanceChart(kb, 'en');
    const fr = await balanceChart(kb, 'fr');
    for (const [file, locale] of [[en, 'en'], [fr, 'fr']] as const) {
      expect(file.name).toBe(`balance-${locale}.png`);
      expect(file.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(pngSize(file.data)).toEqual({ width: 1000, height: 110 + kb.dimensions.length * 64 });
      expect(file.description).toBeTruthy();
    }
    // Only the words differ between the languages, so different pixels mean the words were drawn.
    expect(en.data.equals(fr.data)).toBe(false);
    expect(await balanceChart(kb, 'en')).toBe(en);
  });

  it('draws its text with the bundled font: the chart without its words has different pixels', async () => {
    const kit = await loadChartKit();
    expect(GlobalFonts.has(CHART_FONT)).toBe(true);
    const spec = scorecardSpec(kb, 'fr');
    const withText = await drawScorecard(kit, spec);
    const without = await drawScorecard(kit, blankScorecard(spec));
    expect(withText.equals(without)).toBe(false);
    // The chart family is the bundled font in both weights, not whatever the machine has (on a bare one: nothing).
    const family = GlobalFonts.families.find((f) => f.family === CHART_FONT);
    expect(family?.styles.map((style) => style.weight).sort()).toEqual([400, 700]);
    const ctx = kit.createCanvas(10, 10).getContext('2d');
    const width = (name: string) => {
      ctx.font = `16px "${name}"`;
      return ctx.measureText('Écart qui se réduit').width;
    };
    expect(width(CHART_FONT)).toBeGreaterThan(0);
    if (GlobalFonts.has('DejaVu Sans')) expect(width(CHART_FONT)).not.toBe(width('DejaVu Sans'));
  });

  it('places each dimension by who leads and points its marker where the trend heads', () => {
    const spec = scorecardSpec(kb, 'en');
    expect(spec.rows.map((row) => row.name)).toEqual(kb.dimensions.map((d) => d.name.en));
    const compute = spec.rows[kb.dimensions.findIndex((d) => d.id === 'compute')]!;
    expect(compute).toMatchObject({ position: -1, heading: 'to-china', trend: 'Gap narrowing' });
    expect(spec.axis).toEqual(['United States leads', 'Contested', 'China leads']);
    expect(scorecardSpec(kb, 'fr').axis).toEqual(['États-Unis en tête', 'Disputé', 'Chine en tête']);
    expect(trendHeading('china', 'gap-narrowing')).toBe('to-us');
    expect(trendHeading('us', 'gap-widening')).toBe('to-us');
    expect(trendHeading('contested', 'gap-narrowing')).toBe('none');
    expect(trendHeading('us', 'stable')).toBe('none');
  });
});

describe('the /dimension chart', () => {
  it('shows the indicators that compare numbers, with their values as the sources word them', () => {
    const spec = dimensionChartSpec(dimension('compute'), 'fr')!;
    expect(spec.title).toBe('Calcul et puces en chiffres');
    expect(spec.panels).toHaveLength(1);
    expect(spec.panels[0]!.categories).toEqual(['mai 2025']);
    expect(spec.panels[0]!.datasets.map((d) => [d.label, d.valueLabels])).toEqual([
      ['États-Unis', ['≈\u00a075\u00a0%']],
      ['Chine', ['≈\u00a015\u00a0%']],
    ]);
    const gap = dimensionChartSpec(dimension('frontier'), 'en')!.panels.find((p) => p.datasets.some((d) => d.label === 'MMLU'))!;
    expect(gap.categories).toEqual(['2023', '2024']);
    expect(gap.datasets.find((d) => d.label === 'MMLU')!.values).toEqual([17.5, 0.3]);
    expect(formatValue(10, gap.tick.unit, gap.tick.locale)).toBe('10\u00a0pts');
  });

  it('is a PNG, one 620×400 panel per charted indicator two to a row, different in each language and without its words', async () => {
    const en = (await dimensionChart(kb, dimension('frontier'), 'en'))!;
    const fr = (await dimensionChart(kb, dimension('frontier'), 'fr'))!;
    expect(en.name).toBe('dimension-frontier-en.png');
    expect(pngSize(en.data)).toEqual({ width: 2 * 620, height: 56 + 2 * 400 });
    expect(en.data.equals(fr.data)).toBe(false);
    expect(await dimensionChart(kb, dimension('frontier'), 'en')).toBe(en);
    const spec = dimensionChartSpec(dimension('investment'), 'en')!;
    const kit = await loadChartKit();
    expect(pngSize(await drawPanels(kit, spec))).toEqual({ width: 620, height: 56 + 400 });
    expect((await drawPanels(kit, spec)).equals(await drawPanels(kit, blankPanels(spec)))).toBe(false);
  });

  it('is absent where no indicator compares two numbers', async () => {
    expect(dimensionChartSpec(dimension('governance'), 'en')).toBeUndefined();
    expect(await dimensionChart(kb, dimension('governance'), 'fr')).toBeUndefined();
  });
});

describe('withChart', () => {
  const page = (title: string): MessagePayload => ({ embeds: [{ title }, { title: `${title} bis` }], allowed_mentions: noMentions() });
  const file = { name: 'balance-en.png', data: Buffer.from('png') };

  it('puts the chart on the first page, shown in its first embed, and takes it off the others', () => {
    const [first, second] = withChart([page('one'), page('two')], file);
    expect(first!.files).toEqual([file]);
    expect(first!.embeds[0]).toEqual({ title: 'one', image: { url: 'attachment://balance-en.png' } });
    expect(first!.embeds[1]).toEqual({ title: 'one bis' });
    expect(second!.files).toEqual([]);
    expect(second!.embeds.some((embed) => embed.image)).toBe(false);
  });

  it('leaves an answer without a chart as it is', () => {
    const pages = [page('one')];
    expect(withChart(pages, undefined)).toEqual(pages);
  });
});
