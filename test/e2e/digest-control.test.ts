import type { APIInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { trackedFeeds } from '../../src/digest/collect/tracked-feeds.ts';
import { getGuildSettings } from '../../src/digest/guilds.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { silentLogger } from '../../src/log.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';
import { ADMIN, answer, asAnotherUser, liveFeed, messageText, movableClock, newsItem, slash, withLocalFeeds, withResolvedChannel } from './digest-support.ts';

/**
 * Shaping the digest as an admin does it, through the real bot against the Discord double and default feeds served
 * locally: muting a default feed, filters, the alert role, the item cap and frequency, a preview before setup.
 */

const scratch = useScratch('dw-e2e-control-');
let server: FeedServer;
let realKb: KnowledgeBase;
let worlds = 0;

beforeAll(async () => {
  server = await startFeedServer();
  realKb = await loadRealKb();
});

afterAll(async () => {
  await server?.close();
  await closeParsePool();
});

const ROLE = '400000000000000001';

/** A bot on a new store whose two default feeds are served here (stopped after the case). */
async function world() {
  worlds += 1;
  const wire = liveFeed(server, `/control-wire-${worlds}.xml`, [newsItem('IBM closes its China research lab as decoupling deepens')]);
  const noisy = liveFeed(server, `/control-noisy-${worlds}.xml`, [newsItem('Huawei unveils a phone as US export controls bite')]);
  const kb = withLocalFeeds(realKb, [{ label: 'Local wire', url: wire.url }, { label: 'Noisy wire', url: noisy.url }]);
  const clock = movableClock();
  const t = await startTestBot({ kb, digest: { storePath: scratch.file(`control-${worlds}.sqlite`), now: clock.now } });
  scratch.defer(() => t.close());
  return { t, kb, wire, noisy, clock, settings: () => getGuildSettings(t.store!, t.discord.guildId) };
}

type Options = Record<string, string | number | boolean>;

/** A slash command with options of any type, by an admin unless told otherwise. */
function command(t: TestBot, name: string, subcommand: string, options: Options, input: { locale?: 'en-US' | 'fr'; permissions?: string } = {}) {
  return t.discord.chatInput({ name, subcommand, options, locale: input.locale ?? 'en-US', permissions: input.permissions ?? ADMIN });
}

/** `/digest setup` in the double's channel, with options of any type. */
function setupPayload(t: TestBot, options: Options, input: { locale?: 'en-US' | 'fr' } = {}) {
  return withResolvedChannel(command(t, 'digest', 'setup', { channel: t.discord.channelId, ...options }, input), t);
}

/** The autocomplete choices offered for `/feeds <subcommand> feed:` while `value` is typed. */
async function feedChoices(t: TestBot, subcommand: string, value = ''): Promise<string[]> {
  const handle = t.discord.dispatchInteraction(t.discord.autocomplete({ name: 'feeds', subcommand, focused: 'feed', value }));
  const callback = await handle.waitForCallback({ timeoutMs: 8000 });
  expect(callback.type).toBe(8);
  const { choices } = callback.data as { choices?: { name: string; value: string }[] };
  return (choices ?? []).map((choice) => `${choice.name}=${choice.value}`);
}

/** `/digest alert role:` with the role resolved, as Discord sends it. */
function alertPayload(t: TestBot, roleId: string | undefined, mentionable = true): ReturnType<typeof slash> {
  const payload = slash(t, 'digest', 'alert', roleId === undefined ? {} : { role: roleId });
  if (roleId === undefined) return payload;
  const role = { id: roleId, name: 'China desk', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, position: 1, permissions: '0', managed: false, mentionable, flags: 0 };
  return { ...payload, data: { ...payload.data, resolved: { roles: { [roleId]: role } } } };
}

/** Every page of a reply: the deferred reply's edit, then the follow-ups, once `count` pages are there. */
async function pagesOf(t: TestBot, payload: APIInteraction, count: number): Promise<string[]> {
  const first = await answer(t, payload, 15_000);
  await t.discord.waitFor(() => (first.handle.record.followUps.length >= count - 1 ? true : undefined), { timeoutMs: 8000, what: `${count} pages` });
  return [first.text, ...first.handle.record.followUps.map(messageText)];
}

describe('/feeds mute and unmute', () => {
  it('a muted default feed is not fetched for the server; /feeds list shows it muted; unmute brings it back', async () => {
    const { t, wire, noisy, settings } = await world();
    expect((await answer(t, setupPayload(t, { language: 'en' }))).text).toContain('✅');
    expect(await feedChoices(t, 'mute')).toEqual(['Local wire=local-1', 'Noisy wire=local-2']);
    expect(await feedChoices(t, 'mute', 'NOIS')).toEqual(['Noisy wire=local-2']);
    expect(await feedChoices(t, 'unmute')).toEqual([]);

    const muted = await answer(t, slash(t, 'feeds', 'mute', { feed: 'local-2' }));
    expect(muted.ephemeral).toBe(true);
    expect(muted.text).toBe('🔇 “Noisy wire” is muted: it is no longer fetched for this server nor shown in its digest. /feeds unmute brings it back.');
    expect((await settings())?.mutedFeeds).toEqual(['local-2']);
    expect((await answer(t, slash(t, 'feeds', 'mute', { feed: 'noisy WIRE' }))).text).toBe('“Noisy wire” was already muted.');
    expect(await feedChoices(t, 'mute')).toEqual(['Local wire=local-1']);
    expect(await feedChoices(t, 'unmute')).toEqual(['Noisy wire=local-2']);

    await answer(t, slash(t, 'digest', 'now'), 20_000);
    expect(wire.fetches()).toBe(1);
    expect(noisy.fetches()).toBe(0);

    const list = await answer(t, slash(t, 'feeds', 'list', {}, { locale: 'fr' }));
    expect(list.text).toMatch(/Flux par défaut \(1\)\n✅ \[Local wire\]/);
    expect(list.text).toMatch(/Flux par défaut en sourdine \(1\)\n🔇 \[Noisy wire\]\(.*\) — en sourdine — \/flux rétablir le rétablit/);
    // Its address cannot come back as a feed of the server's own either.
    expect((await answer(t, slash(t, 'feeds', 'add', { url: noisy.url }))).text).toBe('This is the default feed “Noisy wire”, muted on this server: /feeds unmute brings it back.');

    const unmuted = await answer(t, slash(t, 'feeds', 'unmute', { feed: 'local-2' }, { locale: 'fr' }));
    expect(unmuted.text).toBe('✅ «\u00a0Noisy wire\u00a0» est de nouveau suivi dès le prochain résumé.');
    expect((await answer(t, slash(t, 'feeds', 'unmute', { feed: 'local-2' }))).text).toBe('No default feed is muted on this server.');
    await answer(t, slash(t, 'digest', 'now'), 20_000);
    expect(noisy.fetches()).toBe(1);
  });

  it('refuses a feed that is not a default one, listing them, and mutes before setup', async () => {
    const { t, noisy, settings } = await world();
    const unknown = await answer(t, slash(t, 'feeds', 'mute', { feed: 'Reuters' }));
    expect(unknown.text).toBe('No default feed matches “Reuters” (your own feeds are removed with /feeds remove). Default feeds: “Local wire”, “Noisy wire”.');
    expect(await settings()).toBeUndefined();
    expect((await answer(t, slash(t, 'feeds', 'mute', { feed: noisy.url }))).text).toContain('🔇 “Noisy wire” is muted');
    expect(await settings()).toMatchObject({ enabled: false, mutedFeeds: ['local-2'] });
    expect((await answer(t, slash(t, 'feeds', 'mute', { feed: 'local-2' }, { permissions: '0' }))).text).toContain('Manage Server');
  });
});

describe('/digest filter and /digest alert', () => {
  it('sets, shows and clears the filters; refuses bad words in the user’s language and keeps what was stored', async () => {
    const { t, settings } = await world();
    expect((await answer(t, slash(t, 'digest', 'filter'))).text).toContain('Digest filters: none (every relevant item)');
    const set = await answer(t, slash(t, 'digest', 'filter', { include: 'Huawei, export controls, huawei', exclude: ' sports ,, ' }));
    expect(set.text).toBe('✅ Digest filters: only items with “Huawei”, “export controls” · none with “sports”');
    expect((await settings())?.filters).toEqual({ include: ['Huawei', 'export controls'], exclude: ['sports'] });

    const bad = await answer(t, slash(t, 'digest', 'filter', { exclude: 'HUAWEI' }, { locale: 'fr' }));
    expect(bad.ephemeral).toBe(true);
    expect(bad.text).toBe('«\u00a0Huawei\u00a0» ne peut pas être à la fois inclus et exclu.');
    const empty = await answer(t, slash(t, 'digest', 'filter', { include: ' , ' }));
    expect(empty.text).toContain('Give the words to include');
    expect((await settings())?.filters).toEqual({ include: ['Huawei', 'export controls'], exclude: ['sports'] });

    const shown = await answer(t, slash(t, 'digest', 'filter', {}, { locale: 'fr' }));
    expect(shown.text).toContain('Filtres du résumé\u00a0: seulement les actualités avec «\u00a0Huawei\u00a0», «\u00a0export controls\u00a0» · aucune avec «\u00a0sports\u00a0»');
    const cleared = await answer(t, command(t, 'digest', 'filter', { clear: true }));
    expect(cleared.text).toBe('✅ Digest filters: none (every relevant item)');
    expect((await settings())?.filters).toEqual({ include: [], exclude: [] });
  });

  it('/feeds test judges a feed with the server’s filters and says which word kept an item out', async () => {
    const { t, noisy } = await world();
    await answer(t, slash(t, 'digest', 'filter', { exclude: 'huawei' }));
    const tested = await pagesOf(t, slash(t, 'feeds', 'test', { url: noisy.url }), 1);
    expect(tested.join('\n')).toMatch(/kept out by this server.s filters \(excluded word .huawei.\)/);
    await answer(t, command(t, 'digest', 'filter', { clear: true }));
    const unfiltered = await pagesOf(t, slash(t, 'feeds', 'test', { url: noisy.url }), 1);
    expect(unfiltered.join('\n')).not.toMatch(/kept out by this server/);
  });

  it('sets the alert role (shown as a mention that pings nobody), refuses @everyone, and turns it off', async () => {
    const { t, settings } = await world();
    const set = await answer(t, alertPayload(t, ROLE));
    expect(set.text).toBe(`✅ <@&${ROLE}> will be pinged in the digest message that holds possible new retreats (and nobody else, ever).`);
    expect(set.message.pings).toEqual({ users: [], roles: [], everyone: false });
    expect((await settings())?.alertRoleId).toBe(ROLE);
    const everyone = await answer(t, alertPayload(t, t.discord.guildId));
    expect(everyone.text).toBe('The alert pings one role you choose, never @everyone: pick another role.');
    expect((await settings())?.alertRoleId).toBe(ROLE);
    // The bot may not mention every role here: a role nobody may mention would not be pinged, and the admin is told.
    const quiet = await answer(t, alertPayload(t, ROLE, false));
    expect(quiet.text).toContain('⚠️ This role is not mentionable and I lack the “Mention @everyone, @here and All Roles” permission');
    expect(set.text).not.toContain('⚠️');
    const off = await answer(t, alertPayload(t, undefined));
    expect(off.text).toBe(`The alert is off: <@&${ROLE}> will no longer be pinged.`);
    expect(off.message.pings).toEqual({ users: [], roles: [], everyone: false });
    expect((await settings())?.alertRoleId).toBeUndefined();
  });

  it('concurrent /digest setup, filter, alert and /feeds mute by several admins on a new server all land', async () => {
    const { t, settings } = await world();
    const replies = await Promise.all([
      answer(t, asAnotherUser(setupPayload(t, { time: '07:30', timezone: 'Europe/Paris', language: 'fr', items: 12, frequency: 'weekly', day: 1 })), 15_000),
      answer(t, asAnotherUser(slash(t, 'digest', 'filter', { include: 'Huawei, TSMC' })), 15_000),
      answer(t, asAnotherUser(slash(t, 'digest', 'filter', { exclude: 'sports' })), 15_000),
      answer(t, asAnotherUser(alertPayload(t, ROLE)), 15_000),
      answer(t, asAnotherUser(slash(t, 'feeds', 'mute', { feed: 'local-2' })), 15_000),
    ]);
    for (const reply of replies) expect(reply.text).toMatch(/^(✅|🔇)/);
    expect(await settings()).toMatchObject({
      channelId: t.discord.channelId, enabled: true, cron: '30 7 * * 1', timeZone: 'Europe/Paris', frequency: 'weekly', weekday: 1, maxItems: 12,
      filters: { include: ['Huawei', 'TSMC'], exclude: ['sports'] }, alertRoleId: ROLE, mutedFeeds: ['local-2'],
    });
  });
});

describe('/digest setup items, frequency and day; /digest status', () => {
  it('stores a weekly schedule on its day, refuses weekly with no day, and status shows every setting without pinging', async () => {
    const { t, settings } = await world();
    const noDay = await answer(t, setupPayload(t, { frequency: 'weekly' }));
    expect(noDay.text).toBe('A weekly digest needs a day: add day: (e.g. frequency:weekly day:Monday).');
    expect(await settings()).toBeUndefined();

    const weekly = await answer(t, setupPayload(t, { time: '07:30', timezone: 'Europe/Paris', language: 'en', items: 12, frequency: 'weekly', day: 1 }));
    expect(weekly.text).toContain(`✅ The digest will be posted in <#${t.discord.channelId}> every Monday at 07:30 (Europe/Paris), in English. At most 12 item(s) per digest. Next: <t:`);
    const next = Number(/<t:(\d+):F>/.exec(weekly.text)?.[1]) * 1000;
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(next))).toBe('Monday 07:30');
    expect(await settings()).toMatchObject({ cron: '30 7 * * 1', frequency: 'weekly', weekday: 1, maxItems: 12 });
    // Only the time changes: still weekly on Monday.
    await answer(t, setupPayload(t, { time: '9h', language: 'en' }));
    expect(await settings()).toMatchObject({ cron: '0 9 * * 1', frequency: 'weekly', weekday: 1 });

    await answer(t, slash(t, 'digest', 'filter', { include: 'Huawei', exclude: 'sports' }));
    await answer(t, alertPayload(t, ROLE));
    await answer(t, slash(t, 'feeds', 'mute', { feed: 'local-2' }));
    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.ephemeral).toBe(true);
    expect(status.text).toContain('Schedule: every Monday at 09:00 (Europe/Paris)');
    expect(status.text).toContain('Frequency: weekly, on Mondays');
    expect(status.text).toContain('Items per digest: at most 12 item(s)');
    expect(status.text).toContain('Filters: only items with “Huawei” · none with “sports”');
    expect(status.text).toContain(`Alert role: <@&${ROLE}> (pinged for possible new retreats)`);
    expect(status.text).toMatch(/🔇 \[Noisy wire\]/);
    expect(status.message.allowedMentions).toEqual({ parse: [] });
    expect(status.message.pings).toEqual({ users: [], roles: [], everyone: false });

    // Back to daily: the day goes, the time stays.
    const daily = await answer(t, setupPayload(t, { frequency: 'daily', day: 3, language: 'fr' }, { locale: 'fr' }));
    expect(daily.text).toContain('tous les jours à 09:00 (Europe/Paris), en français. (jour: sert aux résumés hebdomadaires : ignoré.)');
    const stored = await settings();
    expect(stored).toMatchObject({ cron: '0 9 * * *', frequency: 'daily' });
    expect(stored?.weekday).toBeUndefined();
    const french = await answer(t, slash(t, 'digest', 'status', {}, { locale: 'fr' }));
    expect(french.text).toContain('Fréquence\u00a0: quotidien');
    expect(french.text).toContain('Actualités par résumé\u00a0: au plus 12 actualité(s)');
  });
});

