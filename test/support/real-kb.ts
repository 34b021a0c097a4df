import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '../../src/kb/load/index.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';

/** The project's real data directory. */
export const REAL_DATA_DIR = fileURLToPath(new URL('../../data', import.meta.url));

/** The real knowledge base, loaded and checked exactly as the bot loads it at start-up. */
export function loadRealKb(): Promise<KnowledgeBase> {
  return loadKnowledgeBase(REAL_DATA_DIR);
}
