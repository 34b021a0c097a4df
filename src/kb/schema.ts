import { z } from 'zod';
import type { LocalizedText } from '../i18n/locale.ts';

/** Text users read, always in both languages. */
export const localizedText: z.ZodType<LocalizedText> = z.strictObject({
  en: z.string().trim().min(1, 'English text is empty'),
  fr: z.string().trim().min(1, 'French text is empty'),
});


const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const id = z.string().regex(ID_PATTERN, 'must be a kebab-case id (a-z, 0-9, single dashes)');

/** True when y-m-d is a real calendar day. */
function isRealDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date at its true precision: "2025", "2025-07" or "2025-07-22".
 * Facts are only as precise as their sources; a year-only date means "some time that year".
 */
export const partialDate = z.string().superRefine((value, ctx) => {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)` });
    return;
  }
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || !isRealDay(year, month, day)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a real calendar date` });
  }
});
export type PartialDate = string;

export const confidence = z.enum(['high', 'medium-high', 'medium', 'low']);
export type Confidence = z.infer<typeof confidence>;

export const language = z.enum(['en', 'fr', 'zh']);

export const source = z.strictObject({
  id,
  publisher: z.string().trim().min(1),
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
  /** Who gave it: a spokesperson, an executive, a newspaper. */
  by: z.string().trim().min(1).optional(),
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

export const leader = z.enum(['us', 'china', 'contested']);
export type Leader = z.infer<typeof leader>;
export const trend = z.enum(['gap-narrowing', 'gap-widening', 'stable', 'shifting-to-china', 'shifting-to-us']);
export type Trend = z.infer<typeof trend>;

export const indicator = z.strictObject({
  id,
  date: partialDate,
  label: localizedText,
  value: localizedText,
  sources: z.array(id).min(1),
  confidence,
  /** The dimension's most telling indicator, shown in the /balance scorecard (at most one per dimension). */
  headline: z.literal(true).optional(),
});
export type Indicator = z.infer<typeof indicator>;

export const dimension = z.strictObject({
  id,
  name: localizedText,
  /** Other names users type, in either language. */
  aliases: z.array(z.string().trim().min(1)),
  leader,
  trend,
  summary: localizedText,
  indicators: z.array(indicator).min(1),
  outlook: localizedText,
  /** How the second founding article reads this dimension. */
  articleView: z.strictObject({ text: localizedText, source: id }),
  /** Words that tie a news item to this dimension. */
  keywords: z.strictObject({ en: z.array(z.string().trim().min(1)).min(1), fr: z.array(z.string().trim().min(1)).min(1) }),
});
export type Dimension = z.infer<typeof dimension>;

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

/** One schema per data file; the file name is the key. */
export const dataFiles = {
  'sources.json': z.array(source),
  'companies.json': z.array(company),
  'events.json': z.array(event),
  'dimensions.json': z.array(dimension),
  'balance.json': balance,
  'feeds.json': z.array(feed),
  'meta.json': meta,
} as const;
export type DataFileName = keyof typeof dataFiles;
