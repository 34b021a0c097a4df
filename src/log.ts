/** Levels in increasing severity. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

/** A structured logger: one JSON line per entry on stderr. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Strings that must never reach the log (the bot token): each is replaced by "[redacted]". */
  secrets?: readonly string[];
  write?: (line: string) => void;
}

function describeError(error: Error): LogFields {
  // Node's errors say what kind they are in `code` (ERR_WORKER_OUT_OF_MEMORY, ECONNRESET): an operator greps for it.
  const { code } = error as { code?: unknown };
  return { name: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message, stack: error.stack };
}

const errorsDescribed = (_key: string, value: unknown): unknown => (value instanceof Error ? describeError(value) : value);

/** `fields` as the log line will hold them (errors described), as plain data another thread can receive. */
export function plainFields(fields: LogFields): LogFields {
  return JSON.parse(JSON.stringify(fields, errorsDescribed)) as LogFields;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? 'info');
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 8);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const redact = (line: string) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), line);

  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const entry = { time: new Date().toISOString(), level, message, ...fields };
    const line = JSON.stringify(entry, errorsDescribed);
    write(redact(line));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything (tests, the CLI's quiet paths). */
export const silentLogger: Logger = createLogger({ write: () => {} });
