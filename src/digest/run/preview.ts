import { composeEmptyDigest } from '../compose/compose.ts';
import { filteredNote } from '../compose/filter-note.ts';
import { noMentions } from '../../render/payload.ts';
import { outboxItemIds, unsentMessages } from '../deliver/outbox.ts';
import { getGuildSettings } from '../guilds.ts';
import type { GuildSettings, Outbox } from '../state.ts';
import { composeFor, digestContext } from './compose-for.ts';
import { emptyResult, filteredOf, notConfigured, notShownOf } from './result.ts';
import type { GuildRunResult, RunDeps } from './types.ts';

/**
 * What a run would post now, then (when the server's filters kept items out) which and why: nothing read is changed,
 * the outbox and its items are left alone. `as` previews with those settings instead of the stored ones (a server
 * not set up yet: see the service's preview).
 */
export async function previewDigest(deps: RunDeps, guildId: string, now: Date, as?: GuildSettings): Promise<GuildRunResult> {
  const settings = as ?? await getGuildSettings(deps.store, guildId);
  if (settings === undefined) return notConfigured(guildId);
  const outbox = await deps.store.namespace<Outbox>('outbox').get(guildId);
  const ctx = digestContext(settings, now, outbox);
  const digest = await composeFor(deps, { ...settings, channelId: settings.channelId ?? '' }, ctx, now, outboxItemIds(outbox));
  // The admin sees where the alert goes; an ephemeral preview pings no one.
  const payloads = digest.messages.length === 0 ? [composeEmptyDigest(ctx)] : digest.messages.map((message) => ({ ...message.payload, allowed_mentions: noMentions() }));
  const note = filteredNote(digest.filtered, ctx.locale);
  if (note !== undefined) payloads.push(note);
  const pending = outbox === undefined ? 0 : unsentMessages(outbox).length;
  return { ...emptyResult(guildId, 'preview'), pending, items: digest.plan.shown.length, ...notShownOf(digest), ...filteredOf(digest), payloads };
}
