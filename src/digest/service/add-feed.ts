import { UserError } from '../../errors.ts';
import type { Locale } from '../../i18n/locale.ts';
import { checkFeedCanBeAdded, checkFeedUrl, cleanLabel } from '../collect/feed-input.ts';
import { judgeRead, type FeedTestResult } from '../collect/feed-test.ts';
import { readFeed } from '../collect/read-feed.ts';
import { seedFromRead } from '../collect/seed.ts';
import { changeGuildSettings, getGuildSettings } from '../guilds.ts';
import type { GuildFeed } from '../state.ts';
import { blankSettings, FEED_ADDS_PER_SERVER_PER_MINUTE, FEED_ADDS_PER_USER_PER_MINUTE, type ServiceContext } from './context.ts';

export interface AddFeedInput {
  readonly guildId: string;
  readonly url: string;
  readonly label?: string | undefined;
  readonly userId: string;
  readonly locale: Locale;
}

/**
 * Adds a server feed: the URL, the rate limits, then a read of the feed (it must really be a feed). That read seeds
 * the feed, so the next digest posts exactly what appears after the add; then the feed is stored in one atomic change
 * of the settings that checks the cap and duplicates again, against what is stored by then.
 */
export async function addFeed(ctx: ServiceContext, input: AddFeedInput): Promise<{ feed: GuildFeed; test: FeedTestResult }> {
  const { kb, store, log, now } = ctx;
  const max = ctx.config.feeds.maxPerGuild;
  const url = checkFeedUrl(input.url);
  const blank = () => blankSettings(ctx, input.guildId, input.locale);
  // Checked before the network too, so a hopeless add fails at once; the check that counts is in the write.
  checkFeedCanBeAdded(kb, (await getGuildSettings(store, input.guildId)) ?? blank(), url, max);
  await takeAddSlot(ctx, input.guildId, input.userId);
  const read = await readFeed(url, ctx.fetchOptions);
  if (read.kind !== 'parsed') {
    const message = read.kind === 'failed' ? read.failure.message : { en: 'The server answered “not modified” to a plain request.', fr: 'Le serveur a répondu « non modifié » à une requête simple.' };
    throw new UserError({ en: `This feed cannot be added: ${message.en}`, fr: `Ce flux ne peut pas être ajouté : ${message.fr}` });
  }
  const label = cleanLabel(input.label, url);
  await seedFromRead({ kb, store, now, log }, { url, label }, read);
  const feed: GuildFeed = { url, label, addedBy: input.userId, addedAt: now().toISOString() };
  await changeGuildSettings(store, input.guildId, blank, (current) => {
    checkFeedCanBeAdded(kb, current, url, max);
    return { ...current, feeds: [...current.feeds, feed] };
  });
  log.info('feed added', { guildId: input.guildId, url, items: read.items.length });
  return { feed, test: judgeRead(kb, read) };
}

async function takeAddSlot(ctx: ServiceContext, guildId: string, userId: string): Promise<void> {
  const wait = Math.max(await ctx.limiters.addsPerUser.take(userId), await ctx.limiters.addsPerServer.take(guildId));
  if (wait <= 0) return;
  const seconds = Math.ceil(wait / 1000);
  throw new UserError({
    en: `Feeds can be added ${FEED_ADDS_PER_USER_PER_MINUTE} a minute per person and ${FEED_ADDS_PER_SERVER_PER_MINUTE} per server. Try again in ${seconds} s.`,
    fr: `On peut ajouter ${FEED_ADDS_PER_USER_PER_MINUTE} flux par minute et par personne, et ${FEED_ADDS_PER_SERVER_PER_MINUTE} par serveur. Réessayez dans ${seconds} s.`,
  });
}
