import { z } from 'zod';
import { id, language, partialDate } from './primitives.ts';

export const source = z.strictObject({
  id,
  /** Absent when the source names none (the second founding article); answers then say so in the reader's language. */
  publisher: z.string().trim().min(1).optional(),
  title: z.string().trim().min(1),
  /** Absent only for sources that cannot be linked (the second founding article names no publisher or URL). */
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  published: partialDate,
  language,
  /** The outlet whose reporting this copy carries, e.g. "Financial Times" for a syndicated story. */
  via: z.string().trim().min(1).optional(),
  /** The two articles the bot was founded on, whose claims the knowledge base checks. */
  foundingArticle: z.boolean().optional(),
});
export type Source = z.infer<typeof source>;
