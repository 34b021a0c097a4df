import type { Locale } from '../../i18n/locale.ts';
import type { Dimension, Leader, Trend } from '../../kb/schema/index.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import { LEADER_LABELS, TREND_LABELS } from '../labels.ts';
import { LEADER_CSS } from './colors.ts';
import type { ScorecardRow, ScorecardSpec } from './spec.ts';

const TITLE = { en: 'Who leads each dimension, and where the gap is heading', fr: 'Qui mène chaque dimension, et où va l’écart' } as const;
const LEADS = { en: '{who} leads', fr: '{who} en tête' } as const;

const POSITION = { us: -1, contested: 0, china: 1 } as const satisfies Record<Leader, -1 | 0 | 1>;

/**
 * Which way a trend moves a dimension on the US ← → China axis. A narrowing gap moves it towards the trailing
 * power, a widening one towards the leader; for a contested dimension neither has a direction.
 */
export function trendHeading(leader: Leader, trend: Trend): ScorecardRow['heading'] {
  switch (trend) {
    case 'shifting-to-china':
      return 'to-china';
    case 'shifting-to-us':
      return 'to-us';
    case 'stable':
      return 'none';
    case 'gap-narrowing':
      return leader === 'us' ? 'to-china' : leader === 'china' ? 'to-us' : 'none';
    case 'gap-widening':
      return leader === 'us' ? 'to-us' : leader === 'china' ? 'to-china' : 'none';
  }
}

function row(dimension: Dimension, locale: Locale): ScorecardRow {
  return {
    name: dimension.name[locale],
    position: POSITION[dimension.leader],
    color: LEADER_CSS[dimension.leader],
    heading: trendHeading(dimension.leader, dimension.trend),
    trend: TREND_LABELS[dimension.trend][locale],
  };
}

/** Every dimension in file order: who leads it and where its trend heads. */
export function scorecardSpec(kb: KnowledgeBase, locale: Locale): ScorecardSpec {
  const leads = (who: 'us' | 'china') => LEADS[locale].replace('{who}', LEADER_LABELS[who][locale]);
  return {
    title: TITLE[locale],
    axis: [leads('us'), LEADER_LABELS.contested[locale], leads('china')],
    rows: kb.dimensions.map((dimension) => row(dimension, locale)),
  };
}
