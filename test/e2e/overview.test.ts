import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIInteraction, APIMessage, APIStringSelectComponent } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerBalance, answerDimension, answerEventCard, answerRetreatsOverview } from '../../src/answers.ts';
import { buildKnowledgeBase } from '../../src/kb/build.ts';
import { withChart } from '../../src/render/chart/attach.ts';
import { balanceChart, dimensionChart } from '../../src/render/chart/charts.ts';
import type { MessagePayload } from '../../src/render/payload.ts';
import { toApiMessage } from '../double/messages.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { assertWithinDiscordLimits } from '../support/discord-limits.ts';
import { fixtureData, scaleData } from '../support/kb-fixture.ts';

interface ReplyData {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[];
  flags?: number;
  allowed_mentions?: unknown;
  attachments?: { id: string; filename: string }[];
}

const EPHEMERAL = 64;
const STRANGER = '999999999999999999';
const LOCALES = [['en-US', 'en'], ['fr', 'fr']] as const;
/** The embeds do not depend on the controls' custom ids, only on there being controls. */
const CONTROLS = { menuId: (n: number) => `menu-${n}`, exportId: 'export' };

/** A bot on the real knowledge base and one on a knowledge base a hundred times the fixture, whose answers page. */
let real: TestBot;
let big: TestBot;

