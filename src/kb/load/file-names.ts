import path from 'node:path';
import { dataFiles, type DataFileName } from '../schema/index.ts';
import type { Problem } from './problem.ts';

export const FILE_NAMES = Object.keys(dataFiles) as DataFileName[];

export function fileLabel(name: DataFileName, dirLabel: string | undefined): string {
  return dirLabel === undefined ? name : path.join(dirLabel, name);
}

/** Problems in data-file order (reads finish in any order), keeping each file's own order. */
export function sortByFile(problems: readonly Problem[], dirLabel: string | undefined): Problem[] {
  const rank = new Map(FILE_NAMES.map((name, i) => [fileLabel(name, dirLabel), i] as const));
  return [...problems].sort((a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0));
}
