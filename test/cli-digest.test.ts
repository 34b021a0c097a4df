import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run.ts';
import type { MessagePayload } from '../src/render/payload.ts';
import { assertWithinDiscordLimits } from './support/discord-limits.ts';
import { respond, startFeedServer, type FeedServer } from './support/feed-server.ts';
import { atom, numberedItems, rss20 } from './support/feed-xml.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };

const AWS = { title: 'AWS to close its Shanghai AI lab amid US-China tensions', link: 'https://news.example.com/aws-lab', guid: 'a1', date: 'Tue, 22 Jul 2025 10:00:00 GMT' };
const IBM = { title: 'IBM shuts its China research labs, cutting 1,000 jobs in Beijing', link: 'https://news.example.com/ibm', guid: 'a2' };
const BAKERY = { title: 'Local bakery wins national croissant award', link: 'https://news.example.com/bakery', guid: 'a3' };
const MCKINSEY = { title: 'McKinsey bars its China practice from generative AI work', link: 'https://other.example.org/mck', guid: 'b1' };

/** 100 items of about 600 bytes: about 60 KB, more than a 20 KB cap. */
const LONG_FEED = rss20({ items: numberedItems(100).map((item) => ({ ...item, description: `${String(item.description)} ${'Words about trade. '.repeat(25)}` })) });
const LONG_WITHIN_20_000 = LONG_FEED.slice(0, 20_000).split('</item>').length - 1;

let server: FeedServer;

async function cli(argv: string[], env: NodeJS.ProcessEnv = { ALLOW_PRIVATE_FEEDS: 'true' }) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATA_DIR: `${root}data`, ...env } });
  return { code, stdout, stderr };
}

beforeAll(async () => {
  server = await startFeedServer();
  server.route('/news', respond({ body: rss20({ title: 'Local News', items: [AWS, BAKERY, IBM] }), headers: RSS }));
  server.route('/other', respond({ body: atom({ items: [MCKINSEY] }), headers: { 'content-type': 'application/atom+xml' } }));
  server.route('/broken', respond({ status: 500, body: 'down' }));
  server.route('/garbage', respond({ body: '<rss version="2.0"><channel><item><title>x</channel>', headers: RSS }));
  server.route('/long', respond({ body: LONG_FEED, headers: RSS }));
});

afterAll(async () => {
  await server.close();
});

