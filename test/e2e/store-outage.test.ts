import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGuildSettings } from '../../src/digest/guilds.ts';
import { appendNews } from '../../src/digest/deliver/news.ts';
import { closeParsePool } from '../../src/feeds/parse/parse.ts';
import { startTestBot, type TestBot } from '../support/bot-harness.ts';
import { startFeedServer, type FeedServer } from '../support/feed-server.ts';
import { loadRealKb } from '../support/real-kb.ts';
import { hasRedis, startRedisServer, type RedisServer } from '../support/redis-server.ts';
import { answer, liveFeed, newsItem, setupPayload, slash, withLocalFeeds } from './digest-support.ts';

/**
 * The real bot on a real redis-server that freezes (SIGSTOP): it answers what it can in time, says what it cannot,
 * and a change it reported as failed is not applied when Redis resumes.
 */

const STORE_UNAVAILABLE = {
  en: '⚠️ The bot’s storage is not available right now, so this could not be done. Please try again in a few minutes.',
  fr: '⚠️ Le stockage du bot est indisponible pour le moment\u00a0: la commande n’a pas pu aboutir. Merci de réessayer dans quelques minutes.',
};
const NEWS_TITLE = 'Amazon trims its Shanghai cloud team amid export controls';

let redis: RedisServer;
let server: FeedServer;
let t: TestBot;

beforeAll(async () => {
  if (!hasRedis) return;
  redis = await startRedisServer();
  server = await startFeedServer();
  const wire = liveFeed(server, '/wire.xml', [newsItem('IBM closes its China research lab as decoupling deepens')]);
  const kb = withLocalFeeds(await loadRealKb(), [{ label: 'Local wire', url: wire.url }]);
  t = await startTestBot({ kb, digest: { storeUrl: redis.url, env: { STORE_TIMEOUT_MS: '1000' } } });
});

afterAll(async () => {
  await t?.close();
  await redis?.close();
  await server?.close();
  await closeParsePool();
});

const companyPayload = () => t.discord.chatInput({ name: 'company', options: { name: 'amazon' }, locale: 'en-US' });

describe.skipIf(!hasRedis)('Redis frozen under the running bot', () => {
  it('answers /company from the knowledge base in time, refuses /digest setup and now clearly, and applies nothing later', async () => {
    const guildId = t.discord.guildId;
    expect((await answer(t, setupPayload(t, { time: '08:00' }))).text).toContain('✅ The digest will be posted');
    await appendNews(t.store!, guildId, [
      { itemId: 'n1', title: NEWS_TITLE, link: 'https://news.example.com/amazon', feedLabel: 'Local wire', companies: ['amazon'], dimensions: [], deliveredAt: new Date().toISOString() },
    ]);
    const healthy = await answer(t, companyPayload());
    expect(healthy.text).toContain(NEWS_TITLE);

    redis.pause();
    try {
      // Answered directly (no deferral), so inside Discord's 3-second window, with the page and a note instead of the news.
      const company = await answer(t, companyPayload());
      expect(company.callbackType).toBe(4);
      expect(company.embeds[0]?.title).toBe(healthy.embeds[0]?.title);
      expect(company.embeds[0]?.description).toBe(healthy.embeds[0]?.description);
      expect(company.text).toContain('Latest news unavailable right now.');
      expect(company.text).not.toContain(NEWS_TITLE);

      const setup = await answer(t, setupPayload(t, { time: '09:30' }, { locale: 'fr' }), 15_000);
      expect(setup.callbackType).toBe(5);
      expect(setup.ephemeral).toBe(true);
      expect(setup.text).toBe(STORE_UNAVAILABLE.fr);

      const started = performance.now();
      const now = await answer(t, slash(t, 'digest', 'now'), 15_000);
      expect(now.ephemeral).toBe(true);
      expect(now.text).toBe(STORE_UNAVAILABLE.en);
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      redis.resume();
    }

    const settings = await untilReadable(() => getGuildSettings(t.store!, guildId));
    // The failed 09:30 setup never reached the store, not even once Redis resumed.
    expect(settings).toMatchObject({ cron: '0 8 * * *', channelId: t.discord.channelId, enabled: true });
    const status = await answer(t, slash(t, 'digest', 'status'));
    expect(status.text).toContain('Schedule: every day at 08:00 (UTC)');
    expect((await answer(t, companyPayload())).text).toContain(NEWS_TITLE);
  }, 60_000);
});

/** Retries `read` until the store answers again (it reconnects in the background). */
async function untilReadable<T>(read: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await read();
    } catch (error) {
      if (Date.now() > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
