import { execFile } from 'node:child_process';
import { cp, readFile, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** The project's files a build reads: what `npm install` builds from in a fresh clone. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'commands'];

/**
 * A copy of the project in `app` (node_modules linked, not copied) built with `npm run build`, as `prepare` builds
 * it at install; this checkout's own dist/ is left alone (a bot may be running from it). Resolves with `app`.
 */
export async function buildCopy(app: string, timeoutMs: number): Promise<string> {
  for (const entry of BUILD_INPUTS) await cp(path.join(ROOT, entry), path.join(app, entry), { recursive: true });
  await symlink(path.join(ROOT, 'node_modules'), path.join(app, 'node_modules'));
  await run('npm', ['run', 'build'], { cwd: app, timeout: timeoutMs });
  return app;
}

/** The arguments `npm start` gives `node` (read from package.json), to start the bot without npm around it, as systemd does. */
export async function startArguments(app: string): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(path.join(app, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = (scripts['start'] ?? '').split(' ');
  if (command !== 'node') throw new Error(`npm start runs "${scripts['start']}", not node`);
  return args;
}
