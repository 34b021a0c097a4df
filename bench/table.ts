import { formatNumber, type Measure } from './measure.ts';
import type { Machine } from './machine.ts';

function spread(measure: Measure): string {
  const { summary, unit } = measure;
  const f = formatNumber;
  if (measure.statistic === 'p99') return `p50 ${f(summary.p50)}, max ${f(summary.max)} ${unit} (n=${summary.n})`;
  return `min ${f(summary.min)}, max ${f(summary.max)}, IQR ${f(summary.iqr)} ${unit} (n=${summary.n})`;
}

function result(measure: Measure): string {
  if (measure.pass === null) return 'info';
  return measure.pass ? 'PASS' : `MISS: ${measure.miss ?? ''}`;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ');
}

/** The results as a plain-text table, grouped by section, with the machine they come from. */
export function formatTable(measures: readonly Measure[], machine: Machine, mode: string, endLoad: readonly number[]): string {
  const header = ['Measure', 'Value', 'Spread', 'Baseline', '× base', 'Target', 'Result'];
  const rows = measures.map((m) => [
    m.name,
    `${m.statistic} ${formatNumber(m.value)} ${m.unit}`,
    spread(m),
    `${m.baseline.name}: ${formatNumber(m.baselineValue)} ${m.unit}`,
    `${formatNumber(m.ratio)}×`,
    m.targetText,
    result(m),
  ]);
  const widths = header.map((_, i) => Math.max(header[i]?.length ?? 0, ...rows.map((row) => row[i]?.length ?? 0)));
  const lines = [
    `Decoupling Watch benchmark (${mode}) — ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.date}`,
    `Load average (1/5/15 min) at start ${machine.loadAverage.join(' / ')}, at end ${endLoad.join(' / ')} (above ${machine.cores} at the start, other work was sharing the CPUs).`,
    '',
    pad(header, widths),
    pad(widths.map((w) => '-'.repeat(w)), widths),
  ];
  let section = '';
  measures.forEach((measure, i) => {
    if (measure.section !== section) {
      section = measure.section;
      lines.push(`[${section}]`);
    }
    lines.push(pad(rows[i] ?? [], widths));
  });
  const passed = measures.filter((m) => m.pass === true).length;
  const missed = measures.filter((m) => m.pass === false).length;
  lines.push('', `${passed} passed, ${missed} missed, ${measures.length - passed - missed} for information.`);
  return lines.join('\n');
}