beforeAll(async () => {
  [real, big] = await Promise.all([startTestBot({ warmCharts: true }), startTestBot({ kb: buildKnowledgeBase(scaleData(fixtureData(), 100)) })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([real?.close(), big?.close()]);
});

async function run(t: TestBot, payload: APIInteraction) {
  const handle = t.discord.dispatchInteraction(payload);
  const callback = await handle.waitForCallback();
  return { handle, type: callback.type, data: callback.data as ReplyData };
}

/** The interaction's reply as Discord would hand it to a later click. */
function messageOf(handle: { original(): ReturnType<TestBot['discord']['messagesIn']>[number] | undefined }): APIMessage {
  const stored = handle.original();
  if (stored === undefined) throw new Error('the interaction has no reply message');
  return toApiMessage(stored, []);
}

function asUser<T extends APIInteraction>(payload: T, id: string): T {
  const member = (payload as { member: { user: { id: string } } }).member;
  return { ...payload, member: { ...member, user: { ...member.user, id } } };
}

function menus(data: ReplyData): APIStringSelectComponent[] {
  return (data.components ?? []).flatMap((row) => row.components.filter((c): c is APIStringSelectComponent => c.type === 3));
}

function buttons(data: ReplyData): (APIButtonComponent & { custom_id: string })[] {
  return (data.components ?? []).flatMap((row) => row.components.filter((c): c is APIButtonComponent & { custom_id: string } => c.type === 2 && 'custom_id' in c));
}

function within(data: ReplyData): void {
  assertWithinDiscordLimits({ embeds: data.embeds ?? [], components: data.components ?? [], allowed_mentions: data.allowed_mentions, ...(data.content === undefined ? {} : { content: data.content }) } as MessagePayload);
}

describe('/retreats opens on an overview', () => {
  for (const [discordLocale, locale] of LOCALES) {
    it(`lists every retreat in one message, counted by kind and year, with menus opening each (${locale})`, async () => {
      const { type, data } = await run(real, real.discord.chatInput({ name: 'retreats', locale: discordLocale }));
      expect(type).toBe(4);
      expect(data.flags ?? 0).toBe(0);
      within(data);
      const expected = answerRetreatsOverview(real.kb, {}, locale, CONTROLS);
      expect(expected).toHaveLength(1);
      expect(data.embeds).toEqual(expected[0]!.embeds);
      const retreats = real.kb.events.filter((e) => e.category === 'retreat');
      const text = JSON.stringify(data.embeds);
      expect(text).toContain(locale === 'en' ? `${retreats.length} retreats` : `${retreats.length} retraits`);
      expect(text).toContain(locale === 'en' ? 'By kind' : 'Par type');
      expect(text).toContain(locale === 'en' ? 'By year' : 'Par année');
      for (const event of retreats) expect(text, event.id).toContain(event.title[locale].replace(/[()]/g, '\\\\$&'));
      // No URL in the overview: the sources are one pick away, in the card.
      expect(text).not.toMatch(/https?:\/\//);
      expect(menus(data).flatMap((menu) => menu.options.map((o) => o.value))).toEqual(retreats.map((e) => e.id));
      // One page: no pager, only the export button.
      expect(buttons(data).map((b) => ('label' in b ? b.label : undefined))).toEqual([locale === 'en' ? 'Export CSV' : 'Exporter en CSV']);
    });
  }

  it('keeps the filters: a company since a year lists only its events', async () => {
    const { data } = await run(real, real.discord.chatInput({ name: 'retreats', options: { company: 'microsoft', since: '2023' } }));
    const expected = answerRetreatsOverview(real.kb, { company: 'microsoft', since: '2023' }, 'en', CONTROLS);
    expect(data.embeds).toEqual(expected[0]!.embeds);
    expect(data.embeds![0]!.title).toMatch(/^\d+ retreats? · Microsoft · since 2023$/);
  });


  it('a date no custom id can carry gets the bad-period reply, not an internal error', async () => {
    const { data } = await run(real, real.discord.chatInput({ name: 'retreats', options: { since: '2023:05' } }));
    expect(data.flags).toBe(EPHEMERAL);
    expect(data.content).toMatch(/2023/);
    expect(data.content).not.toMatch(/went wrong|reference/i);
  });
});

describe('picking an event in the menu', () => {
  for (const [discordLocale, locale] of LOCALES) {
    it(`on a public answer, shows the picker its full card privately and leaves the list as it was (${locale})`, async () => {
      const asked = await run(real, real.discord.chatInput({ name: 'retreats', locale: discordLocale }));
      const message = messageOf(asked.handle);
      const menu = menus(asked.data)[0]!;
      const eventId = menu.options[4]!.value;
      const pick = await run(real, asUser(real.discord.select({ customId: menu.custom_id, values: [eventId], message, locale: discordLocale }), STRANGER));
      expect(pick.type).toBe(4);
      expect(pick.data.flags).toBe(EPHEMERAL);
      expect(pick.data.embeds).toEqual(answerEventCard(real.kb, eventId, locale)[0]!.embeds);
      const event = real.kb.events.find((e) => e.id === eventId)!;
      expect(JSON.stringify(pick.data.embeds)).toContain(event.summary[locale].slice(0, 40));
      within(pick.data);
      expect(asked.handle.original()!.bodies).toHaveLength(1);
    });
  }

  it('on a private answer, shows the card privately too', async () => {
    const asked = await run(real, real.discord.chatInput({ name: 'retreats', options: { private: true }, locale: 'fr' }));
    expect(asked.data.flags).toBe(EPHEMERAL);
    const menu = menus(asked.data)[0]!;
    const eventId = menu.options[0]!.value;
    const pick = await run(real, real.discord.select({ customId: menu.custom_id, values: [eventId], message: messageOf(asked.handle), locale: 'fr' }));
    expect(pick.type).toBe(4);
    expect(pick.data.flags).toBe(EPHEMERAL);
    expect(pick.data.embeds).toEqual(answerEventCard(real.kb, eventId, 'fr')[0]!.embeds);
  });

  it('an event no longer in the knowledge base gets a short private reply', async () => {
    const asked = await run(real, real.discord.chatInput({ name: 'retreats' }));
    const menu = menus(asked.data)[0]!;
    const pick = await run(real, real.discord.select({ customId: menu.custom_id, values: ['gone-event'], message: messageOf(asked.handle) }));
    expect(pick.data.flags).toBe(EPHEMERAL);
    expect(pick.data.content).toMatch(/no longer in the knowledge base/);
  });
});

describe('a paged answer belongs to its asker', () => {
  for (const [discordLocale, locale] of LOCALES) {
    it(`the asker turns the shared message; anyone else gets a private copy of the page they asked for (${locale})`, async () => {
      const pages = answerRetreatsOverview(big.kb, {}, locale, CONTROLS);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      const asked = await run(big, big.discord.chatInput({ name: 'retreats', locale: discordLocale }));
      expect(asked.data.flags ?? 0).toBe(0);
      within(asked.data);
      const shared = asked.handle.original()!;
      const next = buttons(asked.data).at(-1)!;

      // Someone else presses Next: the public message stays on page 1, they get page 2 for themselves.
      const stranger = await run(big, asUser(big.discord.button({ customId: next.custom_id, message: messageOf(asked.handle), locale: discordLocale }), STRANGER));
      expect(stranger.type).toBe(4);
      expect(stranger.data.flags).toBe(EPHEMERAL);
      expect(stranger.data.embeds).toEqual(pages[1]!.embeds.map((embed, i, all) => (i === all.length - 1 ? { ...embed, footer: stranger.data.embeds!.at(-1)!.footer } : embed)));
      expect(stranger.data.embeds!.at(-1)!.footer?.text).toMatch(/2 \/ /);
      within(stranger.data);
      expect(shared.bodies).toHaveLength(1);
      // Their copy's buttons are theirs: Next on it turns their copy.
      const strangerNext = buttons(stranger.data).at(-1)!;
      expect(strangerNext.custom_id).toContain(STRANGER);
      const own = await run(big, asUser(big.discord.button({ customId: strangerNext.custom_id, message: messageOf(stranger.handle), locale: discordLocale }), STRANGER));
      expect(own.type).toBe(7);
      expect(own.data.embeds!.at(-1)!.footer?.text).toMatch(/3 \/ /);

      // The asker turns the shared message itself.
      const owner = await run(big, big.discord.button({ customId: next.custom_id, message: messageOf(asked.handle), locale: discordLocale }));
      expect(owner.type).toBe(7);
      expect(owner.data.embeds![0]!.description).toBe(pages[1]!.embeds[0]!.description);
      expect(shared.bodies).toHaveLength(2);
    });
  }

  it('on a private answer, a click by anyone else is refused politely', async () => {
    const asked = await run(big, big.discord.chatInput({ name: 'retreats', options: { private: true } }));
    const next = buttons(asked.data).at(-1)!;
    const stranger = await run(big, asUser(big.discord.button({ customId: next.custom_id, message: messageOf(asked.handle) }), STRANGER));
    expect(stranger.type).toBe(4);
    expect(stranger.data.flags).toBe(EPHEMERAL);
    expect(stranger.data.content).toMatch(/Only the person who asked/);
  });
});

describe('Export CSV', () => {
  /** The files the bot attached to its callback for this interaction. */
  function attached(t: TestBot, interactionId: string) {
    const request = t.discord.requestsTo('POST /interactions/:interactionId/:token/callback').find((r) => r.path.includes(`/interactions/${interactionId}/`));
    return request?.files ?? [];
  }

  for (const [discordLocale, locale] of LOCALES) {
    it(`attaches the filtered list as a CSV file, privately, in the clicker's language (${locale})`, async () => {
      const asked = await run(real, real.discord.chatInput({ name: 'retreats', options: { company: 'microsoft' }, locale: discordLocale }));
      const exportButton = buttons(asked.data).find((b) => b.custom_id.includes(':csv:'))!;
      const click = await run(real, asUser(real.discord.button({ customId: exportButton.custom_id, message: messageOf(asked.handle), locale: discordLocale }), STRANGER));
      expect(click.type).toBe(4);
      expect(click.data.flags).toBe(EPHEMERAL);
      const files = attached(real, click.handle.id);
      expect(files.map((f) => f.name)).toEqual([locale === 'en' ? 'retreats.csv' : 'retraits.csv']);
      const bytes = files[0]!.data;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      const rows = text.split('\r\n').filter((row) => row !== '');
      const events = real.kb.events.filter((e) => e.category === 'retreat' && (e.actor === 'microsoft' || real.kb.companies.get(e.actor)?.parent === 'microsoft' || (e.companies ?? []).includes('microsoft')));
      expect(rows[0]).toBe(locale === 'en'
        ? 'date,company,kinds,title,place,people,stated reason,reported reason,sources'
        : 'date,entreprise,types,titre,lieu,personnes,raison avancée,raison rapportée,sources');
      expect(rows.length - 1).toBeGreaterThanOrEqual(events.length);
      expect(click.data.content).toContain(String(rows.length - 1));
      for (const event of events) {
        const row = rows.find((r) => r.startsWith(`${event.date},`) && r.includes(event.title[locale]));
        expect(row, event.id).toBeDefined();
        const url = real.kb.sources.get(event.sources[0]!)?.url;
        if (url !== undefined) expect(row).toContain(url);
      }
      expect(text).not.toMatch(/Tesla|Apple/);
      expect(asked.handle.original()!.bodies).toHaveLength(1);
    });
  }
});

describe('/balance opens on the thesis and a scorecard', () => {
  for (const [discordLocale, locale] of LOCALES) {
    it(`leads with the thesis and one line per dimension with its telling figure, and a menu opening each dimension privately (${locale})`, async () => {
      const asked = await run(real, real.discord.chatInput({ name: 'balance', locale: discordLocale }));
      expect(asked.type).toBe(4);
      within(asked.data);
      const expected = withChart(answerBalance(real.kb, locale), await balanceChart(real.kb, locale));
      expect(asked.data.embeds).toEqual(expected[0]!.embeds.map((embed, i, all) => (i === all.length - 1 && expected.length > 1 ? { ...embed, footer: asked.data.embeds!.at(-1)!.footer } : embed)));
      const lead = asked.data.embeds![0]!.description!;
      expect(lead.indexOf(real.kb.balance.thesis[locale].slice(0, 30))).toBeGreaterThan(0);
      expect(lead.indexOf(real.kb.balance.thesis[locale].slice(0, 30))).toBeLessThan(lead.indexOf(real.kb.dimensions[0]!.name[locale]));
      for (const dimension of real.kb.dimensions) expect(lead).toContain(dimension.name[locale]);
      // The telling figure of investment: private AI investment, not the newest (Alibaba's plan).
      expect(lead).toContain(locale === 'en' ? '$109.1 billion' : '109,1 milliards');
      expect(lead).not.toContain('380');

      const menu = menus(asked.data)[0]!;
      expect(menu.options.map((o) => o.value)).toEqual(real.kb.dimensions.map((d) => d.id));
      const pick = await run(real, asUser(real.discord.select({ customId: menu.custom_id, values: ['compute'], message: messageOf(asked.handle), locale: discordLocale }), STRANGER));
      expect(pick.type).toBe(4);
      expect(pick.data.flags).toBe(EPHEMERAL);
      within(pick.data);
      const dimensionPages = withChart(answerDimension(real.kb, 'compute', locale), await dimensionChart(real.kb, real.kb.dimensionsById.get('compute')!, locale));
      expect(pick.data.embeds![0]).toEqual(dimensionPages[0]!.embeds[0]);
      expect(asked.handle.original()!.bodies).toHaveLength(1);
      // The copy is the picker's: its pages turn for them.
      const next = buttons(pick.data).at(-1)!;
      expect(next.custom_id).toMatch(new RegExp(`^dimension:1:compute:${STRANGER}$`));
      const turned = await run(real, asUser(real.discord.button({ customId: next.custom_id, message: messageOf(pick.handle), locale: discordLocale }), STRANGER));
      expect(turned.type).toBe(7);
      expect(turned.data.embeds![0]!.description).toBe(dimensionPages[1]!.embeds[0]!.description);
    });
  }
});

describe('/company opens on its events and their why', () => {
  for (const [discordLocale, locale] of LOCALES) {
    it(`shows AWS's lab closure with its stated and reported reasons before the profile (${locale})`, async () => {
      const { data } = await run(real, real.discord.chatInput({ name: 'company', options: { name: 'aws' }, locale: discordLocale }));
      within(data);
      const [first, second] = data.embeds!;
      expect(first!.title).toBe(locale === 'en' ? '🇺🇸 Amazon Web Services · Events (2)' : '🇺🇸 Amazon Web Services · Événements (2)');
      expect(first!.description).toContain(locale === 'en' ? '_Stated reason (' : '_Raison avancée (');
      expect(first!.description).toContain(locale === 'en' ? '_Reported reason (' : '_Raison rapportée (');
      expect(second!.title).toBe(locale === 'en' ? 'Profile · Amazon Web Services' : 'Profil · Amazon Web Services');
    });
  }
});
