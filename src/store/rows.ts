import { mapInSlices } from '../async/slices.ts';
import type { Deadline } from './deadline.ts';

/** What a conditional write expects to find: any row, no row, or exactly this raw row. */
export type RowCondition = { readonly kind: 'any' } | { readonly kind: 'absent' } | { readonly kind: 'equals'; readonly raw: string };

export const ANY_ROW: RowCondition = { kind: 'any' };

/** A raw row holding an array of objects, split into the JSON text of each element (see `RowBackend.readArray`). */
export interface RawArray {
  readonly raw: string;
  readonly expires: unknown;
  readonly elements: readonly string[];
}

/** A row to write if its condition holds (absent, or equal to what was read). */
export interface ConditionalRow {
  readonly rowKey: string;
  readonly raw: string;
  readonly condition: Exclude<RowCondition, { kind: 'any' }>;
}

/**
 * A database of raw rows ("<namespace>:<key>" → serialised value), which `createKeyvStore` turns into the `Store`.
 * Every call settles close to its deadline. A write that rejects was not applied and will not be applied later.
 */
export interface RowBackend {
  /** The file path or redacted URL, for messages. */
  readonly location: string;
  /** The raw rows, in order, undefined where missing (expired rows included: the caller judges them). */
  read(rowKeys: readonly string[], deadline: Deadline): Promise<Array<string | undefined>>;
  /**
   * Writes `raw` (which the backend may expire after `ttlMs`) in one atomic step if `condition` holds;
   * resolves false, writing nothing, when it does not.
   */
  write(rowKey: string, raw: string, ttlMs: number | undefined, condition: RowCondition, deadline: Deadline): Promise<boolean>;
  /** Writes every row (which the backend may expire after `ttlMs`) in one atomic step, whatever was there. */
  writeMany(rows: readonly { readonly rowKey: string; readonly raw: string }[], ttlMs: number | undefined, deadline: Deadline): Promise<void>;
  /**
   * Writes each row whose condition holds, in one atomic step, and says which were written (in order). Optional:
   * without it, the rows are written one `write` each.
   */
  writeManyIf?(rows: readonly ConditionalRow[], ttlMs: number | undefined, deadline: Deadline): Promise<boolean[]>;
  /**
   * When the row holds an array of objects: the raw row (read in the same step, for a compare-and-set), its `expires`
   * and each element as JSON text of its own, in order; undefined when there is no such row (no row, another value).
   * Optional: lets a large array be parsed a slice at a time (see `Namespace.getInSlices`) instead of in one long
   * `JSON.parse`.
   */
  readArray?(rowKey: string, deadline: Deadline): Promise<RawArray | undefined>;
  /** Removes the row; true when one was there. */
  delete(rowKey: string, deadline: Deadline): Promise<boolean>;
  /** Deletes rows whose `expires` has passed, where the database does not do it itself; how many went. */
  purgeExpired(deadline: Deadline): Promise<number>;
  close(): Promise<void>;
  /** The cause of a failure of the database, e.g. "var/state.sqlite is locked by another process". */
  describeFailure(error: unknown): string;
}

/**
 * Keyv's row format, `{"value":…,"expires":<epoch ms>}` (no `expires`: never), so that keyv and its adapters read
 * what this store writes and the other way round.
 */
export function encodeRow(value: unknown, ttlMs: number | undefined): string {
  return JSON.stringify({ value, expires: ttlMs === undefined ? undefined : Date.now() + ttlMs });
}

/**
 * `encodeRow`, an array's elements encoded a slice at a time (the same text): a pool of thousands of items is not
 * one long `JSON.stringify`.
 */
export async function encodeRowInSlices(value: unknown, ttlMs: number | undefined): Promise<string> {
  if (!Array.isArray(value)) return encodeRow(value, ttlMs);
  // In an array, what JSON.stringify cannot write (undefined, a function) becomes null.
  const elements = await mapInSlices(value, (element: unknown) => JSON.stringify(element) ?? 'null');
  const expires = ttlMs === undefined ? '' : `,"expires":${JSON.stringify(Date.now() + ttlMs)}`;
  return `{"value":[${elements.join(',')}]${expires}}`;
}

/** The value of a raw row, or undefined when there is none or it has expired. Throws on a row that is not JSON. */
export function decodeRow<T>(raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  const row = JSON.parse(raw) as { value?: T; expires?: unknown } | null;
  if (row === null || typeof row !== 'object') return undefined;
  return isExpired(row.expires) ? undefined : row.value;
}

/** Whether a raw row has expired (false for rows that are not keyv's JSON: they are not this store's to purge). */
export function rowHasExpired(raw: string, now = Date.now()): boolean {
  try {
    const row = JSON.parse(raw) as { expires?: unknown } | null;
    return row !== null && typeof row === 'object' && isExpired(row.expires, now);
  } catch {
    return false;
  }
}

export function isExpired(expires: unknown, now = Date.now()): boolean {
  return typeof expires === 'number' && now > expires;
}
