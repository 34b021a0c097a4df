import type { DataFileName } from '../schema/index.ts';
import { closest } from './closest.ts';
import type { Collector } from './findings.ts';
import type { Segments } from './path.ts';

export interface Ref {
  readonly at: Segments;
  readonly id: string;
}

export function listRefs(at: Segments, ids: readonly string[] | undefined): Ref[] {
  return (ids ?? []).map((id, i) => ({ at: [...at, i], id }));
}

export function prefixed(index: number, refs: readonly Ref[]): Ref[] {
  return refs.map((r) => ({ at: [index, ...r.at], id: r.id }));
}

export function firstById<T extends { id: string }>(entries: readonly T[]): Map<string, T> {
  const byId = new Map<string, T>();
  for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
  return byId;
}

export function reportDuplicateIds(out: Collector, entries: readonly { id: string; at: Segments }[]): void {
  const first = new Map<string, Segments>();
  for (const { id, at } of entries) {
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, at);
    else out.add([...at, 'id'], `duplicate id "${id}": already used at ${out.pathOf(earlier)}`);
  }
}

/** Reports each reference to an id missing from `known`, suggesting the closest existing id. */
export function reportUnknown(out: Collector, refs: readonly Ref[], known: ReadonlyMap<string, unknown>, kind: string, file: DataFileName): void {
  for (const { at, id } of refs) {
    if (known.has(id)) continue;
    const guess = closest(id, known.keys());
    out.add(at, `unknown ${kind} "${id}" (not in ${file}${guess === undefined ? '' : `; did you mean "${guess}"?`})`);
  }
}
