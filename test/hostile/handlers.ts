import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import zlib from 'node:zlib';
import type { RouteHandler } from '../support/feed-server.ts';

/**
 * Hostile server behaviours that test/support/feed-server.ts does not have: a body that never ends, a feed
 * sent one byte at a time, deflate and brotli bombs.
 */

const RSS = { 'content-type': 'application/rss+xml; charset=utf-8' };

/** Writes `next()` again and again, with backpressure, until the client leaves. */
function writeForever(response: ServerResponse, next: () => Buffer): void {
  const pump = () => {
    while (!response.destroyed) {
      if (!response.write(next())) return void response.once('drain', pump);
    }
  };
  pump();
}

/** The title of the nth item (1-based) of `endlessBody`. */
export function endlessTitle(n: number): string {
  return `Again and again ${n}`;
}

/** A feed whose items never stop coming: headers, the start of a channel, then numbered items forever (no Content-Length). */
export function endlessBody(): RouteHandler {
  return (_request, response) => {
    let n = 0;
    const nextItems = () => {
      const items: string[] = [];
      for (let i = 0; i < 200; i++) {
        n += 1;
        items.push(`<item><title>${endlessTitle(n)}</title><link>https://endless.example.com/${n}</link></item>\n`);
      }
      return Buffer.from(items.join(''));
    };
    response.writeHead(200, RSS);
    response.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Endless</title>');
    writeForever(response, nextItems);
  };
}

/** Sends `body` one byte every `intervalMs` (with a Content-Length), as long as the client listens. */
export function oneBytePer(intervalMs: number, body: string, headers: OutgoingHttpHeaders = RSS): RouteHandler {
  const bytes = Buffer.from(body);
  return (_request, response) => {
    response.writeHead(200, { ...headers, 'content-length': bytes.length });
    let sent = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return;
      response.write(bytes.subarray(sent, sent + 1));
      sent += 1;
      if (sent >= bytes.length) {
        clearInterval(timer);
        response.end();
      }
    }, intervalMs);
    response.once('close', () => clearInterval(timer));
  };
}

/**
 * A zlib-wrapped deflate stream (Content-Encoding: deflate) of `decompressedSize` zeros that is never held in
 * memory: one 1 MB-of-zeros block, flushed so that copies of it chain, written again and again.
 */
export function deflateBomb(decompressedSize: number): RouteHandler {
  const blockSize = 1024 * 1024;
  const block = zlib.deflateRawSync(Buffer.alloc(blockSize), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  const zlibHeader = Buffer.from([0x78, 0x9c]);
  return (_request, response) => {
    response.writeHead(200, { ...RSS, 'content-encoding': 'deflate' });
    response.write(zlibHeader);
    let represented = 0;
    const pump = () => {
      while (!response.destroyed && represented < decompressedSize) {
        represented += blockSize;
        if (!response.write(block)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    pump();
  };
}

const brotliBombs = new Map<number, Promise<Buffer>>();

/** `size` zeros compressed with brotli (1 GB gives about 200 KB in about a tenth of a second), built once per size. */
export function brotliZeros(size: number): Promise<Buffer> {
  const built = brotliBombs.get(size);
  if (built) return built;
  const bomb = (async () => {
    const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN } = zlib.constants;
    const encoder = zlib.createBrotliCompress({ params: { [BROTLI_PARAM_QUALITY]: 1, [BROTLI_PARAM_LGWIN]: 24 } });
    const chunks: Buffer[] = [];
    encoder.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise((resolve, reject) => {
      encoder.once('end', resolve);
      encoder.once('error', reject);
    });
    const block = Buffer.alloc(16 * 1024 * 1024);
    for (let written = 0; written < size; written += block.length) {
      if (!encoder.write(block.subarray(0, Math.min(block.length, size - written)))) {
        await new Promise((resolve) => encoder.once('drain', resolve));
      }
    }
    encoder.end();
    await done;
    return Buffer.concat(chunks);
  })();
  brotliBombs.set(size, bomb);
  return bomb;
}
