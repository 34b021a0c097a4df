import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { answerAbout, answerBalance, answerCompany, answerDimension, answerRetreats, answerRetreatsOverview } from '../../src/answers.ts';
import type { Command } from '../../src/discord/command.ts';
import type { Locale } from '../../src/i18n/locale.ts';
import { withChart } from '../../src/render/chart/attach.ts';
import { balanceChart, dimensionChart } from '../../src/render/chart/charts.ts';
import { withPager } from '../../src/render/pager.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { toApiMessage } from '../double/messages.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';

interface ReplyData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent>[];
  flags?: number;
  allowed_mentions?: unknown;
  choices?: { name: string; value: string }[];
}

const EPHEMERAL = 64;
/** /retreats' embeds depend only on there being controls, not on their custom ids. */
const CONTROLS = { menuId: (n: number) => `menu-${n}`, exportId: 'export' };

/** A command that fails the way a bug would: it must reach the user as a generic message only. */
const explode: Command = {
  data: { name: 'explode', description: 'Fails on purpose (test only)' },
  async execute() {
    throw new Error('secret internals at /srv/bot/src/thing.ts:12');
  },
};

let t: TestBot;

beforeAll(async () => {
  t = await startTestBot({ commands: [...commands, explode], warmCharts: true });
});

afterAll(async () => {
  await t?.close();
});

async function run(payload: APIInteraction) {
  const handle = t.discord.dispatchInteraction(payload);
  const callback = await handle.waitForCallback();
  return { handle, type: callback.type, data: callback.data as ReplyData, elapsedMs: callback.elapsedMs };
}

function chat(name: string, options: Record<string, string | boolean> = {}, locale: 'en-US' | 'fr' = 'en-US') {
  return run(t.discord.chatInput({ name, options, locale }));
}

/** Page `index` of an answer as the bot shows it: with the pager (its footer) when there are several pages. */
function pageOf(pages: readonly MessagePayload[], index: number, locale: Locale): MessagePayload {
  const page = pages[index]!;
  return pages.length === 1 ? page : withPager(page, { index, total: pages.length, locale, customIdFor: (n) => `test:${n}` });
}

function expectPage(data: ReplyData, expected: MessagePayload): void {
  expect(data.embeds).toEqual(expected.embeds);
  expect(data.allowed_mentions).toEqual({ parse: [] });
  assertWithinDiscordLimits({ ...expected, embeds: data.embeds ?? [], components: data.components ?? [] } as MessagePayload);
}

function buttons(data: ReplyData): APIButtonComponent[] {
  return (data.components ?? []).flatMap((row) => row.components);
}

function nextButton(data: ReplyData): APIButtonComponent & { custom_id: string } {
  const next = buttons(data).at(-1);
  if (!next || !('custom_id' in next)) throw new Error('no Next button');
  return next as APIButtonComponent & { custom_id: string };
}

describe('every command, in English and in French, through the real discord.js client', () => {
  const cases: [string, Record<string, string>, (locale: Locale) => MessagePayload[] | Promise<MessagePayload[]>][] = [
    ['retreats', {}, (locale) => answerRetreatsOverview(t.kb, {}, locale, CONTROLS)],
    ['retreats', { company: 'microsoft', since: '2023' }, (locale) => answerRetreatsOverview(t.kb, { company: 'microsoft', since: '2023' }, locale, CONTROLS)],
    ['retreats', { kind: 'blacklisting' }, (locale) => answerRetreatsOverview(t.kb, { kind: 'blacklisting' }, locale, CONTROLS)],
    ['company', { name: 'huawei' }, (locale) => answerCompany(t.kb, 'huawei', locale)],
    ['company', { name: 'aws' }, (locale) => answerCompany(t.kb, 'aws', locale)],
    ['company', { name: 'I.B.M.' }, (locale) => answerCompany(t.kb, 'ibm', locale)],
    ['dimension', { name: 'compute' }, async (locale) => withChart(answerDimension(t.kb, 'compute', locale), await dimensionChart(t.kb, t.kb.dimensionsById.get('compute')!, locale))],
    ['balance', {}, async (locale) => withChart(answerBalance(t.kb, locale), await balanceChart(t.kb, locale))],
    ['about', {}, (locale) => answerAbout(t.kb, locale)],
  ];
  for (const [name, options, expected] of cases) {
    for (const [discordLocale, locale] of [['en-US', 'en'], ['fr', 'fr']] as const) {
      it(`/${name} ${JSON.stringify(options)} in ${locale}`, async () => {
        const { type, data } = await chat(name, options, discordLocale);
        expect(type).toBe(4);
        expect(data.flags ?? 0).toBe(0);
        expectPage(data, pageOf(await expected(locale), 0, locale));
      });
    }
  }

  it('answers in French words for a French user', async () => {
    const { data } = await chat('company', { name: 'aws' }, 'fr');
    const text = JSON.stringify(data.embeds);
    expect(text).toContain('juillet 2025');
    expect(text).not.toContain('July 2025');
  });

  it('answers privately when asked', async () => {
    const { data } = await chat('balance', { private: true });
    expect(data.flags).toBe(EPHEMERAL);
  });
});

