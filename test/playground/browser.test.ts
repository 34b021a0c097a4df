import { copyFile, mkdir } from 'node:fs/promises';
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseConfig } from '../../src/config.ts';
import type { Command } from '../../src/discord/command.ts';
import { createLogger } from '../../src/log.ts';
import { startPlayground, type RunningPlayground } from '../../src/playground/start.ts';
import { hasChromium, launchChromium } from '../support/browser.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { tempDir, type TempDir } from '../support/scratch.ts';

/** Generous: the browser, the bot and the charts share one loaded CPU. */
const WAIT = { timeout: 60_000 };

/**
 * A command with a string select menu, for the menu round trip whatever menus today's commands show: its answer
 * is private to the picker, as the overview menus' are.
 */
const menu: Command = {
  data: { name: 'menu', description: 'A menu to pick from (test)', options: [{ type: ApplicationCommandOptionType.String, name: 'hint', description: 'unused' }] },
  async execute(interaction) {
    await interaction.reply({
      content: 'Pick a fruit',
      components: [{ type: 1, components: [{ type: 3, custom_id: 'menu:pick', placeholder: 'Choose…', options: [{ label: 'Apple', value: 'apple' }, { label: 'Pear', value: 'pear', description: 'green' }] }] }],
      allowedMentions: { parse: [] },
    });
  },
  async select(interaction) {
    await interaction.reply({ embeds: [{ title: `Picked: ${interaction.values.join(', ')}`, color: 0x16a085 }], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};

/** An expression evaluated in the page (the tests' compiler has no DOM types). */
const inPage = (expression: string) => expression;

describe.skipIf(!hasChromium)('the playground in a real browser (chromium)', () => {
  let playground: RunningPlayground;
  let browser: BrowserContext;
  let scratch: TempDir;

  beforeAll(async () => {
    scratch = await tempDir('playground-browser-');
    const kb = await loadRealKb();
    playground = await startPlayground({ config: parseConfig({}), kb, commands: [...commands, menu], log: createLogger({ level: 'error' }), port: 0, demo: true });
    browser = await launchChromium(scratch.file('profile'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    await scratch?.remove();
  }, 60_000);

  // Each page holds an event stream; a page left open by a failed test would use up chromium's six connections.
  afterEach(async () => {
    for (const page of browser?.pages() ?? []) await page.close();
  });

  async function openPage(locale: 'en' | 'fr' = 'en'): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(playground.url);
    await page.locator('body[data-ready="true"]').waitFor(WAIT);
    await page.selectOption('#locale', locale);
    return page;
  }

  /** Types the command, picks it in the list (Enter), fills options, sends (Enter). */
  async function run(page: Page, typed: string, options: Record<string, string> = {}) {
    await page.locator('#command-input').fill('');
    await page.locator('#command-input').pressSequentially(typed);
    await page.locator('.popup-item').first().waitFor(WAIT);
    await page.keyboard.press('Enter');
    for (const [name, value] of Object.entries(options)) await page.locator(`[data-option="${name}"]`).fill(value);
    await page.locator('#send').click();
  }

  const answer = (page: Page, command: string) => page.locator('article', { has: page.locator('.command-name', { hasText: command }) }).last();

  it('/retreats typed in the box answers with its overview, and its menu opens an event’s card privately', async () => {
    const page = await openPage();
    await page.locator('#command-input').pressSequentially('/retr');
    await expect(page.locator('.popup-item .popup-label').first().textContent()).resolves.toBe('/retreats');
    await page.locator('#command-input').fill('');
    await run(page, '/retreats');
    const reply = answer(page, '/retreats');
    await reply.locator('.embed').first().waitFor(WAIT);
    const menu = reply.locator('select.select-menu').first();
    await menu.waitFor(WAIT);
    // Runs in the page: the first real option of the menu (its value is an event id).
    const [value, label] = await menu.evaluate((select) => {
      const options = Array.from((select as unknown as { options: ArrayLike<{ value: string; textContent: string | null }> }).options);
      const option = options.find((candidate) => candidate.value !== '')!;
      return [option.value, option.textContent ?? ''] as const;
    });
    await menu.selectOption(value);
    const card = page.locator('article.ephemeral', { has: page.locator('.embed-title') }).last();
    await card.waitFor(WAIT);
    await expect(card.locator('.ephemeral-note').textContent()).resolves.toContain('Only you can see this');
    expect(label.length).toBeGreaterThan(0);
  }, 120_000);

  it('a long answer pages with its Next button', async () => {
    const page = await openPage();
    await run(page, '/dimension', { name: 'compute' });
    const reply = answer(page, '/dimension');
    await reply.locator('.embed').first().waitFor(WAIT);
    await expect(reply.locator('.embed-footer').last().textContent()).resolves.toContain('Page 1 /');
    await reply.locator('button', { hasText: 'Next ▶' }).click();
    await page.waitForFunction(inPage("[...document.querySelectorAll('.embed-footer')].some((el) => el.textContent.includes('Page 2 /'))"), undefined, WAIT);
    await expect(reply.locator('.edited').count()).resolves.toBe(1);
  }, 120_000);

  it('autocomplete offers the bot’s suggestions, and the pick is what the command receives', async () => {
    const page = await openPage();
    await run(page, '/retreats', {});
    // The command was sent without options; now one with the company picked from the suggestions.
    await page.locator('#command-input').pressSequentially('/retreats');
    await page.keyboard.press('Enter');
    await page.locator('[data-option="company"]').pressSequentially('micros');
    const suggestion = page.locator('.popup-item', { hasText: 'Microsoft (MSFT)' });
    await suggestion.waitFor(WAIT);
    await suggestion.dispatchEvent('mousedown');
    await expect(page.locator('[data-option="company"]').inputValue()).resolves.toBe('Microsoft (MSFT)');
    await page.locator('#send').click();
    await page.waitForFunction(inPage("[...document.querySelectorAll('article .embed-title')].some((el) => /Microsoft/.test(el.textContent))"), undefined, WAIT);
  }, 120_000);

  it('a pick in a select menu reaches the bot, whose private answer is marked and can be dismissed', async () => {
    const page = await openPage();
    await run(page, '/menu');
    const reply = answer(page, '/menu');
    await reply.locator('select.select-menu').waitFor(WAIT);
    await reply.locator('select.select-menu').selectOption('pear');
    const picked = page.locator('article.ephemeral', { hasText: 'Picked: pear' });
    await picked.waitFor(WAIT);
    await expect(picked.locator('.ephemeral-note').textContent()).resolves.toContain('Only you can see this');
    await picked.locator('button.dismiss').click();
    await picked.waitFor({ state: 'detached', ...WAIT });
  }, 120_000);

  it('in French, the commands have their French names, the answer is French and its chart image loads', async () => {
    const page = await openPage('fr');
    await expect(page.locator('.composer-hint').textContent()).resolves.toContain('Tapez /');
    await run(page, '/rapport');
    const reply = answer(page, '/rapport-de-force');
    await reply.locator('.embed-title').first().waitFor(WAIT);
    await expect(reply.locator('.embed-title').first().textContent()).resolves.toMatch(/rapport de force/i);
    const chart = reply.locator('img.embed-image').first();
    await chart.waitFor(WAIT);
    await page.waitForFunction(inPage("[...document.querySelectorAll('img.embed-image')].some((img) => img.complete && img.naturalWidth > 100)"), undefined, WAIT);
  }, 120_000);

  it('/digest preview shows the sample feed’s tagged items privately, not the off-topic one', async () => {
    const page = await openPage();
    await run(page, '/digest preview');
    const reply = answer(page, '/digest preview');
    await reply.locator('.embed').first().waitFor(WAIT);
    await expect(reply.getAttribute('class')).resolves.toContain('ephemeral');
    const text = await reply.textContent();
    expect(text).toContain('Sample: Nvidia says China sales');
    expect(text).not.toContain('croissant');
  }, 120_000);

  it('what a user types reaches the page as text, never as markup', async () => {
    const page = await openPage();
    await run(page, '/retreats', { since: '<img src=x onerror="window.pwned=1">' });
    const reply = page.locator('article.ephemeral', { hasText: 'is not a valid start date' });
    await reply.waitFor(WAIT);
    await expect(reply.locator('.content').textContent()).resolves.toContain('<img src=x onerror="window.pwned=1">');
    await expect(reply.locator('.content img').count()).resolves.toBe(0);
    await expect(page.evaluate(inPage('window.pwned'))).resolves.toBeUndefined();
  }, 120_000);

  it('renders: a screenshot of the page with an embed is a non-empty PNG', async () => {
    const page = await openPage();
    await run(page, '/balance');
    const embed = answer(page, '/balance').locator('.embed').first();
    await embed.waitFor(WAIT);
    await page.waitForFunction(inPage("[...document.querySelectorAll('img.embed-image')].every((img) => img.complete)"), undefined, WAIT);
    await expect(embed.isVisible()).resolves.toBe(true);
    const box = await embed.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    const file = scratch.file('playground.png');
    const png = await page.screenshot({ path: file });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    // PLAYGROUND_SCREENSHOT=1 refreshes the README's picture.
    if (process.env.PLAYGROUND_SCREENSHOT === '1') {
      await mkdir('docs', { recursive: true });
      await copyFile(file, 'src/playground/public/screenshot.png');
    }
  }, 120_000);
});
