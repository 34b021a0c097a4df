/** The store cannot be opened or a read or write failed. `location` is the file path or redacted URL. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly location: string;

  constructor(location: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.location = location;
  }
}

const NOT_A_DATABASE = ' is not a SQLite database (corrupt?)';
const LOCKED = ' is locked by another process';
const PERMISSION_DENIED = ': permission denied';
const DISK_FULL = ': the disk is full';

/** What follows the file name, by sqlite3 or Node error code. */
const FAILURES: Readonly<Record<string, string>> = {
  SQLITE_NOTADB: NOT_A_DATABASE,
  SQLITE_CORRUPT: NOT_A_DATABASE,
  SQLITE_BUSY: LOCKED,
  SQLITE_LOCKED: LOCKED,
  SQLITE_PERM: PERMISSION_DENIED,
  SQLITE_AUTH: PERMISSION_DENIED,
  EACCES: PERMISSION_DENIED,
  EPERM: PERMISSION_DENIED,
  SQLITE_READONLY: ': permission denied (the file or its directory is read-only)',
  SQLITE_CANTOPEN: ' cannot be opened (missing directory, no permission, or not a regular file)',
  SQLITE_FULL: DISK_FULL,
  ENOSPC: DISK_FULL,
  SQLITE_IOERR: ': input/output error',
};

/** "<file> is locked by another process" and the like, from a sqlite3 or Node fs error. */
export function describeFileFailure(file: string, error: unknown): string {
  const code = errorCode(error);
  const failure = code === undefined ? undefined : FAILURES[code];
  return `${file}${failure ?? `: ${error instanceof Error ? error.message : String(error)}`}`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
