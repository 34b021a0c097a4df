import { z } from 'zod';
import { id, localizedText, partialDate } from './primitives.ts';

/** When the knowledge base was last reviewed, and its latest additions: data/meta.json, shown by /about. */
export const meta = z.strictObject({
  /** The day the whole base was last checked against its sources. */
  reviewed: partialDate,
  /** The latest batch of additions. */
  recentlyAdded: z.strictObject({
    date: partialDate,
    /** What the batch covers, in a sentence. */
    summary: localizedText,
    /** Actors added, in the order /about names them. */
    companies: z.array(id),
    events: z.array(id),
  }),
});
export type KbMeta = z.infer<typeof meta>;
