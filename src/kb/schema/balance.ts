import { z } from 'zod';
import { id, localizedText } from './primitives.ts';

export const dynamic = z.strictObject({
  id,
  title: localizedText,
  summary: localizedText,
  risk: localizedText,
  sources: z.array(id).min(1),
});
export type Dynamic = z.infer<typeof dynamic>;

/** The overall reading of the balance: data/balance.json. */
export const balance = z.strictObject({
  thesis: localizedText,
  chinaStrategy: localizedText,
  usDynamics: z.array(dynamic).min(1),
  interaction: localizedText,
  outlook: z.strictObject({
    horizon: localizedText,
    points: z.array(localizedText).min(1),
  }),
  sources: z.array(id).min(1),
});
export type Balance = z.infer<typeof balance>;
