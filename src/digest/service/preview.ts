import { previewDigest as previewRun } from '../run/preview.ts';
import { runGuildDigest } from '../run/run.ts';
import type { GuildRunResult } from '../run/types.ts';
import { getGuildSettings } from '../guilds.ts';
import type { GuildSettings } from '../state.ts';
import type { Locale } from '../../i18n/locale.ts';
import { blankSettings, type ServiceContext } from './context.ts';
import { runDeps } from './run-digest.ts';
import { mutedDefaults } from '../collect/tracked-feeds.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A preview, and when the server is not set up yet, the settings it was made with. */
export interface PreviewView {
  readonly result: GuildRunResult;
  /** Present when the digest is not set up (no settings, or no channel): what the preview assumed. */
  readonly beforeSetup?: BeforeSetup;
}

/** The settings a preview before setup was made with, and how many default feeds (not muted) it read. */
export interface BeforeSetup {
  readonly settings: GuildSettings;
  readonly defaultFeeds: number;
}

/**
 * What a run would post now, with nothing fetched, saved or posted. A server not set up yet (no settings, or settings
 * made by /feeds mute or /digest filter but no channel) is previewed as it would be set up: its settings or the
 * defaults (every default feed, no filter, the default schedule, `locale`), over the last period of its frequency, since a
 * server set up now would only get what comes after.
 */
export async function previewDigest(ctx: ServiceContext, guildId: string, locale: Locale): Promise<PreviewView> {
  const stored = await getGuildSettings(ctx.store, guildId);
  if (stored?.channelId !== undefined) return { result: await runGuildDigest(runDeps(ctx), guildId, { reason: 'preview', dryRun: true }) };
  const now = ctx.now();
  const base = stored ?? blankSettings(ctx, guildId, locale);
  const { lastRunAt: _last, lastRun: _run, ...rest } = base;
  const period = base.frequency === 'weekly' ? 7 * DAY_MS : DAY_MS;
  const settings: GuildSettings = { ...rest, since: new Date(now.getTime() - period).toISOString() };
  const defaultFeeds = ctx.kb.feeds.length - mutedDefaults(ctx.kb, settings).length;
  return { result: await previewRun(runDeps(ctx), guildId, now, settings), beforeSetup: { settings, defaultFeeds } };
}
