import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from '../messages.ts';

/** A request body as routes see it. */
export interface ParsedBody {
  readonly body: unknown;
  readonly files: readonly UploadedFile[];
  readonly invalidJson: boolean;
}

export async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: null, files: [], invalidJson: false };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return readMultipart(raw, contentType);
  const text = raw.toString('utf8');
  if (!contentType.startsWith('application/json')) return { body: text, files: [], invalidJson: false };
  try {
    return { body: JSON.parse(text), files: [], invalidJson: false };
  } catch {
    return { body: text, files: [], invalidJson: true };
  }
}

async function readMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const files: UploadedFile[] = [];
  let body: unknown = null;
  let invalidJson = false;
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      files.push({ field, name: value.name, size: value.size, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    } else if (field === 'payload_json') {
      try {
        body = JSON.parse(value);
      } catch {
        invalidJson = true;
      }
    }
  }
  return { body, files, invalidJson };
}
