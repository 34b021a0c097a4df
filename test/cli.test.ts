import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { exportRetreatsCsv } from '../src/answers.ts';
import { runCli } from '../src/cli/run.ts';
import { periodEnd } from '../src/kb/dates.ts';
import { loadKnowledgeBase } from '../src/kb/load/index.ts';
import type { MessagePayload } from '../src/render/payload.ts';
import { nodeArgs } from './support/bot-process.ts';
import { assertWithinDiscordLimits } from './support/discord-limits.ts';
import { useScratch } from './support/scratch.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = useScratch('dw-cli-');

async function cliWith(env: NodeJS.ProcessEnv, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { DATA_DIR: `${root}data`, ...env } });
  return { code, stdout, stderr };
}

const cli = (...argv: string[]) => cliWith({}, ...argv);

function pagesOf(json: string): MessagePayload[] {
  const parsed = JSON.parse(json) as MessagePayload | MessagePayload[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

describe('terminal CLI', () => {
  it('answers a company by alias in French, as readable text', async () => {
    const { code, stdout, stderr } = await cli('company', 'aws', '--locale', 'fr');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Amazon Web Services');
    expect(stdout).toContain('22 juillet 2025');
    expect(stdout).toMatch(/https:\/\/siliconangle\.com\//);
  });

  it('gives the filtered retreats as CSV with --csv, the same file as the Discord export', async () => {
    const { code, stdout, stderr } = await cli('retreats', '--company', 'microsoft', '--csv', '--locale', 'fr');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.startsWith('\uFEFFdate,entreprise,types,titre,')).toBe(true);
    const kb = await loadKnowledgeBase(`${root}data`);
    expect(stdout).toBe(exportRetreatsCsv(kb, { company: 'microsoft' }, 'fr').data.toString('utf8'));
    expect(stdout.split('\r\n').length).toBeGreaterThan(3);
    expect(stdout).not.toContain('Tesla');
  });

  it('filters retreats by company (with subsidiaries) and period, newest first', async () => {
    const kb = await loadKnowledgeBase(`${root}data`);
    const microsoftFamily = new Set(['microsoft', ...[...kb.companies.values()].filter((c) => c.parent === 'microsoft').map((c) => c.id)]);
    const retreats = kb.events.filter((e) => e.category === 'retreat' && microsoftFamily.has(e.actor));
    const recent = retreats.filter((e) => periodEnd(e.date) >= '2023-01-01');
    const older = retreats.filter((e) => periodEnd(e.date) < '2023-01-01');
    expect(recent.length).toBeGreaterThan(1);
    expect(older.length).toBeGreaterThan(0);

    const { code, stdout } = await cli('retreats', '--company', 'microsoft', '--since', '2023');
    expect(code).toBe(0);
    const positions = recent.map((e) => stdout.indexOf(e.title.en));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    for (const e of older) expect(stdout).not.toContain(e.title.en);
  });

  it('filters by a date’s real extent and shows its precision: "early 2025" is not "since April 2025"', async () => {
    const kb = await loadKnowledgeBase(`${root}data`);
    const early = kb.events.find((e) => e.datePrecision === 'early' && e.date === '2025' && e.category === 'retreat');
    if (early === undefined) throw new Error('no retreat dated early 2025 in data/');
    const since = await cli('retreats', '--company', early.actor, '--since', '2025-04');
    expect(since.code).toBe(0);
    expect(since.stdout).not.toContain(early.title.en);
    const until = await cli('retreats', '--company', early.actor, '--since', '2025', '--until', '2025-04', '--locale', 'fr');
    expect(until.code).toBe(0);
    expect(until.stdout).toContain(`Début 2025 · ${early.title.fr}`);
  });

  it('--format discord prints exactly the payloads the slash command sends, within Discord limits', async () => {
    for (const argv of [['company', 'Amazon Web Services'], ['retreats'], ['dimension', 'compute'], ['balance'], ['about']]) {
      const { code, stdout } = await cli(...argv, '--format', 'discord');
      expect(code, argv.join(' ')).toBe(0);
      const pages = pagesOf(stdout);
      expect(pages.length).toBeGreaterThan(0);
      for (const page of pages) {
        expect(page.allowed_mentions).toEqual({ parse: [] });
        assertWithinDiscordLimits(page);
      }
    }
  });

  it('finds a dimension by its French name and answers in French', async () => {
    const { code, stdout } = await cli('dimension', 'puces', '--locale', 'fr', '--format', 'discord');
    expect(code).toBe(0);
    const text = JSON.stringify(pagesOf(stdout));
    expect(text).toContain('États-Unis');
  });

  it('--json prints the data: the filtered events as the data files hold them, with every source they cite', async () => {
    const kb = await loadKnowledgeBase(`${root}data`);
    const { code, stdout } = await cli('retreats', '--company', 'aws', '--json');
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as { filters: unknown; count: number; events: { id: string; actorName: string; summary: unknown; statedReason?: { sources: string[] } }[]; sources: Record<string, { url?: string }> };
    expect(data.filters).toEqual({ company: 'aws' });
    const expected = kb.events.filter((event) => event.category === 'retreat' && event.actor === 'aws').map((event) => event.id);
    expect(data.events.map((event) => event.id)).toEqual(expected);
    expect(data.count).toBe(expected.length);
    const lab = data.events.find((event) => event.id === expected[0]);
    expect(lab?.actorName).toBe('Amazon Web Services');
    expect(lab?.summary).toEqual(kb.events.find((event) => event.id === expected[0])?.summary);
    // Every id cited anywhere in the events (top level, reasons, quotes, figures…) is in "sources", and nothing else.
    const cited = new Set<string>();
    JSON.stringify(data.events, (key, value: unknown) => {
      if (key === 'sources' && Array.isArray(value)) for (const id of value) cited.add(id as string);
      if ((key === 'source' || key === 'article') && typeof value === 'string') cited.add(value);
      return value;
    });
    expect(new Set(Object.keys(data.sources))).toEqual(cited);
    for (const id of cited) expect(data.sources[id]).toEqual(kb.sources.get(id));
    expect(stdout).not.toContain('"embeds"');
  });

  it('--json for company, dimension, balance and about: records, not payloads', async () => {
    const company = JSON.parse((await cli('company', 'aws', '--json')).stdout) as { company: { id: string }; parentCompany?: { id: string }; events: unknown[]; sources: object };
    expect(company.company.id).toBe('aws');
    expect(company.parentCompany?.id).toBe('amazon');
    expect(company.events.length).toBeGreaterThan(0);
    expect(Object.keys(company.sources).length).toBeGreaterThan(0);
    const dimension = JSON.parse((await cli('dimension', 'puces', '--json')).stdout) as { dimension: { id: string; indicators: unknown[] }; sources: object };
    expect(dimension.dimension.id).toBe('compute');
    expect(dimension.dimension.indicators.length).toBeGreaterThan(0);
    const balance = JSON.parse((await cli('balance', '--json')).stdout) as { balance: { thesis: { fr: string } }; dimensions: unknown[] };
    expect(balance.balance.thesis.fr.length).toBeGreaterThan(0);
    expect(balance.dimensions).toHaveLength(7);
    const about = JSON.parse((await cli('about', '--json')).stdout) as { meta: { reviewed: string }; sources: number };
    expect(about.meta.reviewed).toMatch(/^\d{4}/);
    expect(about.sources).toBeGreaterThan(100);
  });

  it('refuses two formats at once, an unknown format, and CSV outside retreats', async () => {
    const both = await cli('retreats', '--json', '--format', 'discord');
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/one output format/);
    const unknown = await cli('balance', '--format', 'yaml', '--locale', 'fr');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--format doit valoir text, json, discord, csv/);
    const csv = await cli('balance', '--csv');
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/`balance` has no csv output/);
  });

  it('unknown company: a helpful message with suggestions on stderr, exit code 1', async () => {
    const { code, stdout, stderr } = await cli('company', 'mikrosoft-corp-zzz');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/No company matches/);
  });

  it('bad period, unknown kind, unknown command and bad option all exit 1 with a reason', async () => {
    const cases: [string[], RegExp][] = [
      [['retreats', '--since', '2023-13'], /date|month|2023-13/i],
      [['retreats', '--since', '2025', '--until', '2023'], /after|before/i],
      [['retreats', '--kind', 'teleportation'], /Unknown kind/],
      [['frobnicate'], /Unknown command/],
      [['balance', '--colour'], /Unknown option/i],
      [['company'], /Missing company name/],
      [['about', '--locale', 'de'], /--locale/],
    ];
    for (const [argv, reason] of cases) {
      const { code, stderr } = await cli(...argv);
      expect(code, argv.join(' ')).toBe(1);
      expect(stderr, argv.join(' ')).toMatch(reason);
      expect(stderr).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('reads the same configuration as the bot: a bad variable is named, exit code 1', async () => {
    const { code, stdout, stderr } = await cliWith({ ALLOW_PRIVATE_FEEDS: 'yes' }, 'about');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/ALLOW_PRIVATE_FEEDS: must be true or false/);
  });

  it('answers in French on stderr too', async () => {
    const { code, stderr } = await cli('company', 'zzzz-inconnue', '--locale', 'fr');
    expect(code).toBe(1);
    expect(stderr).toMatch(/Aucune entreprise/);
  });

  it('runs as a real process through npm run cli with the right exit codes', async () => {
    const run = promisify(execFile);
    const ok = await run('npm', ['run', '--silent', 'cli', '--', 'about', '--locale', 'fr'], { cwd: root });
    expect(ok.stdout).toMatch(/Decoupling Watch/);
    const failed = await run('npm', ['run', '--silent', 'cli', '--', 'company', 'zzzz'], { cwd: root }).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect('stderr' in failed ? failed.stderr : '').toMatch(/No company matches/);
  });

  it('reads .env from the working directory as the bot does, the environment’s own variables first', async () => {
    const run = promisify(execFile);
    const dir = scratch.file('project');
    await mkdir(dir);
    // No data/ here: only .env says where the knowledge base is.
    await writeFile(path.join(dir, '.env'), `DATA_DIR=${path.join(root, 'data')}\nALLOW_PRIVATE_FEEDS=yes\n`);
    const cli = (env: NodeJS.ProcessEnv) =>
      run(process.execPath, [...nodeArgs(path.join(root, 'src', 'cli', 'main.ts')), 'company', 'aws'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', ...env } })
        .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);
    const fromDotEnv = await cli({});
    expect(fromDotEnv.code).toBe(1);
    expect(fromDotEnv.stderr).toMatch(/ALLOW_PRIVATE_FEEDS: must be true or false/);
    const environmentFirst = await cli({ ALLOW_PRIVATE_FEEDS: 'false' });
    expect(environmentFirst.stderr).toBe('');
    expect(environmentFirst.stdout).toContain('Amazon Web Services');
  });

  it('says plainly that a .env it cannot read (here a directory) stops it, instead of crashing with a stack trace', async () => {
    const dir = scratch.file('env-is-a-directory');
    await mkdir(path.join(dir, '.env'), { recursive: true });
    const failed = await promisify(execFile)(process.execPath, [...nodeArgs(path.join(root, 'src', 'cli', 'main.ts')), 'company', 'aws'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '' } })
      .then(({ stdout }) => ({ code: 0, stdout, stderr: '' }), (error: { code: number; stdout: string; stderr: string }) => error);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Configuration problems:\n {2}- \.env: cannot be read \(EISDIR[^\n]*\)\n$/);
  });
});

