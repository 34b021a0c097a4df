import { z } from 'zod';
import { id, localizedText } from './primitives.ts';

/** A company, a government body, or an association (an industry body that is neither). */
export const actorType = z.enum(['company', 'government', 'association']);
/** ISO 3166 codes of the countries actors come from (GB for the United Kingdom); INT for international bodies. */
export const country = z.enum(['US', 'CN', 'TW', 'KR', 'NL', 'GB', 'INT']);
export type ActorType = z.infer<typeof actorType>;
export type Country = z.infer<typeof country>;

export const company = z.strictObject({
  id,
  name: z.string().trim().min(1),
  /** Other names users type: abbreviations, former names, products the company is known by. */
  aliases: z.array(z.string().trim().min(1)),
  type: actorType,
  country,
  /** The company this one belongs to (AWS → Amazon); events of a subsidiary count for its parent. */
  parent: id.optional(),
  sector: localizedText,
  profile: localizedText,
  sources: z.array(id).optional(),
});
export type Company = z.infer<typeof company>;
