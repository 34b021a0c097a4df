import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

/** The page's files, named one by one: nothing else of the disk is served. */
const FILES: Record<string, { readonly file: string; readonly type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/static/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/static/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  '/play/sample-feed.xml': { file: 'sample-feed.xml', type: 'application/rss+xml; charset=utf-8' },
};

const PUBLIC_DIR = new URL('../public/', import.meta.url);

/**
 * The page allows its own scripts, styles and images only: no inline script, no outside request, so even a
 * rendering mistake could not run a script or send anything out.
 */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function serveStatic(path: string, response: ServerResponse): Promise<boolean> {
  const entry = FILES[path];
  if (entry === undefined) return false;
  const body = await readFile(fileURLToPath(new URL(entry.file, PUBLIC_DIR)));
  response.writeHead(200, { 'content-type': entry.type, 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
  response.end(body);
  return true;
}
