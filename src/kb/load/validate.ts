import type { z } from 'zod';
import { closest, formatPath } from '../check/index.ts';
import { dataFiles, type DataFileName } from '../schema/index.ts';
import type { Problem } from './problem.ts';

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
export function validateFile(name: DataFileName, file: string, value: unknown, problems: Problem[]): { ok: true; data: unknown } | { ok: false } {
  const allowed: AllowedKeys = new Map();
  const schema: z.ZodType = dataFiles[name];
  const result = schema.safeParse(value, { error: (issue) => issueMessage(issue, allowed) });
  if (result.success) return { ok: true, data: result.data };
  for (const issue of result.error.issues) problems.push(...problemsFromIssue(file, value, issue, allowed));
  return { ok: false };
}
