import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeBaseData } from '../../src/kb/build.ts';
import type { Balance, Company, DataFileName, Dimension, Feed, KbEvent, KbMeta, Source } from '../../src/kb/schema/index.ts';
import { fixtureData } from '../support/kb-fixture.ts';

/** The data files as JSON values, keyed by file name: what the loader reads. Mutable, to break one thing. */
export interface DataFiles {
  'sources.json': Source[];
  'companies.json': Company[];
  'events.json': KbEvent[];
  'dimensions.json': Dimension[];
  'balance.json': Balance;
  'feeds.json': Feed[];
  'meta.json': KbMeta;
}

/** Turns knowledge-base data into its data files (a deep copy). */
export function toFiles(data: KnowledgeBaseData): DataFiles {
  return structuredClone({
    'sources.json': [...data.sources],
    'companies.json': [...data.companies],
    'events.json': [...data.events],
    'dimensions.json': [...data.dimensions],
    'balance.json': data.balance,
    'feeds.json': [...data.feeds],
    'meta.json': data.meta,
  });
}

/** The test fixture as data files. */
export function fixtureFiles(): DataFiles {
  return toFiles(fixtureData());
}

/** Writes each given file as pretty JSON into `dir`. */
export async function writeDataFiles(dir: string, files: Partial<Record<DataFileName, unknown>>): Promise<void> {
  await Promise.all(Object.entries(files).map(([name, value]) => writeFile(path.join(dir, name), `${JSON.stringify(value, null, 2)}\n`)));
}
