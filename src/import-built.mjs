// @ts-check
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Imports the TypeScript module `name` that sits beside `base` (an `import.meta.url`): compiled (`name.js`) in a build,
 * else from source through tsx (tests, `npm run dev`). For entry files started apart from the bot (a parse worker, the
 * chart process), which neither inherit tsx's loader (a vitest worker does not) nor know which of the two they run in.
 * @param {string} base
 * @param {string} name
 */
export async function importBuilt(base, name) {
  const compiled = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(new URL(`./${name}.ts`, base).href);
}
