import type { Collector } from './findings.ts';
import type { Segments } from './path.ts';

/** A name as lookups compare it: case, accents, spaces and punctuation folded away ("Écosystème & co." → "ecosystemeco"). */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface NamedEntry {
  readonly at: Segments;
  readonly names: readonly { at: Segments; text: string }[];
}

/** Reports names or aliases of different entries that fold to the same lookup key. */
export function reportAmbiguousNames(out: Collector, entries: readonly NamedEntry[], kind: string): void {
  const owners = new Map<string, { entry: NamedEntry; at: Segments; text: string }>();
  for (const entry of entries) {
    for (const { at, text } of entry.names) {
      const key = foldName(text);
      if (key === '') continue;
      const owner = owners.get(key);
      if (owner === undefined) owners.set(key, { entry, at, text });
      else if (owner.entry !== entry) {
        out.add(at, `${kind} name "${text}" is ambiguous: it matches "${owner.text}" at ${out.pathOf(owner.at)} once case, accents and punctuation are ignored`);
      }
    }
  }
}
