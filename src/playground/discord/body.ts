import type { IncomingMessage } from 'node:http';

/** An uploaded file of a multipart request: `files[n]` in discord.js's numbering. */
export interface UploadedFile {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface RequestBody {
  readonly json: Record<string, unknown>;
  readonly files: readonly UploadedFile[];
}

/** Bigger than any message discord.js sends here (charts are tens of kB); larger bodies are refused. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

export async function readRaw(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A REST body as discord.js sends it: JSON, or multipart with `payload_json` and `files[n]`. */
export async function readBody(request: IncomingMessage): Promise<RequestBody> {
  const raw = await readRaw(request);
  const type = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { json: {}, files: [] };
  if (!type.startsWith('multipart/form-data')) return { json: asObject(JSON.parse(raw.toString('utf8'))), files: [] };
  // The platform's own multipart parser (undici), rather than one of ours.
  const form = await new Request('http://playground.invalid/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
  const payload = form.get('payload_json');
  const files: UploadedFile[] = [];
  for (const [name, value] of form.entries()) {
    const index = /^files\[(\d+)\]$/.exec(name)?.[1];
    if (index === undefined || typeof value === 'string') continue;
    files.push({ index: Number(index), filename: value.name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
  }
  return { json: typeof payload === 'string' ? asObject(JSON.parse(payload)) : {}, files };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