describe('/digest preview before setup', () => {
  it('answers on a server with no settings: the default feeds’ recent news, and what setup would change; stores nothing', async () => {
    const { t, kb, wire, clock, settings } = await world();
    const nothing = await pagesOf(t, slash(t, 'digest', 'preview'), 2);
    expect(nothing[0]).toContain('👀 **Preview before setup.** The digest is not set up on this server: this is what it would post now from 2 default feed(s), with filters: none (every relevant item), covering the last 24 hours of collected news.');
    expect(nothing[0]).toContain('/digest setup channel:… would post it in that channel every day at 08:00 (UTC)');
    // The digest as it would look with nothing in it.
    expect(nothing[1]).toContain('📰 News digest');

    // Another server's runs collected the shared default feeds: a first read seeds them, news then comes.
    const collect = () => collectFeeds({ kb, store: t.store!, now: clock.now, log: silentLogger }, trackedFeeds(kb, { feeds: [] }), { allowPrivate: true });
    await collect();
    const title = 'Alibaba closes its Hangzhou cloud lab as US-China chip curbs bite';
    wire.add(newsItem(title));
    clock.advance(11 * MINUTE);
    await collect();

    const pages = await pagesOf(t, slash(t, 'digest', 'preview', {}, { locale: 'fr' }), 2);
    expect(pages[0]).toContain('👀 **Aperçu avant configuration.** Le résumé n’est pas configuré sur ce serveur');
    expect(pages[1]).toContain(title);
    expect(nothing[1]).not.toContain(title);
    expect(await settings()).toBeUndefined();
    expect(t.discord.messagesIn()).toEqual([]);

    // Settings made before setup (a muted feed, a filter) are what the preview uses; it still says setup is to come.
    await answer(t, slash(t, 'feeds', 'mute', { feed: 'local-2' }));
    await answer(t, slash(t, 'digest', 'filter', { exclude: 'Hangzhou' }));
    const shaped = await pagesOf(t, slash(t, 'digest', 'preview'), 2);
    expect(shaped[0]).toContain('this is what it would post now from 1 default feed(s), with filters: none with “Hangzhou”, covering the last 24 hours');
    expect(await settings()).toMatchObject({ enabled: false, mutedFeeds: ['local-2'] });
    expect((await settings())?.channelId).toBeUndefined();
  });
});
