import { execFile, spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TSX_LOADER } from '../support/bot-process.ts';
import { respond, startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { rss20 } from '../support/feed-xml.ts';
import { useScratch } from '../support/scratch.ts';

/**
 * A feed whose DNS server is silent, with libuv's pool as npm start sizes it (src/thread-pool.cjs). DNS lookups
 * (getaddrinfo) run on that pool, at most half its threads at once, and a lookup holds its thread until the resolver
 * answers, whatever the fetch's deadline. The DNS double (fixtures/dns/slow-lookups.c, preloaded into a child node)
 * answers "*.test" names after 20 ms, and "silent*.test" only after STALL_MS.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FETCH = pathToFileURL(path.join(ROOT, 'src', 'feeds', 'fetch', 'fetch.ts')).href;
const { applyThreadPoolDefault } = createRequire(import.meta.url)('../../src/thread-pool.cjs') as { applyThreadPoolDefault(env: NodeJS.ProcessEnv): string | undefined };
const STALL_MS = 8_000;
const DEADLINE_MS = 3_000;
const HOSTS = ['silent.example.test', 'a.example.test', 'b.example.test', 'c.example.test'];

const hasCompiler = spawnSync('cc', ['--version']).status === 0;
const onGlibc = process.platform === 'linux' && Boolean((process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime);

interface Outcome {
  readonly host: string;
  readonly ok: boolean;
  readonly code?: string;
}

/** The silent host's fetch first, the others 100 ms later (their lookups queue behind its), all with DEADLINE_MS. */
const CHILD = [
  `import { fetchFeed } from ${JSON.stringify(FETCH)};`,
  'const [port, ...hosts] = process.argv.slice(1);',
  `const fetchOne = async (host) => { const result = await fetchFeed('http://' + host + ':' + port + '/feed.xml', { allowPrivate: true, deadlineMs: ${DEADLINE_MS} }); return { host, ok: result.ok, code: result.ok ? undefined : result.error.code }; };`,
  'const first = fetchOne(hosts[0]);',
  'await new Promise((resolve) => setTimeout(resolve, 100));',
  'const outcomes = await Promise.all([first, ...hosts.slice(1).map(fetchOne)]);',
  'process.stdout.write(JSON.stringify(outcomes) + "\\n");',
].join('\n');

describe.skipIf(!hasCompiler || !onGlibc)('a feed whose DNS server is silent (lookups on libuv’s pool)', () => {
  const scratch = useScratch('dw-dns-stall-');
  let shim: string;
  let server: FeedServer;

  beforeAll(async () => {
    shim = scratch.file('slow-lookups.so');
    await promisify(execFile)('cc', ['-shared', '-fPIC', '-O1', '-o', shim, path.join(ROOT, 'test', 'fixtures', 'dns', 'slow-lookups.c'), '-ldl']);
    server = await startFeedServer();
    scratch.defer(() => server.close());
    server.route('/feed.xml', respond({ body: rss20({ title: 'Wire', items: [] }), headers: { 'content-type': 'application/rss+xml' } }));
  }, 60_000);

  /** Fetches every host at once in a child node with `threads` in libuv's pool; killed once it has answered (the stalled lookup would hold its exit). */
  async function fetchWithPool(threads: string): Promise<Outcome[]> {
    const env = { PATH: process.env['PATH'] ?? '', LD_PRELOAD: shim, STALL_MS: String(STALL_MS), UV_THREADPOOL_SIZE: threads };
    const child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', CHILD, String(server.port), ...HOSTS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    try {
      return await new Promise<Outcome[]>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.endsWith('\n')) resolve(JSON.parse(output) as Outcome[]);
        });
        child.once('exit', (code) => reject(new Error(`the child ended (${code}) without answering: ${errors}`)));
      });
    } finally {
      child.kill('SIGKILL');
    }
  }

  it('holds up only its own feed with npm start’s pool: the other feeds are fetched while its lookup hangs', { timeout: 60_000 }, async () => {
    const env: NodeJS.ProcessEnv = {};
    applyThreadPoolDefault(env);
    const outcomes = await fetchWithPool(env['UV_THREADPOOL_SIZE'] ?? '');
    expect(outcomes).toEqual([
      { host: 'silent.example.test', ok: false, code: 'timeout' },
      ...HOSTS.slice(1).map((host) => ({ host, ok: true })),
    ]);
  });

  it('(the control) with a pool of 2, lookups run one at a time, and the feeds queued behind the silent one time out too', { timeout: 60_000 }, async () => {
    const outcomes = await fetchWithPool('2');
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([false, false, false, false]);
  });
});