describe('npm run cli -- feeds test', () => {
  it('--json prints exactly ok, status and the judged items; exit 0', async () => {
    const { code, stdout, stderr } = await cli(['feeds', 'test', server.url('/news'), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { ok: boolean; status: number; items: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['ok', 'status', 'items']);
    expect(parsed).toMatchObject({ ok: true, status: 200 });
    expect(parsed.items.map((item) => Object.keys(item).sort())).toEqual(
      Array(3).fill(['companies', 'dimensions', 'kept', 'link', 'published', 'reasons', 'score', 'title']),
    );
    expect(parsed.items.map((item) => [item.title, item.kept])).toEqual([[AWS.title, true], [BAKERY.title, false], [IBM.title, true]]);
    expect(parsed.items[0]).toMatchObject({ link: AWS.link, published: '2025-07-22T10:00:00.000Z', companies: ['aws'] });
    expect(parsed.items[1]).toMatchObject({ published: null, score: 0, companies: [], reasons: [] });
    expect(parsed.items[0]!.reasons).toContain('company: Amazon Web Services (alias "AWS")');

    const french = JSON.parse((await cli(['feeds', 'test', server.url('/news'), '--json', '--locale', 'fr'])).stdout) as typeof parsed;
    expect(french.items[0]!.reasons).toContain('entreprise\u00a0: Amazon Web Services (alias "AWS")');
  });

  it('--json on a feed that cannot be fetched or read: {"ok": false, "error": reason} in the locale, exit 1', async () => {
    const failed = await cli(['feeds', 'test', server.url('/broken'), '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toEqual({ ok: false, error: 'The server answered HTTP 500 (Internal Server Error).' });

    const garbage = await cli(['feeds', 'test', server.url('/garbage'), '--json', '--locale', 'fr']);
    expect(garbage.code).toBe(1);
    expect(JSON.parse(garbage.stdout)).toEqual({ ok: false, error: expect.stringMatching(/^Le flux n’est pas du XML valide/) });

    const refused = await cli(['feeds', 'test', server.url('/news'), '--json'], {});
    expect(refused.code).toBe(1);
    expect((JSON.parse(refused.stdout) as { error: string }).error).toMatch(/private or local address/);
  });

  it('text mode lists each item kept or dropped with its reasons; a failure goes to stderr', async () => {
    const { code, stdout } = await cli(['feeds', 'test', server.url('/news')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^HTTP 200 · 3 item\(s\) · 2 kept/);
    expect(stdout).toMatch(new RegExp(`kept\\s+\\d+\\s+${AWS.title}`));
    expect(stdout).toMatch(new RegExp(`dropped\\s+0\\s+${BAKERY.title}`));
    expect(stdout).toContain('company: Amazon Web Services (alias "AWS")');

    const fr = await cli(['feeds', 'test', server.url('/broken'), '--locale', 'fr']);
    expect(fr.code).toBe(1);
    expect(fr.stdout).toBe('');
    expect(fr.stderr).toMatch(/Le serveur a répondu HTTP 500/);

    const usage = await cli(['feeds', 'list']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toMatch(/feeds test <url>/);
  });

  it('a feed longer than FEED_MAX_BYTES: its leading items, and a line saying it was truncated (text and --json)', async () => {
    const env = { ALLOW_PRIVATE_FEEDS: 'true', FEED_MAX_BYTES: '20000' };
    const text = await cli(['feeds', 'test', server.url('/long')], env);
    expect(text.code).toBe(0);
    expect(LONG_WITHIN_20_000).toBeGreaterThan(5);
    expect(text.stdout).toMatch(new RegExp(`^HTTP 200 · ${LONG_WITHIN_20_000} item\\(s\\) · \\d+ kept for the digest\ntruncated at 20\u00a0KB: the first ${LONG_WITHIN_20_000} items were read\n`));
    expect(text.stdout).toContain(`Story number ${LONG_WITHIN_20_000} about trade`);
    expect(text.stdout).not.toContain(`Story number ${LONG_WITHIN_20_000 + 1} about trade`);

    const fr = await cli(['feeds', 'test', server.url('/long'), '--locale', 'fr'], env);
    expect(fr.stdout).toContain(`tronqué à 20\u00a0Ko\u00a0: seuls les ${LONG_WITHIN_20_000} premiers éléments ont été lus`);

    const json = JSON.parse((await cli(['feeds', 'test', server.url('/long'), '--json'], env)).stdout) as { items: unknown[]; truncated: unknown };
    expect(json.items).toHaveLength(LONG_WITHIN_20_000);
    expect(json.truncated).toEqual({ by: 'bytes', limit: 20_000 });
  });
});

describe('npm run cli -- digest --dry-run', () => {
  it('prints the digest from the given feeds and each feed status on stderr; a failing feed does not stop the others', async () => {
    const feeds = [server.url('/news'), server.url('/broken'), server.url('/other')].join(',');
    const { code, stdout, stderr } = await cli(['digest', '--dry-run', '--feeds', feeds]);
    expect(code).toBe(0);
    for (const title of [AWS.title, IBM.title, MCKINSEY.title]) expect(stdout).toContain(title);
    expect(stdout).not.toContain(BAKERY.title);
    expect(stderr).toMatch(/^Dry run: 3 feed\(s\), 2 read, 1 failed; 3 item\(s\) in the digest\./);
    expect(stderr).toMatch(new RegExp(`ok\\s+127\\.0\\.0\\.1:${server.port} \\(${server.url('/news')}\\): 3 item\\(s\\), 2 relevant`));
    expect(stderr).toMatch(/failed\s+.*\/broken\): The server answered HTTP 500/);
  });

  it('--json prints the items the digest would show, as data', async () => {
    const { code, stdout } = await cli(['digest', '--dry-run', '--feeds', server.url('/news'), '--json']);
    expect(code).toBe(0);
    const { items } = JSON.parse(stdout) as { items: { title: string; link: string; feedUrl: string; companies: string[]; possibleRetreat: boolean }[] };
    expect(items.map((item) => item.title).sort()).toEqual([AWS.title, IBM.title].sort());
    expect(items.find((item) => item.title === AWS.title)).toMatchObject({ link: AWS.link, companies: expect.arrayContaining(['aws']), possibleRetreat: true });
    expect(stdout).not.toContain('"embeds"');
  });

  it('--format discord prints the payloads, within Discord limits; --locale fr speaks French', async () => {
    const { code, stdout, stderr } = await cli(['digest', '--dry-run', '--feeds', server.url('/news'), '--format', 'discord', '--locale', 'fr']);
    expect(code).toBe(0);
    const payloads = JSON.parse(stdout) as MessagePayload[];
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of payloads) assertWithinDiscordLimits(payload);
    expect(JSON.stringify(payloads)).toContain(AWS.title);
    expect(stderr).toMatch(/^Essai à blanc : 1 flux, 1 lu\(s\), 0 en échec ; 2 article\(s\) dans le digest\./);
  });

  it('exit 1 when every feed failed, and without --dry-run (only the bot posts digests)', async () => {
    const allFailed = await cli(['digest', '--dry-run', '--feeds', server.url('/broken')]);
    expect(allFailed.code).toBe(1);
    expect(allFailed.stderr).toMatch(/failed/);

    const notDry = await cli(['digest']);
    expect(notDry.code).toBe(1);
    expect(notDry.stdout).toBe('');
    expect(notDry.stderr).toMatch(/only runs dry runs.*digest --dry-run/);
    const notDryFr = await cli(['digest', '--locale', 'fr']);
    expect(notDryFr.stderr).toMatch(/essais à blanc/);
  });

  it('runs as a real process through npm run cli and exits', async () => {
    const run = promisify(execFile);
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'cli', '--', 'digest', '--dry-run', '--feeds', server.url('/other')], {
      cwd: root,
      env: { ...process.env, ALLOW_PRIVATE_FEEDS: 'true' },
      // npm, then node with tsx, on a machine that may be loaded: minutes, not seconds.
      timeout: 150_000,
    });
    expect(stdout).toContain(MCKINSEY.title);
    expect(stderr).toMatch(/Dry run: 1 feed\(s\), 1 read, 0 failed/);
  }, 180_000);
});
