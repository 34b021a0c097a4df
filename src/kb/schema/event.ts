import { z } from 'zod';
import { confidence, id, language, localizedText, partialDate } from './primitives.ts';

/** Retreats of firms from China, China's acceleration, export controls (US and allied), China's counter-measures, context. */
export const eventCategory = z.enum(['retreat', 'acceleration', 'export-control', 'countermeasure', 'context']);
export type EventCategory = z.infer<typeof eventCategory>;

export const eventKind = z.enum([
  'lab-closure',
  'layoffs',
  'relocation',
  'product-exit',
  'project-ban',
  'work-ban',
  'sales-ban',
  'full-exit',
  'market-loss',
  'lab-opening',
  'investment',
  'open-source-release',
  'export-control',
  'purchase-ban',
  'production-relocation',
  'ban-lifted',
  'blacklisting',
  'licence-revocation',
  'antitrust-probe',
  'security-review',
  'forced-divestment',
  'breakthrough',
  'domestic-substitution',
  'model-misuse',
]);
export type EventKind = z.infer<typeof eventKind>;

export const headcount = z
  .strictObject({
    /** How the sources state the number. */
    qualifier: z.enum(['exact', 'about', 'more-than', 'range', 'undisclosed']),
    count: z.number().int().positive().optional(),
    /** Upper bound, for a range. */
    max: z.number().int().positive().optional(),
    note: localizedText.optional(),
    sources: z.array(id).min(1),
  })
  .superRefine((value, ctx) => {
    if (value.qualifier === 'undisclosed') {
      if (value.count !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'an undisclosed headcount has no count' });
      return;
    }
    if (value.count === undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: `a headcount "${value.qualifier}" needs a count` });
    if (value.qualifier === 'range' && (value.max === undefined || (value.count !== undefined && value.max <= value.count))) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'a range needs a max greater than its count' });
    }
    if (value.qualifier !== 'range' && value.max !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: 'only a range has a max' });
    }
  });
export type Headcount = z.infer<typeof headcount>;

export const reason = z.strictObject({
  text: localizedText,
  /**
   * Who gave it: a newspaper or a company by its name (the same in every language), or a description in both
   * languages ("AWS spokesman" / « porte-parole d’AWS »).
   */
  by: z.union([z.string().trim().min(1), localizedText]).optional(),
  sources: z.array(id).min(1),
});
export type Reason = z.infer<typeof reason>;

export const quote = z.strictObject({
  /** The words as published, in the language they were published in. */
  text: z.string().trim().min(1),
  language,
  /** The quote in French and English (one of them equals `text`). */
  translation: localizedText,
  speaker: z.string().trim().min(1),
  role: localizedText.optional(),
  source: id,
});
export type Quote = z.infer<typeof quote>;

export const figure = z.strictObject({
  label: localizedText,
  value: localizedText,
  source: id,
});
export type Figure = z.infer<typeof figure>;

/** Where a founding article says something the published record does not. */
export const correction = z.strictObject({
  article: id,
  claim: localizedText,
  record: localizedText,
  sources: z.array(id).min(1),
});
export type Correction = z.infer<typeof correction>;

export const event = z.strictObject({
  id,
  date: partialDate,
  /**
   * Which part of the year or month `date` names when the sources say "early 2025" or "late October 2022":
   * titles show it and period filters use it. Only on a year or a month, never on a day.
   */
  datePrecision: z.enum(['early', 'mid', 'late']).optional(),
  /** Nuance the date alone cannot carry ("early 2025; dark by 31 March"). */
  dateNote: localizedText.optional(),
  category: eventCategory,
  /** The first kind is the main one. */
  kinds: z.array(eventKind).min(1),
  /** Who acted (a company or a government). */
  actor: id,
  /** Other companies the event concerns (the chip maker hit by an export rule). */
  companies: z.array(id).optional(),
  title: localizedText,
  place: localizedText.optional(),
  people: headcount.optional(),
  summary: localizedText,
  statedReason: reason.optional(),
  reportedReason: reason.optional(),
  quotes: z.array(quote).optional(),
  figures: z.array(figure).optional(),
  dimensions: z.array(id).min(1),
  sources: z.array(id).min(1),
  confidence,
  corrections: z.array(correction).optional(),
});
export type KbEvent = z.infer<typeof event>;
