import { createHash } from 'node:crypto';

/** The first `length` base-36 characters of the SHA-256 of `text`: the one hash behind run ids and nonces. */
export function base36Hash(text: string, length: number): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return BigInt(`0x${hex.slice(0, 32)}`).toString(36).padStart(length, '0').slice(0, length);
}
