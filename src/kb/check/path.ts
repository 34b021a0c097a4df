/** Keys and array indexes leading from a data file's root to a value. */
export type Segments = readonly (string | number)[];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Formats a path inside a data file, JSONPath-like from the file's root, without a leading `$`:
 * `[3] (id "aws-lab").people.count`, `usDynamics[1] (id "alignment").title.fr`, `[0].aliases["odd key"]`.
 * An array entry that is an object with a string `id` is followed by ` (id "…")`, read from `root`.
 * The empty path (`""`) stands for the whole file.
 */
export function formatPath(root: unknown, segments: readonly PropertyKey[]): string {
  let out = '';
  let node = root;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      node = Array.isArray(node) ? (node as unknown[])[segment] : undefined;
      out += `[${segment}]`;
      if (isRecord(node) && typeof node.id === 'string') out += ` (id ${JSON.stringify(node.id)})`;
    } else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
      node = isRecord(node) ? node[key] : undefined;
    }
  }
  return out;
}
