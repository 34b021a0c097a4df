import type { KnowledgeBase } from '../../kb/types.ts';
import type { MessagePayload } from '../../render/payload.ts';
import type { DigestLimits } from '../compose/compose.ts';
import type { DeliveryDeps, DeliveryResult } from '../deliver/deliver.ts';
import type { DeliveryError } from '../deliver/errors.ts';
import type { FeedNotice } from '../deliver/feed-notices.ts';

/** What a digest run works with. */
export interface RunDeps extends DeliveryDeps {
  readonly kb: KnowledgeBase;
  /** DIGEST_MAX_MESSAGES and DIGEST_MAX_ITEMS_PER_FEED (default DEFAULT_DIGEST_LIMITS); a `maxItems` here overrides every server's cap. */
  readonly limits?: DigestLimits;
}

/** How a run was started and what it may do. */
export interface RunOptions {
  /** Why the run happens ("schedule", "command", "catch-up"…), for the log. */
  readonly reason: string;
  /** Post a short "nothing new" digest when there is no item (default: post nothing). */
  readonly postWhenEmpty?: boolean;
  /** Preview: compose and return the payloads; nothing is saved or posted. */
  readonly dryRun?: boolean;
}

/**
 * - delivered: a digest (or an interrupted one) went out in full;
 * - nothing-new: no item, nothing posted;
 * - failed: delivery stopped, what was not sent waits in the outbox (see `error`);
 * - not-configured: the server has no settings or no digest channel;
 * - preview: `payloads` is what a run would post now.
 */
export type RunOutcome = 'delivered' | 'nothing-new' | 'failed' | 'not-configured' | 'preview';

/** What one server's run did. Counts include the interrupted digest the run finished first, if any. */
export interface GuildRunResult {
  readonly guildId: string;
  readonly outcome: RunOutcome;
  readonly ok: boolean;
  /** Items Discord accepted during this run. */
  readonly delivered: number;
  /** Messages Discord accepted during this run. */
  readonly sent: number;
  /** Messages still waiting in the outbox. */
  readonly pending: number;
  /** Items the new digest shows (or, in preview, would show). */
  readonly items: number;
  /** Items the new digest left out: carried to the next digest, summarised, turned away by the pool (counted). */
  readonly notShown?: { readonly carried: number; readonly summarized: number; readonly turnedAway: number };
  /** Items the server's filters kept out of the new digest (neither shown, counted nor carried). */
  readonly filtered?: number;
  /** The delivery of a digest left by an earlier run, when there was one. */
  readonly resumed?: DeliveryResult;
  readonly error?: DeliveryError;
  /** Preview only. */
  readonly payloads?: MessagePayload[];
  readonly feedNotices: readonly FeedNotice[];
}
