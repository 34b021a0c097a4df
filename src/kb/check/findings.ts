import type { z } from 'zod';
import type { DataFileName, dataFiles } from '../schema/index.ts';
import { formatPath, type Segments } from './path.ts';

/** A problem the cross-reference checks found in one data file. `path` is formatted by {@link formatPath}. */
export interface Finding {
  readonly file: DataFileName;
  readonly path: string;
  readonly message: string;
}

/** The data files that passed their schema. A file that did not is absent, and references into or out of it go unchecked. */
export type ParsedFiles = { readonly [N in DataFileName]?: z.output<(typeof dataFiles)[N]> };

/** Collects findings for one file, formatting paths against that file's data. */
export function collector(file: DataFileName, root: unknown) {
  const findings: Finding[] = [];
  return {
    findings,
    add(at: Segments, message: string): void {
      findings.push({ file, path: formatPath(root, at), message });
    },
    pathOf(at: Segments): string {
      return formatPath(root, at);
    },
  };
}
export type Collector = ReturnType<typeof collector>;
