import { buildKnowledgeBase } from '../build.ts';
import { crossCheck, type ParsedFiles } from '../check/index.ts';
import type { DataFileName } from '../schema/index.ts';
import { FILE_NAMES, fileLabel, sortByFile } from './file-names.ts';
import type { CheckResult, Problem } from './problem.ts';
import { validateFile } from './validate.ts';

/**
 * Validates and cross-checks the data files present in `files`; absent files are skipped (the reader reported them).
 * The knowledge base is built only when every file is present and nothing is wrong.
 */
export function findProblems(files: Partial<Record<DataFileName, unknown>>, dirLabel: string | undefined, problems: Problem[]): CheckResult {
  const parsed: Partial<Record<DataFileName, unknown>> = {};
  for (const name of FILE_NAMES) {
    if (!(name in files)) continue;
    const result = validateFile(name, fileLabel(name, dirLabel), files[name], problems);
    if (result.ok) parsed[name] = result.data;
  }
  // Each value passed its own file's schema.
  const checked = parsed as ParsedFiles;
  for (const finding of crossCheck(checked)) problems.push({ ...finding, file: fileLabel(finding.file, dirLabel) });
  const [sources, companies, events, dimensions, balance, feeds, meta] = [
    checked['sources.json'], checked['companies.json'], checked['events.json'], checked['dimensions.json'], checked['balance.json'], checked['feeds.json'],
    checked['meta.json'],
  ];
  if (problems.length > 0 || !sources || !companies || !events || !dimensions || !balance || !feeds || !meta) {
    return { ok: false, problems: sortByFile(problems, dirLabel) };
  }
  return { ok: true, kb: buildKnowledgeBase({ sources, companies, events, dimensions, balance, feeds, meta }) };
}

/**
 * Validates the parsed JSON of every data file against its schema, runs the cross-reference checks and,
 * when nothing is wrong, builds the knowledge base. Pure: no I/O.
 * `dirLabel` prefixes file names in problems (`"data"` → `data/events.json`); without it they are bare (`events.json`).
 */
export function checkKnowledgeBase(files: Record<DataFileName, unknown>, dirLabel?: string): CheckResult {
  return findProblems(files, dirLabel, []);
}
