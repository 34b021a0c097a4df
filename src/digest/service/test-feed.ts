import { UserError } from '../../errors.ts';
import { feedTest, type FeedTestResult } from '../collect/feed-test.ts';
import { checkFeedUrl } from '../collect/feed-input.ts';
import { getGuildSettings } from '../guilds.ts';
import { FEED_TESTS_PER_MINUTE, type ServiceContext } from './context.ts';

/** Fetches a feed now and judges every item as this server's digest would (its filters too), rate-limited per user. */
export async function testFeed(ctx: ServiceContext, url: string, userId: string, guildId: string): Promise<FeedTestResult> {
  const checked = checkFeedUrl(url);
  const wait = await ctx.limiters.tests.take(userId);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new UserError({
      en: `You can test ${FEED_TESTS_PER_MINUTE} feeds a minute. Try again in ${seconds} s.`,
      fr: `Vous pouvez tester ${FEED_TESTS_PER_MINUTE} flux par minute. Réessayez dans ${seconds} s.`,
    });
  }
  const filters = (await getGuildSettings(ctx.store, guildId))?.filters;
  return feedTest(ctx.kb, checked, { ...ctx.fetchOptions, ...(filters === undefined ? {} : { filters }) });
}
