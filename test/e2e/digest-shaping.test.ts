import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { trackedFeeds } from '../../src/digest/collect/tracked-feeds.ts';
import { getGuildSettings, updateGuildSettings } from '../../src/digest/guilds.ts';
import type { GuildSettings } from '../../src/digest/state.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { silentLogger } from '../../src/log.ts';
import type { StoredMessage } from '../double/index.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE } from '../support/time.ts';
import {
  answer, digestMessages, digestNowIn, expectWellFormedDigests, messageText, newsItem, occurrences, relevantBatch,
  slash, startDigestWorld, type DigestWorld,
} from './digest-support.ts';

/**
 * What a server shapes in its digest, through the real bot, a local feed and a SQLite store: possible new retreats
 * first, include/exclude filters (and /digest preview saying what they removed), the alert role, the item cap.
 * The settings are written in the store directly, as /digest filter, alert and setup items: would write them.
 */

const RETREAT = 'Microsoft closes its Shanghai AI lab amid US-China tensions';
const HUAWEI = 'Huawei unveils new chips despite US export controls on China';
const NVIDIA = 'Nvidia export controls tighten on H100 sales to China';
const ROLE = '223456789012345678';

const scratch = useScratch('dw-e2e-control-');
let realKb: KnowledgeBase;
let worlds = 0;

beforeAll(async () => {
  realKb = await loadRealKb();
});

afterAll(async () => {
  await closeParsePool();
});

/** A local default feed, seeded by a first run (what it held then is never posted); the digest set up in English. */
async function seededWorld(): Promise<DigestWorld> {
  worlds += 1;
  const world = await startDigestWorld(realKb, scratch, `store-${worlds}`, [newsItem('IBM closes its China research lab as decoupling deepens')]);
  expect((await digestNow(world)).text).toBe('Nothing new to post: every relevant item was already delivered.');
  return world;
}

type World = DigestWorld;
const digestNow = (world: Pick<World, 't' | 'clock'>) => digestNowIn(world);

/** Sets settings fields in the store, as the /digest commands would. */
async function configure({ t }: World, change: Partial<GuildSettings>): Promise<void> {
  expect(await updateGuildSettings(t.store!, t.discord.guildId, (current) => ({ ...current, ...change }))).toBeDefined();
}

/** The digest messages posted since `before` of them were there. */
function newDigest(t: World['t'], before: number): StoredMessage[] {
  return digestMessages(t).slice(before);
}

describe('retreats first and filters', () => {
  it('puts possible new retreats first, in their own section; an excluded word keeps an item out, and /digest preview says which', async () => {
    const w = await seededWorld();
    const { t, wire, kb, clock } = w;
    await configure(w, { filters: { include: [], exclude: ['huawei', 'smartphone'] } });
    wire.add(newsItem(NVIDIA), newsItem(HUAWEI), newsItem(RETREAT));
    clock.advance(11 * MINUTE);
    const settings = await getGuildSettings(t.store!, t.discord.guildId);
    await collectFeeds({ kb, store: t.store!, now: clock.now, log: silentLogger }, trackedFeeds(kb, settings!), { allowPrivate: true });

    const preview = await answer(t, slash(t, 'digest', 'preview'));
    expect(preview.ephemeral).toBe(true);
    expect(preview.text).toContain(RETREAT);
    expect(preview.text).toContain(NVIDIA);
    expect(preview.text).not.toContain(HUAWEI);
    const note = await t.discord.waitFor(
      () => preview.handle.record.followUps.find((message) => messageText(message).includes('Kept out by this server’s filters')),
      { timeoutMs: 8000, what: 'the preview’s filter note' },
    );
    expect(messageText(note)).toContain('1 item would be in this digest without the filters (/digest filter):');
    expect(messageText(note)).toMatch(/🚫 \*\*Huawei unveils new chips.*\*\* — excluded word “huawei”/);
    expect(t.discord.messagesIn()).toHaveLength(0);

    const run = await answer(t, slash(t, 'digest', 'now'), 15_000);
    expect(run.text).toBe(`Digest posted in <#${t.discord.channelId}>: 2 item(s) in 1 message(s).`);
    const [digest] = digestMessages(t);
    expectWellFormedDigests([digest!]);
    const [header, retreats, ...others] = digest!.embeds;
    expect(header?.description).toContain('**2 items** · ⚠️ 1 possible new retreat');
    expect(retreats?.title).toBe('⚠️ Possible new retreats');
    expect(retreats?.description).toContain(RETREAT);
    expect(messageText({ content: '', embeds: others })).toContain(NVIDIA);
    expect(messageText({ content: '', embeds: others })).not.toContain(RETREAT);
    // Filtered out: not shown, not counted, not carried.
    expect(occurrences(t.discord.messagesIn(), HUAWEI)).toBe(0);
    expect(messageText(digest!)).not.toContain('Not in this digest');
    expect((await digestNow(w)).text).toBe('Nothing new to post: every relevant item was already delivered.');
    expect(occurrences(t.discord.messagesIn(), HUAWEI)).toBe(0);
  });

  it('an include keeps only the items that match it (case and accents ignored)', async () => {
    const w = await seededWorld();
    const { t, wire } = w;
    await configure(w, { filters: { include: ['NVÏDIA', 'smartphone'], exclude: [] } });
    wire.add(newsItem(NVIDIA), newsItem(HUAWEI), newsItem(RETREAT));
    const run = await digestNow(w);
    expect(run.text).toBe(`Digest posted in <#${t.discord.channelId}>: 1 item(s) in 1 message(s).`);
    const posted = digestMessages(t);
    expect(occurrences(posted, NVIDIA)).toBe(1);
    expect(occurrences(posted, HUAWEI)).toBe(0);
    expect(occurrences(posted, RETREAT)).toBe(0);
  });
});

