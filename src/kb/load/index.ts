export { checkKnowledgeBase } from './check-knowledge-base.ts';
export { loadKnowledgeBase } from './load-from-dir.ts';
export { formatProblem, KnowledgeBaseError, type CheckResult, type Problem } from './problem.ts';
