import type { HostileCase } from './case-types.ts';
import { DOCUMENT_CASES } from './cases-documents.ts';
import { ENCODING_CASES } from './cases-encoding.ts';
import { MARKUP_CASES } from './cases-markup.ts';
import { TRANSPORT_CASES } from './cases-transport.ts';

export type { HostileCase } from './case-types.ts';

/** Every hostile case, grouped: the wire, encodings, documents that are not (whole) feeds, markup. */
export const HOSTILE_CASES: readonly HostileCase[] = [...TRANSPORT_CASES, ...ENCODING_CASES, ...DOCUMENT_CASES, ...MARKUP_CASES];
