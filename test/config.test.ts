import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, requireClientId, requireToken } from '../src/config.ts';
import { createLogger } from '../src/log.ts';

describe('configuration from the environment', () => {
  it('reads every variable, treating empty values as unset', () => {
    const config = parseConfig({
      DISCORD_TOKEN: 'abc.def.ghi', DISCORD_CLIENT_ID: '123456789012345678', DISCORD_GUILD_ID: '',
      DISCORD_API_BASE: 'http://127.0.0.1:9999/api', LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({ discordToken: 'abc.def.ghi', discordClientId: '123456789012345678', discordApiBase: 'http://127.0.0.1:9999/api', logLevel: 'debug', dataDir: 'data' });
    expect(config.discordGuildId).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.storeUrl).toBe('sqlite://var/state.sqlite');
    expect(config.digest).toEqual({ cron: '0 8 * * *', timeZone: 'UTC', channelId: undefined, limits: { maxMessages: 5, maxItemsPerFeed: 10 } });
    expect(config.feeds).toEqual({ allowPrivate: false, timeoutMs: 10_000, maxBytes: 20 * 1024 * 1024, concurrency: 4, perHostConcurrency: 1, maxPerGuild: 20 });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.storeTimeoutMs).toBe(3000);
  });

  it('reads the shutdown deadline, within bounds', () => {
    expect(parseConfig({ SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(() => parseConfig({ SHUTDOWN_TIMEOUT_MS: '10s' })).toThrow(/SHUTDOWN_TIMEOUT_MS: must be a whole number/);
    expect(() => parseConfig({ SHUTDOWN_TIMEOUT_MS: '50' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it('reads the digest and feed settings', () => {
    const config = parseConfig({
      STORE_URL: 'sqlite:///tmp/x.sqlite', DIGEST_CRON: '30 7 * * 1-5', DIGEST_TZ: 'europe/paris', DIGEST_CHANNEL_ID: '123456789012345678',
      STORE_TIMEOUT_MS: '1500', DIGEST_MAX_MESSAGES: '3', DIGEST_MAX_ITEMS_PER_FEED: '25', ALLOW_PRIVATE_FEEDS: 'true', FEED_TIMEOUT_MS: '5000',
      FEED_CONCURRENCY: '32', FEED_CONCURRENCY_PER_HOST: '2',
    });
    expect(config.storeUrl).toBe('sqlite:///tmp/x.sqlite');
    expect(config.storeTimeoutMs).toBe(1500);
    expect(config.digest).toEqual({ cron: '30 7 * * 1-5', timeZone: 'Europe/Paris', channelId: '123456789012345678', limits: { maxMessages: 3, maxItemsPerFeed: 25 } });
    expect(config.feeds.allowPrivate).toBe(true);
    expect(config.feeds.timeoutMs).toBe(5000);
    expect(config.feeds).toMatchObject({ concurrency: 32, perHostConcurrency: 2 });
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      parseConfig({
        DISCORD_CLIENT_ID: 'my-app', DISCORD_API_BASE: 'ftp://x', LOG_LEVEL: 'loud', STORE_URL: 'mysql://x', STORE_TIMEOUT_MS: '0', FEED_TIMEOUT_MS: '10s', MAX_FEEDS_PER_GUILD: '1000', FEED_CONCURRENCY: '0', FEED_CONCURRENCY_PER_HOST: 'two',
        DIGEST_CRON: '0 25 * * *', DIGEST_TZ: 'Mars/Olympus', DIGEST_MAX_MESSAGES: '1', DIGEST_MAX_ITEMS_PER_FEED: '5000',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DISCORD_CLIENT_ID: must be a Discord id/);
    expect(problems).toMatch(/DISCORD_API_BASE: must be an http\(s\) URL/);
    expect(problems).toMatch(/LOG_LEVEL/);
    expect(problems).toMatch(/STORE_URL: must start with sqlite:\/\/ or redis:\/\//);
    expect(problems).toMatch(/STORE_TIMEOUT_MS/);
    expect(problems).toMatch(/FEED_TIMEOUT_MS: must be a whole number/);
    expect(problems).toMatch(/MAX_FEEDS_PER_GUILD/);
    expect(problems).toMatch(/FEED_CONCURRENCY: .*expected number to be >=1/);
    expect(problems).toMatch(/FEED_CONCURRENCY_PER_HOST: must be a whole number/);
    expect(problems).toMatch(/DIGEST_CRON: /);
    expect(problems).toMatch(/DIGEST_TZ: .*Mars\/Olympus/);
    expect(problems).toMatch(/DIGEST_MAX_MESSAGES: .*2/);
    expect(problems).toMatch(/DIGEST_MAX_ITEMS_PER_FEED: .*100/);
  });

  it('says what to set, and where, when the token or the application id is missing', () => {
    const config = parseConfig({});
    expect(() => requireToken(config)).toThrow(/DISCORD_TOKEN is not set.*\.env/s);
    expect(() => requireClientId(config)).toThrow(/DISCORD_CLIENT_ID is not set/);
  });
});

describe('the logger', () => {
  it('never writes a secret, wherever it appears', () => {
    const lines: string[] = [];
    const token = 'MTIzNDU2Nzg5.secret.token-value';
    const log = createLogger({ secrets: [token], write: (line) => lines.push(line) });
    log.error(`login failed with ${token}`, { header: `Bot ${token}`, error: new Error(`bad ${token}`) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).toContain('[redacted]');
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    log.info('quiet');
    log.warn('loud', { n: 1 });
    expect(lines.map((l) => JSON.parse(l) as { message: string; level: string })).toMatchObject([{ message: 'loud', level: 'warn' }]);
  });
});
