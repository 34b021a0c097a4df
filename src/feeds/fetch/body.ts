import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { decodeFailure, failure } from './errors.ts';

/**
 * Reading a response body: decompression (gzip, deflate with or without the zlib wrapper, brotli) with a byte
 * cap on the wire and after decompression. At the cap, reading stops and what was read so far is kept: feeds list
 * newest first, so the start of a long feed is its useful part. Streams keep their backpressure and are torn down at
 * the cap, so a decompression bomb stops there without inflating the rest.
 */

type ContentCoding = 'identity' | 'gzip' | 'deflate' | 'br';

function contentCoding(header: string | undefined): ContentCoding {
  const value = (header ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  if (value === 'br') return 'br';
  throw failure(decodeFailure(`unsupported Content-Encoding "${header ?? ''}"`));
}

/** A zlib header (RFC 1950): compression method 8, window ≤ 32 KB, and the two bytes a multiple of 31. */
function looksLikeZlib(head: Buffer): boolean {
  const cmf = head[0];
  const flg = head[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}

/** Reads at least `size` bytes (or to the end) and puts them back, so the stream can then be piped whole. */
function peekBytes(stream: Readable, size: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
    };
    const finish = (ended: boolean) => {
      cleanup();
      const head = Buffer.concat(chunks, length);
      if (!ended && length > 0) stream.unshift(head);
      resolve({ head, ended });
    };
    const onReadable = () => {
      while (length < size) {
        const chunk = stream.read() as Buffer | null;
        if (chunk === null) return;
        chunks.push(chunk);
        length += chunk.length;
      }
      finish(false);
    };
    const onEnd = () => finish(true);
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('the connection closed early'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.once('close', onClose);
  });
}

// Like browsers, accept a compressed stream that stops without its trailer rather than failing the whole feed.
// Output in chunks of 128 KB rather than 16: a feed inflates in one or two steps, each a trip to libuv's pool.
const CHUNK_SIZE = 128 * 1024;
const ZLIB_OPTIONS: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: CHUNK_SIZE };
const BROTLI_OPTIONS: zlib.BrotliOptions = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, chunkSize: CHUNK_SIZE };

/**
 * The compressed stream may carry this many times the cap. The cap itself applies to what comes out of the
 * decompressor; the wire cap only stops a stream that gives little or nothing (empty blocks), and a margin keeps it
 * from winning a race with the decompressor's buffers on a body that barely compresses.
 */
const WIRE_ALLOWANCE = 2;

/** Thrown inside the pipeline to stop it at the cap; never leaves `readBody`. */
class CapReached extends Error {
  override readonly name = 'CapReached';
}

function byteLimit(maxBytes: number, capReached: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(capReached());
      else callback(null, chunk);
    },
  });
}

/** Errors a pipeline uses to tear a stream down, as opposed to the stream's own failure. */
function isTeardownError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return error.name === 'AbortError' || code === 'ABORT_ERR' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/**
 * Reads the body of `response`, decompressed, up to `maxBytes`. When more than `maxBytes` come out of the
 * decompressor (or more than twice that arrives compressed), reading stops there: the first `maxBytes` bytes (or
 * what the decompressor gave before the wire cap) come back with `truncated`, and the streams are destroyed. Throws a FetchFailure 'decode'
 * when the body cannot be decompressed; stream errors (connection cut, body shorter than announced) are rethrown as
 * they are.
 */
export async function readBody(response: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  const coding = contentCoding(response.headers['content-encoding']);
  const parts = createParts();
  let total = 0;
  // When one stage fails, the pipeline tears the others down with errors of its own (AbortError, premature
  // close); the first real cause is remembered here so that it is the one acted on.
  let cause: { source: 'cap' | 'decoder'; error: unknown } | undefined;
  const capReached = () => {
    const error = new CapReached(`more than ${maxBytes} bytes`);
    cause ??= { source: 'cap', error };
    return error;
  };
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      if (total + chunk.length > maxBytes) {
        parts.push(chunk.subarray(0, maxBytes - total));
        total = maxBytes;
        throw capReached();
      }
      total += chunk.length;
      parts.push(chunk);
    }
  };
  const read = (): ReadBody => ({ ...parts.done(), truncated: cause?.source === 'cap' });

  if (coding === 'identity') {
    try {
      await pipeline(response, collect);
    } catch (error) {
      if (cause?.source !== 'cap') throw error;
    }
    return read();
  }

  let decoder: Transform;
  if (coding === 'gzip') decoder = zlib.createGunzip(ZLIB_OPTIONS);
  else if (coding === 'br') decoder = zlib.createBrotliDecompress(BROTLI_OPTIONS);
  else {
    const { head, ended } = await peekBytes(response, 2);
    if (ended && head.length === 0) return { parts: [], length: 0, truncated: false };
    if (ended) throw failure(decodeFailure('deflate body too short'));
    decoder = looksLikeZlib(head) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
  }

  let bodyFailed = false;
  response.once('error', () => (bodyFailed = true));
  decoder.once('error', (error) => {
    if (!bodyFailed && !isTeardownError(error)) cause ??= { source: 'decoder', error };
  });
  try {
    await pipeline(response, byteLimit(WIRE_ALLOWANCE * maxBytes, capReached), decoder, collect);
  } catch (error) {
    if (cause?.source === 'decoder') throw failure(decodeFailure(messageOf(cause.error)));
    if (cause?.source !== 'cap') throw error;
  }
  return read();
}
