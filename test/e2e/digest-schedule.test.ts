import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFeeds } from '../../src/digest/collect/collect.ts';
import { getGuildSettings, saveGuildSettings } from '../../src/digest/guilds.ts';
import { trackedFeeds } from '../../src/digest/collect/tracked-feeds.ts';
import type { GuildSettings } from '../../src/digest/state.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import type { KnowledgeBase } from '../../src/kb/types.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/index.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import {
  answer, digestMessages, expectTokenNeverLeaked, expectWellFormedDigests, liveFeed, logEntries, markerOf, movableClock,
  newsItem, occurrences, slash, until, withLocalFeeds,
} from './digest-support.ts';
import { useScratch } from '../support/scratch.ts';
import { MINUTE, HOUR, DAY } from '../support/time.ts';

/** The digest on its own: the scheduler posting at its time, catch-up of a digest missed while the bot was down. */

const scratch = useScratch('dw-e2e-schedule-');
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

/** Entries of the service's "digest run" log line (one per run, with its outcome) logged after entry `from`. */
const runsLogged = (t: TestBot, from: number) =>
  logEntries(t).slice(from).filter((entry) => entry['message'] === 'digest run' && entry['outcome'] !== undefined);
const runsStarted = (t: TestBot, from: number) => logEntries(t).slice(from).filter((entry) => entry['message'] === 'digest run started');

/** A bot whose digest runs every second in the default channel, on a new store and a feed of its own (stopped after the case). */
async function scheduledWorld() {
  worlds += 1;
  const clock = movableClock();
  const feedPath = `/scheduled-${worlds}.xml`;
  const feed = liveFeed(server, feedPath, [newsItem('Baidu opens an AI lab in Beijing amid chip curbs')]);
  const t = await startTestBot({
    kb: withLocalFeeds(realKb, [{ label: 'Scheduled wire', url: feed.url }]),
    digest: { storePath: scratch.file(`scheduled-${worlds}.sqlite`), env: { DIGEST_CRON: '* * * * * *', DIGEST_TZ: 'UTC' }, defaultChannel: true, now: clock.now },
  });
  scratch.defer(() => t.close());
  return { clock, feed, feedPath, t };
}

const TITLE = 'Nvidia halts H20 shipments to China under new export controls';

/** The first scheduled run seeds the feed; news then comes and a later run posts it on its own: that message. */
async function arrangeScheduledPost({ clock, feed, t }: Awaited<ReturnType<typeof scheduledWorld>>) {
  // Later runs do not fetch the feed again within 10 minutes.
  await until(() => feed.fetches() === 1, 'the seeding fetch');
  feed.add(newsItem(TITLE), newsItem('Local bakery wins a regional pastry award'));
  clock.advance(11 * MINUTE);
  return t.discord.waitForMessage((message) => message.content.includes(TITLE) || message.embeds.some((embed) => embed.description?.includes(TITLE)), { timeoutMs: 5000 });
}

