import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataFileName } from '../schema/index.ts';
import type { KnowledgeBase } from '../types.ts';
import { findProblems } from './check-knowledge-base.ts';
import { FILE_NAMES } from './file-names.ts';
import { parseJson } from './json-syntax.ts';
import { KnowledgeBaseError, type Problem } from './problem.ts';

async function readDataFile(file: string, problems: Problem[]): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file is missing' : `file cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
    problems.push({ file, path: '', message });
    return { ok: false };
  }
  return parseJson(file, text.replace(/^\uFEFF/, ''), problems);
}

/**
 * Reads every data file from `dir`, validates and cross-checks them, and builds the knowledge base.
 * @throws KnowledgeBaseError listing every problem in every file (missing or unreadable files, invalid JSON,
 *   schema violations, broken references), never just the first.
 */
export async function loadKnowledgeBase(dir: string): Promise<KnowledgeBase> {
  const problems: Problem[] = [];
  const files: Partial<Record<DataFileName, unknown>> = {};
  const reads = await Promise.all(FILE_NAMES.map(async (name) => [name, await readDataFile(path.join(dir, name), problems)] as const));
  for (const [name, read] of reads) if (read.ok) files[name] = read.value;
  const result = findProblems(files, dir, problems);
  if (!result.ok) throw new KnowledgeBaseError(result.problems);
  return result.kb;
}
