import { spawn } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { startDiscordDouble, type DiscordDouble } from '../double/index.ts';
import { nodeArgs } from '../support/bot-process.ts';
import { REAL_DATA_DIR } from '../support/real-kb.ts';
import { useScratch } from '../support/scratch.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's entry points as a real process, from an empty directory (so no developer's .env
 * is read) and with only the given environment.
 */
function launch(script: string, env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, nodeArgs(path.join(ROOT, script)), {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: REAL_DATA_DIR, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const waitForOutput = async (pattern: RegExp, timeoutMs = 15_000) => {
    const until = Date.now() + timeoutMs;
    while (!pattern.test(stderr + stdout)) {
      if (Date.now() > until || child.exitCode !== null) throw new Error(`no ${pattern} in output:\n${stderr}${stdout}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, finished, waitForOutput, output: () => stderr + stdout };
}

let discord: DiscordDouble;
const scratch = useScratch('dw-process-');

beforeAll(async () => {
  discord = await startDiscordDouble();
});

afterAll(async () => {
  await discord?.close();
});

describe('npm start', () => {
  it('without a token, starts the playground on 127.0.0.1, says so and how to reach Discord, and stops on SIGTERM', async () => {
    const { child, finished, waitForOutput, output } = launch('src/main.ts', { DISCORD_TOKEN: '', PLAYGROUND_PORT: '0', PLAYGROUND_DEMO: 'true' }, scratch.dir);
    await waitForOutput(/playground: open http:\/\/127\.0\.0\.1:\d+\//, 120_000);
    const url = /playground: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output())?.[1] ?? '';
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/static/app.js');
    const state = (await (await fetch(`${url}play/state`)).json()) as { commands: { name: string }[] };
    expect(state.commands.map((command) => command.name)).toEqual(commands.map((command) => command.data.name));
    child.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/DISCORD_TOKEN is not set/);
    expect(result.stdout).toMatch(/npm run deploy/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  it('with a broken data file, refuses to start and names the file, the path and the problem', async () => {
    const dataDir = scratch.file('bad-data');
    await cp(REAL_DATA_DIR, dataDir, { recursive: true });
    const events = JSON.parse(await readFile(path.join(dataDir, 'events.json'), 'utf8')) as { actor: string }[];
    events[0]!.actor = 'nobody-inc';
    await writeFile(path.join(dataDir, 'events.json'), JSON.stringify(events));
    const result = await launch('src/main.ts', { DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, DATA_DIR: dataDir }, scratch.dir).finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-data\/events\.json at \[0\] \(id "[a-z0-9-]+"\)\.actor: unknown actor \(company or government\) "nobody-inc"/);
  });

  it('runs the bot against Discord (here the double), answers, and shuts down cleanly on SIGTERM', async () => {
    const { child, finished, waitForOutput } = launch('src/main.ts', {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_BASE: discord.apiBase,
      LOG_LEVEL: 'debug',
    }, scratch.dir);
    await waitForOutput(/"bot ready"/);
    const handle = discord.dispatchInteraction(discord.chatInput({ name: 'about', locale: 'fr' }));
    const callback = await handle.waitForCallback();
    expect(callback.type).toBe(4);
    expect(JSON.stringify(callback.data)).toContain('Decoupling Watch');
    child.kill('SIGTERM');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/"shutting down"/);
    expect(result.stderr + result.stdout).not.toContain(discord.token);
  });
});

describe('npm run deploy', () => {
  it('replaces the guild’s commands in one bulk overwrite when DISCORD_GUILD_ID is set', async () => {
    const before = discord.requestsTo('PUT /applications/:applicationId/guilds/:guildId/commands').length;
    const result = await launch('src/deploy.ts', {
      DISCORD_TOKEN: discord.token, DISCORD_CLIENT_ID: discord.applicationId, DISCORD_GUILD_ID: discord.guildId, DISCORD_API_BASE: discord.apiBase,
    }, scratch.dir).finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered ${commands.length} commands in guild ${discord.guildId}`);
    const puts = discord.requestsTo('PUT /applications/:applicationId/guilds/:guildId/commands');
    expect(puts.length).toBe(before + 1);
    const body = puts.at(-1)!.body as { name: string; name_localizations?: { fr?: string } }[];
    expect(body.map((c) => c.name)).toEqual(commands.map((c) => c.data.name));
    expect(body.every((c) => c.name_localizations?.fr)).toBe(true);
  });

  it('registers globally when no guild is set', async () => {
    const result = await launch('src/deploy.ts', {
      DISCORD_TOKEN: discord.token, DISCORD_CLIENT_ID: discord.applicationId, DISCORD_API_BASE: discord.apiBase,
    }, scratch.dir).finished;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/globally/);
    const puts = discord.requestsTo('PUT /applications/:applicationId/commands');
    expect((puts.at(-1)!.body as unknown[]).length).toBe(commands.length);
  });

  it('without an application id, says what to set', async () => {
    const result = await launch('src/deploy.ts', { DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase }, scratch.dir).finished;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DISCORD_CLIENT_ID is not set/);
  });
});