describe('a scheduled digest (DIGEST_CHANNEL_ID, DIGEST_CRON every second)', () => {
  it('gets the default schedule for the default channel and posts a digest on its own, once', async () => {
    const w = await scheduledWorld();
    const { t, feed } = w;
    expect(await getGuildSettings(t.store!, t.discord.guildId)).toMatchObject({
      channelId: t.discord.channelId, cron: '* * * * * *', timeZone: 'UTC', locale: 'en', enabled: true, feeds: [],
    });

    const posted = await arrangeScheduledPost(w);
    expect(posted.interaction).toBeNull();
    expect(markerOf(posted)).toMatchObject({ index: 1, total: 1 });
    expect(occurrences([posted], 'bakery')).toBe(0);
    expect(occurrences([posted], 'Baidu opens')).toBe(0);

    // The following runs find nothing new and post nothing.
    const from = t.logs.length;
    await until(() => runsLogged(t, from).some((entry) => entry['outcome'] === 'nothing-new' && entry['reason'] === 'scheduled'), 'a later scheduled run', 3000);
    expect(t.discord.messagesIn()).toHaveLength(1);
    expect(occurrences(t.discord.messagesIn(), TITLE)).toBe(1);
    expectWellFormedDigests(digestMessages(t));
    expect(feed.fetches()).toBe(2);
  });

  it('/digest off: status shows it off and the scheduler no longer fires', async () => {
    const { t, feedPath, clock, feed } = await scheduledWorld();
    await until(() => feed.fetches() === 1, 'the first scheduled run');
    const off = await answer(t, slash(t, 'digest', 'off'));
    expect(off.ephemeral).toBe(true);
    expect(off.text).toBe('The digest is off. /digest setup turns it back on.');
    expect(await getGuildSettings(t.store!, t.discord.guildId)).toMatchObject({ enabled: false });
    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.text).toContain('Schedule: * * * * * * (UTC) — off');
    expect(status.text).toContain('Next digest: —');

    // Let a run that had already started finish, then give the scheduler two seconds to fire, with news waiting.
    await until(() => runsStarted(t, 0).length === runsLogged(t, 0).length, 'the run under way to finish', 10_000);
    const from = t.logs.length;
    const messages = t.discord.messagesIn().length;
    const fetches = server.requestsTo(feedPath).length;
    liveFeed(server, feedPath, [newsItem('Microsoft closes its Suzhou lab as US-China tensions rise')]);
    clock.advance(11 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(runsStarted(t, from)).toEqual([]);
    expect(runsLogged(t, from)).toEqual([]);
    expect(server.requestsTo(feedPath)).toHaveLength(fetches);
    expect(t.discord.messagesIn()).toHaveLength(messages);
  });

  it('after a scheduled post, the bot token is in no log line nor any message the double received', async () => {
    const w = await scheduledWorld();
    await arrangeScheduledPost(w);
    expectTokenNeverLeaked(w.t);
  });
});

describe('catch-up at start', () => {
  it('posts, once, a daily digest missed while the bot was down; a restart does not post it again', async () => {
    const title = 'Microsoft shuts its Shanghai AI lab amid US-China tensions';
    const feed = liveFeed(server, '/catch-up.xml', [newsItem('IBM closes its China research lab as decoupling deepens')]);
    const kb = withLocalFeeds(realKb, [{ label: 'Catch-up wire', url: feed.url }]);
    const storePath = scratch.file('catch-up.sqlite');
    const now = Date.now();
    const slot = new Date(now - HOUR);
    const cron = `${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`;

    const t = await startTestBot({
      kb,
      digest: { storePath },
      // While the bot was down: set up two days ago, last run two days ago, the feed seeded two hours ago; then news.
      async beforeStart(discord) {
        const store = await openStore(`sqlite://${storePath}`);
        const settings: GuildSettings = {
          guildId: discord.guildId, channelId: discord.channelId, cron, timeZone: 'UTC', locale: 'en', enabled: true, feeds: [],
          since: new Date(now - 3 * DAY).toISOString(), lastRunAt: new Date(now - 2 * DAY).toISOString(),
        };
        await saveGuildSettings(store, settings);
        await collectFeeds({ kb, store, now: () => new Date(now - 2 * HOUR), log: silentLogger }, trackedFeeds(kb, settings), { allowPrivate: true });
        await store.close();
        feed.add(newsItem(title));
      },
    });
    scratch.defer(() => t.close());
    expect(feed.fetches()).toBe(2);

    const posted = await t.discord.waitForMessage((message) => occurrences([message], title) === 1, { timeoutMs: 3000 });
    expect(markerOf(posted)).toMatchObject({ index: 1, total: 1 });
    expect(occurrences([posted], 'IBM closes')).toBe(0);
    const catchUps = () => logEntries(t).filter((entry) => entry['message'] === 'digest catch-up');
    expect(catchUps()).toHaveLength(1);
    expect(catchUps()[0]?.['scheduledFor']).toBe(new Date(Math.floor(slot.getTime() / MINUTE) * MINUTE).toISOString());
    const lastRunAt = (await getGuildSettings(t.store!, t.discord.guildId))?.lastRunAt ?? '';
    expect(Date.parse(lastRunAt)).toBeGreaterThan(slot.getTime());

    await t.restart();
    expect(catchUps()).toHaveLength(1);
    expect(t.discord.messagesIn()).toHaveLength(1);
    expect(occurrences(t.discord.messagesIn(), title)).toBe(1);
    expect(feed.fetches()).toBe(2);
    expectWellFormedDigests(digestMessages(t));
    expectTokenNeverLeaked(t);
  });
});
