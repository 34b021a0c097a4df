import type { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { joinParts, type EncodedBody } from './body.ts';

/**
 * Decompressing a body read as it came (gzip, deflate with or without the zlib wrapper, brotli), at most `maxBytes`
 * out. It runs where the feed is parsed, in the parse worker: one synchronous call there costs a tenth of what a
 * decompression stream per response cost the main thread. A body that inflates past the cap (a long feed, a bomb)
 * stops at the cap and keeps its start: feeds list newest first, so the start of a long feed is its useful part.
 */

// Like browsers, accept a compressed stream that stops without its trailer rather than failing the whole feed.
const ZLIB_OPTIONS: zlib.ZlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize: 128 * 1024 };
const BROTLI_OPTIONS: zlib.BrotliOptions = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, chunkSize: 128 * 1024 };

/** A zlib header (RFC 1950): compression method 8, window ≤ 32 KB, and the two bytes a multiple of 31. */
function looksLikeZlib(head: Buffer): boolean {
  const cmf = head[0];
  const flg = head[1];
  if (cmf === undefined || flg === undefined) return false;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (cmf * 256 + flg) % 31 === 0;
}

type Compressed = Exclude<EncodedBody['coding'], 'identity'>;

/** The whole decompressed body in one call; throws ERR_BUFFER_TOO_LARGE as soon as it passes `maxBytes`. */
function inflateAtOnce(coding: Compressed, input: Buffer, maxBytes: number): Buffer {
  const zlibOptions = { ...ZLIB_OPTIONS, maxOutputLength: maxBytes };
  if (coding === 'gzip') return zlib.gunzipSync(input, zlibOptions);
  if (coding === 'br') return zlib.brotliDecompressSync(input, { ...BROTLI_OPTIONS, maxOutputLength: maxBytes });
  return looksLikeZlib(input) ? zlib.inflateSync(input, zlibOptions) : zlib.inflateRawSync(input, zlibOptions);
}

function decoderFor(coding: Compressed, input: Buffer): Transform {
  if (coding === 'gzip') return zlib.createGunzip(ZLIB_OPTIONS);
  if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_OPTIONS);
  return looksLikeZlib(input) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
}

/** The first `maxBytes` decompressed bytes of a body known to inflate past them: the decoder is stopped there. */
function inflateStart(coding: Compressed, input: Buffer, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const decoder = decoderFor(coding, input);
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      decoder.destroy();
      resolve(Buffer.concat(chunks, total));
    };
    decoder.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = maxBytes - total;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      total += Math.min(chunk.length, room);
      if (total >= maxBytes) finish();
    });
    decoder.once('end', finish);
    decoder.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    decoder.end(input);
  });
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/** A body decompressed (`truncated`: only its start), or why it could not be. */
export type Inflated = { ok: true; bytes: Buffer; truncated: boolean } | { ok: false; reason: string };

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The body decompressed, at most `maxBytes`; `truncated` when it went on past them, or was already cut on the wire. */
export async function inflateBody(body: EncodedBody, maxBytes: number): Promise<Inflated> {
  const input = joinParts(body.parts, body.length);
  if (body.coding === 'identity') return { ok: true, bytes: input, truncated: body.truncated };
  if (body.coding === 'deflate' && input.length === 1) return { ok: false, reason: 'deflate body too short' };
  if (input.length === 0) return { ok: true, bytes: input, truncated: body.truncated };
  try {
    return { ok: true, bytes: inflateAtOnce(body.coding, input, maxBytes), truncated: body.truncated };
  } catch (error) {
    if (!isTooLarge(error)) return { ok: false, reason: reasonOf(error) };
  }
  try {
    return { ok: true, bytes: await inflateStart(body.coding, input, maxBytes), truncated: true };
  } catch (error) {
    return { ok: false, reason: reasonOf(error) };
  }
}
