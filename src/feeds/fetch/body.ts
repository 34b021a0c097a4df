import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { decodeFailure, failure } from './errors.ts';

/**
 * Reading a response body as it comes, still compressed: the bytes are decompressed where they are parsed (see
 * inflate.ts), in the parse worker, not on the main thread. A byte cap holds on the wire: at the cap, reading stops
 * and what was read so far is kept (feeds list newest first, so the start of a long feed is its useful part).
 */

/** How the body is compressed (Content-Encoding). */
export type ContentCoding = 'identity' | 'gzip' | 'deflate' | 'br';

/**
 * A compressed body may carry this many times the cap on the wire. The cap itself applies to what comes out of the
 * decompressor (inflate.ts); the wire cap stops a stream that gives little or nothing (empty blocks), and its margin
 * lets a body that barely compresses still fill the cap.
 */
export const WIRE_ALLOWANCE = 2;

function contentCoding(header: string | undefined): ContentCoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  if (value === 'br') return 'br';
  throw failure(decodeFailure(`unsupported Content-Encoding "${header ?? ''}"`));
}

/**
 * A body read up to the cap, in parts that each own their memory (transferable to a worker thread): the bytes are
 * copied into them as they arrive, so no step copies a 20 MB body at once on the main thread. `truncated` when more
 * was coming (the rest was never read).
 */
export interface ReadBody {
  readonly parts: Buffer[];
  readonly length: number;
  readonly truncated: boolean;
}

/** The first part's size; each next one doubles, up to PART_MAX_BYTES (pages are only resident once written). */
const PART_MIN_BYTES = 64 * 1024;
const PART_MAX_BYTES = 1024 * 1024;

/** Gathers chunks into parts of their own memory. */
function createParts() {
  const parts: Buffer[] = [];
  let current: Buffer | undefined;
  let used = 0;
  let length = 0;
  return {
    push(chunk: Buffer) {
      let offset = 0;
      while (offset < chunk.length) {
        if (current === undefined || used === current.length) {
          if (current !== undefined) parts.push(current);
          current = Buffer.allocUnsafeSlow(Math.min(PART_MAX_BYTES, Math.max(PART_MIN_BYTES, length)));
          used = 0;
        }
        const copied = chunk.copy(current, used, offset);
        used += copied;
        offset += copied;
        length += copied;
      }
    },
    done(): { parts: Buffer[]; length: number } {
      return { parts: current === undefined ? parts : [...parts, current.subarray(0, used)], length };
    },
  };
}

/** The parts as one Buffer. */
export function joinParts(parts: readonly Uint8Array[], length: number): Buffer {
  if (parts.length === 1 && parts[0] !== undefined) return Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].byteLength);
  return Buffer.concat(parts, length);
}

/** A body as it came over the wire: still compressed when `coding` says so. */
export interface EncodedBody extends ReadBody {
  readonly coding: ContentCoding;
}

/** Thrown by `collect` to stop reading at the cap; never leaves `readBody`. */
class CapReached extends Error {
  override readonly name = 'CapReached';
}

/**
 * Reads the body of `response` as it comes (not decompressed), up to `maxBytes`, or WIRE_ALLOWANCE times that when
 * it is compressed. When more is coming, reading stops there: the bytes read come back with `truncated`, and the
 * response is destroyed. Throws a FetchFailure 'decode' for a Content-Encoding it cannot decompress (before reading);
 * stream errors (connection cut, body shorter than announced) are rethrown as they are.
 */
export async function readBody(response: IncomingMessage, maxBytes: number): Promise<EncodedBody> {
  const coding = contentCoding(response.headers['content-encoding']);
  const cap = coding === 'identity' ? maxBytes : WIRE_ALLOWANCE * maxBytes;
  const parts = createParts();
  let total = 0;
  let capped = false;
  try {
    await pipeline(response, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        if (total + chunk.length > cap) {
          parts.push(chunk.subarray(0, cap - total));
          total = cap;
          capped = true;
          throw new CapReached(`more than ${cap} bytes`);
        }
        total += chunk.length;
        parts.push(chunk);
      }
    });
  } catch (error) {
    if (!capped) throw error;
  }
  return { ...parts.done(), truncated: capped, coding };
}
