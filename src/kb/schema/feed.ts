import { z } from 'zod';
import { id, language } from './primitives.ts';

/** A news feed the digest tracks by default: data/feeds.json. */
export const feed = z.strictObject({
  id,
  label: z.string().trim().min(1).max(80),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  language,
  /** Whether the feed was seen serving items in a third-party check; unverified feeds are tracked all the same. */
  verified: z.boolean(),
});
export type Feed = z.infer<typeof feed>;
