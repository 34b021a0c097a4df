import { z } from 'zod';
import { LOG_LEVELS } from './log.ts';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');
const optionalSnowflake = optionalString.pipe(snowflake.optional());

const envSchema = z.object({
  DISCORD_TOKEN: optionalString,
  DISCORD_CLIENT_ID: optionalSnowflake,
  DISCORD_GUILD_ID: optionalSnowflake,
  DISCORD_API_BASE: optionalString.pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8080/api' }).optional()),
  LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS).default('info')),
  DATA_DIR: optionalString.pipe(z.string().default('data')),
});

/** The bot's configuration, parsed once from the environment. */
export type Config = Readonly<{
  discordToken: string | undefined;
  discordClientId: string | undefined;
  discordGuildId: string | undefined;
  discordApiBase: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
}>;

/** Every bad variable at once, so one start-up tells the whole story. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
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
