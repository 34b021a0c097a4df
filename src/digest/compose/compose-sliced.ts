import { runInSlices, type SliceLimits } from '../../async/slices.ts';
import type { KnowledgeBase } from '../../kb/types.ts';
import type { DigestContext, DigestItem } from '../types.ts';
import { composeCappedSteps, type CappedDigest } from './compose.ts';
import type { DigestLimits, OverflowInput } from './select.ts';

/**
 * `composeCappedDigest`, the same digest, composed in slices: between its steps the event loop may turn (once the
 * main thread has been busy a slice's time, see `createPacer`), so that a digest of thousands of items never holds
 * up the bot's interactions for the whole composition. `slices`: when to let it turn (by default on time alone).
 */
export function composeCappedDigestInSlices(
  kb: KnowledgeBase,
  items: readonly DigestItem[],
  ctx: DigestContext,
  limits: DigestLimits,
  input: OverflowInput = {},
  slices: SliceLimits = { items: Number.POSITIVE_INFINITY },
): Promise<CappedDigest> {
  return runInSlices(composeCappedSteps(kb, items, ctx, limits, input), slices);
}
