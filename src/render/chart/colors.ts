import type { Leader, SeriesParty } from '../../kb/schema/index.ts';

/** The embeds' colours (render/dimension.ts LEADER_COLORS), as CSS for the canvas; contested in a darker gold that reads on white. */
export const LEADER_CSS = { us: '#3c3b6e', china: '#de2910', contested: '#b7950b' } as const satisfies Record<Leader, string>;

export const PARTY_CSS = {
  us: LEADER_CSS.us,
  china: LEADER_CSS.china,
  europe: '#2874a6',
  uae: '#1e8449',
  world: '#7f8c8d',
} as const satisfies Record<SeriesParty, string>;

/** For series of one party told apart by label (benchmarks): distinct, colour-blind-safe hues (Okabe–Ito). */
export const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'] as const;
