import type { KnowledgeBase } from '../types.ts';

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
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super([`The knowledge base has ${count}:`, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'));
    this.problems = problems;
  }
}