describe('autocomplete', () => {
  it('suggests at most 25 companies, best first, well inside the 3-second window', async () => {
    const { handle, type, data } = await run(t.discord.autocomplete({ name: 'company', focused: 'name', value: 'micros' }));
    expect(type).toBe(8);
    expect(data.choices?.length).toBeGreaterThan(0);
    expect(data.choices!.length).toBeLessThanOrEqual(25);
    expect(data.choices![0]!.value).toBe('microsoft');
    expect(handle.record.rejections).toEqual([]);
  });

  it('suggests the default list on empty input, capped at 25', async () => {
    const { data } = await run(t.discord.autocomplete({ name: 'retreats', focused: 'company', value: '' }));
    expect(data.choices!.length).toBeGreaterThan(5);
    expect(data.choices!.length).toBeLessThanOrEqual(25);
  });

  it('offers /retreats only the actors that have retreats, or events of the kind already chosen', async () => {
    const offered = async (value: string, options: Record<string, string> = {}) =>
      (await run(t.discord.autocomplete({ name: 'retreats', focused: 'company', value, options }))).data.choices!.map((c) => c.value);
    const all = await offered('');
    expect(all.length).toBeGreaterThan(5);
    for (const id of all) expect(answerRetreats(t.kb, { company: id }, 'en')[0]!.embeds[0]!.title, id).toMatch(/^\d+ retreats? · /);
    expect(all).not.toContain('huawei');
    expect(await offered('hua')).toEqual([]);
    expect((await offered('hua', { kind: 'blacklisting' }))[0]).toBe('huawei');
    const company = await run(t.discord.autocomplete({ name: 'company', focused: 'name', value: 'hua' }));
    expect(company.data.choices![0]!.value).toBe('huawei');
  });

  it('lists retreats only by default; another kind brings its events, counted as events', () => {
    const byDefault = answerRetreats(t.kb, {}, 'en');
    expect(byDefault[0]!.embeds[0]!.title).toMatch(/^\d+ retreats$/);
    const listed = answerRetreats(t.kb, { kind: 'export-control' }, 'en');
    expect(listed[0]!.embeds[0]!.title).toMatch(/^\d+ events · Export control$/);
    expect(JSON.stringify(listed)).toContain('Huawei');
    expect(JSON.stringify(byDefault)).not.toContain('US puts Huawei and 68');
  });

  it('names dimensions in the user’s language', async () => {
    const { data } = await run(t.discord.autocomplete({ name: 'dimension', focused: 'name', value: 'calc', locale: 'fr' }));
    expect(data.choices![0]).toMatchObject({ value: 'compute' });
    expect(data.choices![0]!.name).toMatch(/Calcul/);
  });
});

