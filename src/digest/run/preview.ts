import { composeEmptyDigest } from '../compose/compose.ts';
import { outboxItemIds, unsentMessages } from '../deliver/outbox.ts';
import { getGuildSettings } from '../guilds.ts';
import type { GuildSettings, Outbox } from '../state.ts';
import { composeFor, digestContext } from './compose-for.ts';
import { emptyResult, notConfigured, notShownOf } from './result.ts';
import type { GuildRunResult, RunDeps } from './types.ts';

/**
 * What a run would post now: nothing read is changed, the outbox and its items are left alone. `as` previews with
 * those settings instead of the stored ones (a server not set up yet: see the service's preview).
 */
export async function previewDigest(deps: RunDeps, guildId: string, now: Date, as?: GuildSettings): Promise<GuildRunResult> {
  const settings = as ?? await getGuildSettings(deps.store, guildId);
  if (settings === undefined) return notConfigured(guildId);
  const outbox = await deps.store.namespace<Outbox>('outbox').get(guildId);
  const ctx = digestContext(settings, now, outbox);
  const digest = await composeFor(deps, { ...settings, channelId: settings.channelId ?? '' }, ctx, now, outboxItemIds(outbox));
  const payloads = digest.messages.length === 0 ? [composeEmptyDigest(ctx)] : digest.messages.map((message) => message.payload);
  const pending = outbox === undefined ? 0 : unsentMessages(outbox).length;
  return { ...emptyResult(guildId, 'preview'), pending, items: digest.plan.shown.length, ...notShownOf(digest), payloads };
}