describe('the alert role', () => {
  it('pings the alert role, and only it, in the message holding possible new retreats; a digest without one pings nobody', async () => {
    const w = await seededWorld();
    const { t, wire } = w;
    await configure(w, { alertRoleId: ROLE, frequency: 'weekly', weekday: 1 });
    wire.add(newsItem(NVIDIA), newsItem(RETREAT));
    expect((await digestNow(w)).text).toBe(`Digest posted in <#${t.discord.channelId}>: 2 item(s) in 1 message(s).`);
    const [alert] = digestMessages(t);
    expect(alert?.content).toBe(`<@&${ROLE}> ⚠️ 1 possible new retreat in this digest`);
    expect(alert?.allowedMentions).toEqual({ parse: [], roles: [ROLE] });
    expect(alert?.pings).toEqual({ users: [], roles: [ROLE], everyone: false });
    // A weekly digest says so.
    expect(alert?.embeds[0]?.title).toMatch(/^📰 Weekly news digest — /);
    expect(alert?.embeds[0]?.description).toContain('**2 items this week**');

    const before = digestMessages(t).length;
    wire.add(newsItem(HUAWEI));
    expect((await digestNow(w)).text).toBe(`Digest posted in <#${t.discord.channelId}>: 1 item(s) in 1 message(s).`);
    const calm = newDigest(t, before);
    expect(calm).toHaveLength(1);
    expectWellFormedDigests(calm);
    expect(calm[0]?.content ?? '').toBe('');
  });
});

describe('the item cap', () => {
  it('shows at most the server’s items, counts the rest and carries the best of it to the next digest', async () => {
    const w = await seededWorld();
    const { t, wire, kb } = w;
    await configure(w, { maxItems: 3 });
    const batch = relevantBatch(kb, 'm', 7);
    wire.add(...batch.items);
    expect((await digestNow(w)).text).toMatch(new RegExp(`^Digest posted in <#${t.discord.channelId}>: 3 item\\(s\\) in \\d message\\(s\\)\\.$`));
    const first = digestMessages(t);
    expectWellFormedDigests(first);
    const shownFirst = batch.tokens.filter((token) => occurrences(first, token) > 0);
    expect(shownFirst).toHaveLength(3);
    const trailer = first.at(-1)?.embeds.at(-1);
    expect(trailer?.title).toBe('Not in this digest');
    expect(trailer?.description).toBe('+4 more from Local wire\n_The best 3 come in the next digest; the others are only counted here._');

    // Nothing new came in: the next digest is the three carried items, and the fourth is never posted.
    expect((await digestNow(w)).text).toMatch(new RegExp(`^Digest posted in <#${t.discord.channelId}>: 3 item\\(s\\) in \\d message\\(s\\)\\.$`));
    const second = newDigest(t, first.length);
    expectWellFormedDigests(second);
    const shownSecond = batch.tokens.filter((token) => occurrences(second, token) > 0);
    expect(shownSecond).toHaveLength(3);
    expect(shownSecond.filter((token) => shownFirst.includes(token))).toEqual([]);
    expect(messageText(second.at(-1)!)).not.toContain('Not in this digest');
    expect((await digestNow(w)).text).toBe('Nothing new to post: every relevant item was already delivered.');
    for (const token of batch.tokens) expect(occurrences(digestMessages(t), token)).toBeLessThanOrEqual(1);
  });
});
