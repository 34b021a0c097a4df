import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { buildKnowledgeBase } from './build.ts';
import { closest, crossCheck, formatPath, type ParsedFiles } from './check/index.ts';
import { dataFiles, type DataFileName } from './schema/index.ts';
import type { KnowledgeBase } from './types.ts';

/**
 * One thing wrong with the knowledge base.
 * - `file`: the data file as the caller named its directory, e.g. `data/events.json`.
 * - `path`: where inside the file, JSONPath-like from its root (see {@link formatPath}), e.g.
 *   `[3] (id "aws-lab").people.count` or `usDynamics[1] (id "alignment").title.fr`; `""` means the whole file.
 * - `message`: what is wrong, and when possible how to fix it.
 */
export type Problem = { file: string; path: string; message: string };

/** Result of {@link checkKnowledgeBase}. */
export type CheckResult = { ok: true; kb: KnowledgeBase } | { ok: false; problems: Problem[] };

/** One problem on one line: `data/events.json at [3] (id "aws-lab").people.count: a headcount "exact" needs a count`. */
export function formatProblem(problem: Problem): string {
  return problem.path === '' ? `${problem.file}: ${problem.message}` : `${problem.file} at ${problem.path}: ${problem.message}`;
}

/** The knowledge base cannot be loaded. `problems` holds every problem found in every file; the message lists them one per line. */
export class KnowledgeBaseError extends Error {
  override readonly name = 'KnowledgeBaseError';
  constructor(readonly problems: readonly Problem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super([`The knowledge base has ${count}:`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
  }
}

const FILE_NAMES = Object.keys(dataFiles) as DataFileName[];

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  return article(typeof value);
}

function describeExpected(expected: string): string {
  return expected === 'int' ? 'a whole number' : article(expected);
}

/** Unknown keys seen while validating, by JSON of their object's path, with the keys that object allows. */
type AllowedKeys = Map<string, readonly string[]>;

/** Replaces zod's default wording; schema-level messages (ids, URLs, dates, empty texts) are kept as written. */
function issueMessage(issue: z.core.$ZodRawIssue, allowed: AllowedKeys): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `required field is missing (expected ${describeExpected(issue.expected)})`
        : `expected ${describeExpected(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof issue.input === 'string' ? closest(issue.input, issue.values.map(String)) : undefined;
      return `must be one of ${values.join(', ')}; got ${describeValue(issue.input)}${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
    }
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `must list at least ${issue.minimum} ${issue.minimum === 1 ? 'item' : 'items'}`;
      return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}; got ${describeValue(issue.input)}`;
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      if (shape !== undefined) allowed.set(JSON.stringify(issue.path ?? []), Object.keys(shape));
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Walks `segments` down from `root`; undefined when the path leads nowhere. */
function valueAt(root: unknown, segments: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function problemsFromIssue(file: string, root: unknown, issue: z.core.$ZodIssue, allowed: AllowedKeys): Problem[] {
  if (issue.code === 'unrecognized_keys') {
    const keys = allowed.get(JSON.stringify(issue.path)) ?? [];
    return issue.keys.map((key) => {
      const guess = closest(key, keys);
      const hint = guess !== undefined ? ` (did you mean "${guess}"?)` : keys.length > 0 ? ` (allowed: ${keys.join(', ')})` : '';
      return { file, path: formatPath(root, [...issue.path, key]), message: `unknown field "${key}"${hint}` };
    });
  }
  const got = issue.code === 'invalid_format' ? `; got ${describeValue(valueAt(root, issue.path))}` : '';
  return [{ file, path: formatPath(root, issue.path), message: `${issue.message}${got}` }];
}

/** Validates one file's JSON against its schema, adding a problem for each issue. */
function validateFile(name: DataFileName, file: string, value: unknown, problems: Problem[]): { ok: true; data: unknown } | { ok: false } {
  const allowed: AllowedKeys = new Map();
  const schema: z.ZodType = dataFiles[name];
  const result = schema.safeParse(value, { error: (issue) => issueMessage(issue, allowed) });
  if (result.success) return { ok: true, data: result.data };
  for (const issue of result.error.issues) problems.push(...problemsFromIssue(file, value, issue, allowed));
  return { ok: false };
}

function fileLabel(name: DataFileName, dirLabel: string | undefined): string {
  return dirLabel === undefined ? name : path.join(dirLabel, name);
}

/**
 * Validates and cross-checks the data files present in `files`; absent files are skipped (the reader reported them).
 * The knowledge base is built only when every file is present and nothing is wrong.
 */
function findProblems(files: Partial<Record<DataFileName, unknown>>, dirLabel: string | undefined, problems: Problem[]): CheckResult {
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

/** 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/**
 * Offset of the first syntax error in `text`, by a minimal JSON scan. Called only after JSON.parse failed:
 * V8 does not always say where ("Unexpected token '}', … is not valid JSON").
 */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const stop = Symbol('syntax error');
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  const fail = (): never => {
    throw stop;
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char) fail();
    i++;
  };
  const scanString = () => {
    expect('"');
    for (;;) {
      const char = text[i];
      if (char === undefined || char < ' ') fail();
      i++;
      if (char === '"') return;
      if (char !== '\\') continue;
      const escape = text[i] ?? '';
      if (escape === 'u') {
        i++;
        for (let k = 0; k < 4; k++) {
          if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail();
          i++;
        }
      } else if (escape !== '' && '"\\/bfnrt'.includes(escape)) i++;
      else fail();
    }
  };
  const scanSequence = (close: string, scanItem: () => void) => {
    i++;
    skipSpace();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      scanItem();
      skipSpace();
      if (text[i] !== ',') break;
      i++;
    }
    expect(close);
  };
  const scanValue = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      scanSequence('}', () => {
        skipSpace();
        scanString();
        skipSpace();
        expect(':');
        scanValue();
      });
    } else if (char === '[') scanSequence(']', scanValue);
    else if (char === '"') scanString();
    else if (char === 't' || char === 'f' || char === 'n') {
      for (const expected of char === 't' ? 'true' : char === 'f' ? 'false' : 'null') expect(expected);
    } else {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) fail();
      else i += match[0].length;
    }
  };
  try {
    scanValue();
    skipSpace();
    return i;
  } catch (error) {
    if (error === stop) return i;
    throw error;
  }
}

function parseJson(file: string, text: string, problems: Problem[]): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    const { line, column } = lineAndColumn(text, syntaxErrorOffset(text));
    problems.push({ file, path: '', message: `invalid JSON at line ${line}, column ${column}: ${reason}` });
    return { ok: false };
  }
}

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

/** Problems in data-file order (reads finish in any order), keeping each file's own order. */
function sortByFile(problems: readonly Problem[], dirLabel: string | undefined): Problem[] {
  const rank = new Map(FILE_NAMES.map((name, i) => [fileLabel(name, dirLabel), i] as const));
  return [...problems].sort((a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0));
}
