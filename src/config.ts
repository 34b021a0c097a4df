import { z } from 'zod';
import { DEFAULT_DIGEST_LIMITS, DIGEST_LIMIT_BOUNDS, type DigestLimits } from './digest/compose/select.ts';
import { validateCron, validateTimeZone } from './digest/schedule/input.ts';
import { isUserError } from './errors.ts';
import { DEFAULT_FEED_CONCURRENCY, DEFAULT_HOST_CONCURRENCY, DEFAULT_MAX_BYTES } from './feeds/fetch/settings.ts';
import { LOG_LEVELS } from './log.ts';
import { DEFAULT_STORE_TIMEOUT_MS, DEFAULT_STORE_URL } from './store/index.ts';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const optionalSnowflake = optionalString.pipe(snowflake.optional());

/** A whole number within bounds, or the default when unset. */
function integer(min: number, max: number, fallback: number) {
  return optionalString
    .pipe(z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min).max(max)).optional())
    .transform((value) => value ?? fallback);
}

/** A zod check from a validator that throws a UserError: its English message becomes the issue. */
function checkedBy(validate: (value: string) => unknown) {
  return (value: string, ctx: z.RefinementCtx) => {
    try {
      validate(value);
    } catch (error) {
      if (!isUserError(error)) throw error;
      ctx.addIssue({ code: 'custom', message: error.userMessage.en });
    }
  };
}

/** The IANA spelling of a time zone ("europe/paris" → "Europe/Paris"), or an issue saying what is wrong. */
function canonicalTimeZone(value: string, ctx: z.RefinementCtx): string {
  try {
    return validateTimeZone(value);
  } catch (error) {
    if (!isUserError(error)) throw error;
    ctx.addIssue({ code: 'custom', message: error.userMessage.en });
    return z.NEVER;
  }
}

const envSchema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: optionalSnowflake,
  DISCORD_GUILD_ID: optionalSnowflake,
  DISCORD_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' }).optional()),
  LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).default('info')),
  DATA_DIR: optionalString.pipe(z.string().default('data')),
  STORE_URL: optionalString.pipe(z.string().regex(/^(sqlite|redis|rediss):\/\//, 'must start with sqlite:// or redis://').default(DEFAULT_STORE_URL)),
  STORE_TIMEOUT_MS: integer(100, 60_000, DEFAULT_STORE_TIMEOUT_MS),
  DIGEST_CRON: optionalString.pipe(z.string().default('0 8 * * *')).superRefine(checkedBy(validateCron)),
  DIGEST_TZ: optionalString.pipe(z.string().default('UTC')).transform(canonicalTimeZone),
  DIGEST_CHANNEL_ID: optionalSnowflake,
  DIGEST_MAX_MESSAGES: integer(DIGEST_LIMIT_BOUNDS.maxMessages.min, DIGEST_LIMIT_BOUNDS.maxMessages.max, DEFAULT_DIGEST_LIMITS.maxMessages),
  DIGEST_MAX_ITEMS_PER_FEED: integer(DIGEST_LIMIT_BOUNDS.maxItemsPerFeed.min, DIGEST_LIMIT_BOUNDS.maxItemsPerFeed.max, DEFAULT_DIGEST_LIMITS.maxItemsPerFeed),
  ALLOW_PRIVATE_FEEDS: optionalString.pipe(z.enum(['true', 'false'], { error: 'must be true or false' }).default('false')),
  FEED_TIMEOUT_MS: integer(1000, 60_000, 10_000),
  FEED_MAX_BYTES: integer(10_000, 50_000_000, DEFAULT_MAX_BYTES),
  FEED_CONCURRENCY: integer(1, 100, DEFAULT_FEED_CONCURRENCY),
  FEED_CONCURRENCY_PER_HOST: integer(1, 16, DEFAULT_HOST_CONCURRENCY),
  MAX_FEEDS_PER_GUILD: integer(0, 100, 20),
  SHUTDOWN_TIMEOUT_MS: integer(1000, 600_000, 10_000),
  SHARD_COUNT: optionalString.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,3})$/, 'must be a whole number from 1, or auto')
      .transform((value) => (value === 'auto' ? ('auto' as const) : Number(value)))
      .default(1),
  ),
  SHARD_IDS: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'must be shard numbers separated by commas, such as 0,1')
      .transform((list) => [...new Set(list.split(',').map((id) => Number(id.trim())))].sort((a, b) => a - b))
      .optional(),
  ),
});

/** The bot's configuration, parsed once from the environment. */
export type Config = Readonly<{
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiBase: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  storeUrl: string;
  /** How long one store call may take before it fails (STORE_TIMEOUT_MS). */
  storeTimeoutMs: number;
  digest: Readonly<{ cron: string; timeZone: string; channelId: string | undefined; limits: DigestLimits }>;
  /** `concurrency`, `perHostConcurrency`: feeds a run fetches at once, overall and from one host. */
  feeds: Readonly<{ allowPrivate: boolean; timeoutMs: number; maxBytes: number; concurrency: number; perHostConcurrency: number; maxPerGuild: number }>;
  /** How long a stop (SIGTERM, SIGINT) may take before the process exits with 1 anyway. */
  shutdownTimeoutMs: number;
  /** SHARD_COUNT and SHARD_IDS; src/shards.ts makes them concrete at start-up. */
  shards: ShardPlan;
}>;

/** The shards this process runs out of how many the bot has; `count` 'auto' is asked of Discord at start-up. */
export interface ShardPlan {
  readonly count: number | 'auto';
  /** Undefined: every shard. */
  readonly ids: readonly number[] | undefined;
}

/** Every bad variable at once, so one start-up tells the whole story. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = result.data;
  return Object.freeze({
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiBase: e.DISCORD_API_BASE,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    storeUrl: e.STORE_URL,
    storeTimeoutMs: e.STORE_TIMEOUT_MS,
    digest: Object.freeze({
      cron: e.DIGEST_CRON,
      timeZone: e.DIGEST_TZ,
      channelId: e.DIGEST_CHANNEL_ID,
      limits: Object.freeze({ maxMessages: e.DIGEST_MAX_MESSAGES, maxItemsPerFeed: e.DIGEST_MAX_ITEMS_PER_FEED }),
    }),
    feeds: Object.freeze({
      allowPrivate: e.ALLOW_PRIVATE_FEEDS === 'true',
      timeoutMs: e.FEED_TIMEOUT_MS,
      maxBytes: e.FEED_MAX_BYTES,
      concurrency: e.FEED_CONCURRENCY,
      perHostConcurrency: e.FEED_CONCURRENCY_PER_HOST,
      maxPerGuild: e.MAX_FEEDS_PER_GUILD,
    }),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    shards: Object.freeze({ count: e.SHARD_COUNT, ids: e.SHARD_IDS }),
  });
}

const SET_IT = 'Set it in the environment or in a .env file at the project root (copy .env.example to .env).';

/** The token, or a ConfigError saying what to set and where. */
export function requireToken(config: Config): string {
  if (config.discordToken === undefined) {
    throw new ConfigError([`DISCORD_TOKEN is not set: the bot needs its token (Discord Developer Portal → your application → Bot → Reset Token). ${SET_IT}`]);
  }
  return config.discordToken;
}

export function requireClientId(config: Config): string {
  if (config.discordClientId === undefined) {
    throw new ConfigError([`DISCORD_CLIENT_ID is not set: deploy needs the application id (Developer Portal → General Information → Application ID). ${SET_IT}`]);
  }
  return config.discordClientId;
}
