import { z } from 'zod';
import { balance } from './balance.ts';
import { company } from './company.ts';
import { dimension } from './dimension.ts';
import { event } from './event.ts';
import { feed } from './feed.ts';
import { meta } from './meta.ts';
import { source } from './source.ts';

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
