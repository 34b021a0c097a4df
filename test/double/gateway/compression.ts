import { constants, createDeflate, type Deflate } from 'node:zlib';

/** Encodes outgoing gateway payloads: plain JSON text, or one shared zlib stream flushed per payload (`compress=zlib-stream`). */
export interface PayloadEncoder {
  encode(json: string): Promise<string | Buffer>;
  close(): void;
}

export function createPayloadEncoder(compress: 'zlib-stream' | null): PayloadEncoder {
  if (compress === null) return { encode: async (json) => json, close: () => undefined };
  const deflate = createDeflate();
  return {
    encode: (json) => flushThrough(deflate, json),
    close: () => deflate.close(),
  };
}

/** Each payload ends with Z_SYNC_FLUSH, so the frame ends in 00 00 FF FF as clients expect. */
function flushThrough(deflate: Deflate, json: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    deflate.write(json, (error) => {
      if (error) reject(error);
    });
    deflate.flush(constants.Z_SYNC_FLUSH, () => {
      const chunks: Buffer[] = [];
      let chunk: unknown;
      while ((chunk = deflate.read()) !== null) chunks.push(chunk as Buffer);
      resolve(Buffer.concat(chunks));
    });
  });
}