describe('paging', () => {
  it('turns the pages of a long answer with Previous/Next, even after a restart', async () => {
    const pages = answerDimension(t.kb, 'compute', 'en');
    expect(pages.length).toBeGreaterThanOrEqual(3);

    const first = await chat('dimension', { name: 'compute' });
    expect(buttons(first.data).map((b) => b.disabled ?? false)).toEqual([true, true, false]);

    const second = await run(t.discord.button({ customId: nextButton(first.data).custom_id }));
    expect(second.type).toBe(7);
    expectPage(second.data, pageOf(pages, 1, 'en'));

    await t.restart();

    const third = await run(t.discord.button({ customId: nextButton(second.data).custom_id, locale: 'fr' }));
    expect(third.type).toBe(7);
    // The page is recomputed in the clicking user's language.
    expectPage(third.data, pageOf(answerDimension(t.kb, 'compute', 'fr'), 2, 'fr'));
  });

  it('lets only the asker turn the pages of a private answer', async () => {
    const asked = await chat('dimension', { name: 'compute', private: true });
    expect(asked.data.flags).toBe(EPHEMERAL);
    const customId = nextButton(asked.data).custom_id;
    const message = toApiMessage(asked.handle.original()!, []);

    const stranger = t.discord.button({ customId, message });
    const strangerClick = await run({ ...stranger, member: { ...stranger.member, user: { ...stranger.member.user, id: '999999999999999999' } } });
    expect(strangerClick.type).toBe(4);
    expect(strangerClick.data.flags).toBe(EPHEMERAL);
    expect(strangerClick.data.content).toMatch(/Only the person who asked/);

    const owner = await run(t.discord.button({ customId, message }));
    expect(owner.type).toBe(7);
  });
});

describe('errors', () => {
  it('an unknown company gets a helpful private reply with suggestions, in the user’s language', async () => {
    const en = await chat('company', { name: 'Microsfot Corp' });
    expect(en.type).toBe(4);
    expect(en.data.flags).toBe(EPHEMERAL);
    expect(en.data.content).toMatch(/Microsoft/);

    const fr = await chat('company', { name: 'zzzzzz' }, 'fr');
    expect(fr.data.flags).toBe(EPHEMERAL);
    expect(fr.data.content).toMatch(/Aucune entreprise/);
  });

  it('a bad period gets a private reply saying what is accepted', async () => {
    const { data } = await chat('retreats', { since: '2023-13' });
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/2023/);
  });

  it('an internal failure gets a generic private reply with a reference, and a log line — never the stack', async () => {
    const { handle, data } = await chat('explode');
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toContain(handle.id);
    expect(data.content).not.toMatch(/secret internals|\.ts:\d+|\bat\b.*\(/);
    const logged = t.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.interactionId === handle.id && entry.level === 'error');
    expect(logged).toMatchObject({ message: 'interaction failed', command: 'explode' });
  });

  it('a forged or stale button gets a short private reply; the log has a warning with the id cut short, no stack', async () => {
    const forged = `retreats${':9'.repeat(2500)}`;
    const cases = [
      { customId: forged, locale: 'en-US' as const, reply: /This button is no longer valid/ },
      { customId: 'gone:1:microsoft', locale: 'fr' as const, reply: /Ce bouton n’est plus valide/ },
      { customId: 'explode:1', locale: 'en-US' as const, reply: /This button is no longer valid/ },
    ];
    for (const { customId, locale, reply } of cases) {
      const { handle, type, data } = await run(t.discord.button({ customId, locale }));
      expect(type).toBe(4);
      expect(data.flags).toBe(EPHEMERAL);
      expect(data.content).toMatch(reply);
      expect(data.content).not.toContain(customId.slice(0, 20));
      const lines = t.logs.filter((line) => line.includes(handle.id));
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(entries.filter((entry) => entry.level === 'error')).toEqual([]);
      expect(entries.find((entry) => entry.message === 'invalid button')).toMatchObject({ level: 'warn', customId: customId.length > 100 ? `${customId.slice(0, 100)}…` : customId, customIdLength: customId.length });
      for (const line of lines) {
        expect(line.length).toBeLessThan(600);
        expect(line).not.toMatch(/stack|\bat\b.*\.ts:\d+/);
      }
    }
  });

  it('after an internal failure and a forged button (both logged), never writes the token to the log', async () => {
    await chat('explode');
    await run(t.discord.button({ customId: `retreats${':9'.repeat(2500)}` }));
    expect(t.logs.some((line) => line.includes('"level":"error"'))).toBe(true);
    expect(t.logs.some((line) => line.includes('invalid button'))).toBe(true);
    for (const line of t.logs) expect(line).not.toContain(t.discord.token);
  });
});
