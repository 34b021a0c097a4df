import type { Summary } from './stats.ts';

/**
 * A target, checked on one statistic of the measure:
 * - `below`: value < limit (`orEqual`: ≤), in the measure's unit;
 * - `speedup`: baseline ÷ value ≥ atLeast;
 * - `ratio`: value ÷ baseline ≤ atMost.
 */
export type Target =
  | { readonly kind: 'below'; readonly limit: number; readonly orEqual?: boolean }
  | { readonly kind: 'speedup'; readonly atLeast: number }
  | { readonly kind: 'ratio'; readonly atMost: number };

export type Statistic = 'median' | 'p99' | 'max';

/** What a section measured: the figure, its baseline from the same run, and the target if there is one. */
export interface MeasureInput {
  readonly id: string;
  readonly section: string;
  readonly name: string;
  readonly unit: 'ms' | 'MB' | 'commands' | 'fetches';
  /** The statistic compared with the baseline and the target. */
  readonly statistic: Statistic;
  readonly summary: Summary;
  readonly baseline: { readonly name: string; readonly summary: Summary };
  /** None: reported for information. */
  readonly target?: Target;
  readonly note?: string;
}

/** A measure with its verdict. `pass` is null for information-only figures. */
export interface Measure extends MeasureInput {
  readonly value: number;
  readonly baselineValue: number;
  /** value ÷ baseline value. */
  readonly ratio: number;
  readonly targetText: string;
  readonly pass: boolean | null;
  /** By how much the target is missed, when it is. */
  readonly miss?: string;
}

/** A number with about three significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : magnitude >= 0.01 ? 3 : 4;
  return value.toFixed(digits);
}

function describeTarget(target: Target | undefined, input: MeasureInput): string {
  if (target === undefined) return '(info)';
  const stat = input.statistic;
  switch (target.kind) {
    case 'below':
      return `${stat} ${target.orEqual ? '≤' : '<'} ${formatNumber(target.limit)} ${input.unit}`;
    case 'speedup':
      return `≥ ${target.atLeast}× faster than ${input.baseline.name}`;
    case 'ratio':
      return target.atMost < 1 ? `≤ ${formatNumber(target.atMost * 100)} % of ${input.baseline.name}` : `≤ ${target.atMost}× ${input.baseline.name}`;
  }
}

function verdict(target: Target, value: number, baselineValue: number, unit: string): { pass: boolean; miss?: string } {
  switch (target.kind) {
    case 'below': {
      const pass = target.orEqual ? value <= target.limit : value < target.limit;
      if (pass) return { pass };
      return { pass, miss: `+${formatNumber(value - target.limit)} ${unit} over the limit (${formatNumber(value / target.limit)}× it)` };
    }
    case 'speedup': {
      const speedup = baselineValue / value;
      if (speedup >= target.atLeast) return { pass: true };
      return { pass: false, miss: `${formatNumber(speedup)}× faster, ${formatNumber(target.atLeast / speedup)}× short of ${target.atLeast}×` };
    }
    case 'ratio': {
      const ratio = value / baselineValue;
      if (ratio <= target.atMost) return { pass: true };
      return { pass: false, miss: `${formatNumber(ratio * 100)} % of the baseline, ${formatNumber(ratio / target.atMost)}× the allowed ${formatNumber(target.atMost * 100)} %` };
    }
  }
}

/** The measure with its compared value, ratio to the baseline and verdict. */
export function evaluate(input: MeasureInput): Measure {
  const value = input.summary[input.statistic];
  const baselineValue = input.baseline.summary[input.statistic];
  const base = { ...input, value, baselineValue, ratio: value / baselineValue, targetText: describeTarget(input.target, input) };
  if (input.target === undefined) return { ...base, pass: null };
  const { pass, miss } = verdict(input.target, value, baselineValue, input.unit);
  return miss === undefined ? { ...base, pass } : { ...base, pass, miss };
}
