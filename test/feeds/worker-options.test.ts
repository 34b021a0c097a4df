import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../src/feeds/worker/exec-argv.ts';
import { TSX_LOADER } from '../support/bot-process.ts';

const run = promisify(execFile);
const PARSE = pathToFileURL(path.join(fileURLToPath(new URL('../..', import.meta.url)), 'src', 'feeds', 'parse', 'parse.ts')).href;

describe('the Node options of the parse workers', () => {
  it('keeps what workers accept and use, drops V8 and process options and tsx loaders', () => {
    expect(
      workerExecArgv([
        '--enable-source-maps', '--max-semi-space-size=4', '--max-old-space-size', '512', '--title=bot', '--import', TSX_LOADER,
        '--import', 'file:///app/telemetry.mjs', '--require=tsx/cjs', '--conditions', 'production', '--no-warnings', '--stack-size=2000',
      ]),
    ).toEqual(['--enable-source-maps', '--import', 'file:///app/telemetry.mjs', '--conditions', 'production', '--no-warnings']);
  });

  it('reads a feed in a process started with a V8 heap flag (a worker given it would never start)', async () => {
    const script = [
      `import { closeParsePool, parseFeed } from ${JSON.stringify(PARSE)};`,
      `const result = await parseFeed('<rss version="2.0"><channel><title>T</title><item><title>Hello</title><link>https://example.com/a</link></item></channel></rss>');`,
      `console.log(result.ok ? 'items ' + result.items.length : 'failed ' + result.error.message);`,
      'await closeParsePool();',
    ].join('\n');
    const args = ['--max-semi-space-size=4', '--enable-source-maps', '--import', TSX_LOADER, '--input-type=module', '-e', script];
    const { stdout } = await run(process.execPath, args, { timeout: 45_000, killSignal: 'SIGKILL' });
    expect(stdout.trim()).toBe('items 1');
  }, 60_000);
});
